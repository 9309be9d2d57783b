from django.dispatch import receiver
from wagtail.signals import published

from . import services
from .models import Dossier


@receiver(published, sender=Dossier, dispatch_uid="dossiers.record_publication")
def _record_publication(sender, instance, revision=None, **kwargs):
    # A publish scheduled for later sends this signal too, with the dossier not live
    # yet: its items are announced when it goes live (publish_scheduled publishes again).
    if instance.live:
        services.record_publication(instance, by=getattr(revision, "user", None))
