from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from dossiers.models import Invoice
from dossiers.sharing.publishing import items_shared, items_withdrawn
from portal_pages.cache import invalidate

from .models import Payment
from .tasks import expire_stale_checkouts


@receiver(items_shared, dispatch_uid="payments.invoices_shared")
@receiver(items_withdrawn, dispatch_uid="payments.invoices_withdrawn")
def _invoices_changed(sender, items, **kwargs):
    """An invoice published (its amount or status may have changed), withdrawn or about to
    be deleted: the Checkout pages opened for it are checked, and closed where they no
    longer match it, once the publish commits. Found now, by the invoice, while the
    invoice still exists (a deletion then unlinks its payments)."""
    invoice_ids = items.get(Invoice)
    if not invoice_ids:
        return
    waiting = list(
        Payment.objects.filter(
            invoice_id__in=invoice_ids,
            status=Payment.Status.PENDING,
            checkout_session_id__isnull=False,
        ).values_list("pk", flat=True)
    )
    if waiting:
        transaction.on_commit(lambda: expire_stale_checkouts.enqueue(waiting))


@receiver(post_save, sender=Payment, dispatch_uid="payments.pages_saved")
@receiver(post_delete, sender=Payment, dispatch_uid="payments.pages_deleted")
def _payment_changed(sender, **kwargs):
    """An invoice's payment shows on the client's pages (cached whole): they are redone."""
    invalidate()
