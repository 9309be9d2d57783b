from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import published

from dossiers.models import Dossier

from .models import Payment
from .tasks import expire_stale_checkouts


@receiver(published, sender=Dossier, dispatch_uid="payments.expire_stale_checkouts")
def _expire_stale_checkouts(sender, instance, **kwargs):
    if Payment.objects.filter(status=Payment.Status.PENDING, invoice__dossier=instance).exists():
        transaction.on_commit(expire_stale_checkouts.enqueue)
