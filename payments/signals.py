from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import published

from dossiers.models import Dossier
from portal_pages.cache import invalidate

from .models import Payment
from .tasks import expire_stale_checkouts


@receiver(published, sender=Dossier, dispatch_uid="payments.expire_stale_checkouts")
def _expire_stale_checkouts(sender, instance, **kwargs):
    if Payment.objects.filter(status=Payment.Status.PENDING, invoice__dossier=instance).exists():
        transaction.on_commit(expire_stale_checkouts.enqueue)


@receiver(post_save, sender=Payment, dispatch_uid="payments.pages_saved")
@receiver(post_delete, sender=Payment, dispatch_uid="payments.pages_deleted")
def _payment_changed(sender, **kwargs):
    """An invoice's payment shows on the client's pages (cached whole): they are redone."""
    invalidate()
