from django_tasks import task

from . import services


@task()
def expire_stale_checkouts(payment_ids):
    """After a publish, a withdrawal or a deletion of their invoices: close the Checkout
    pages of ``payment_ids`` that no longer match their invoice."""
    return services.expire_stale_checkouts(payment_ids)
