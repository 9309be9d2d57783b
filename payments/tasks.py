from django_tasks import task

from . import services


@task()
def expire_stale_checkouts():
    """After a publish: close Checkout pages whose invoice changed meanwhile."""
    return services.expire_stale_checkouts()
