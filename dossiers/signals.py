from django.dispatch import receiver
from wagtail.signals import published

from . import services
from .models import Dossier


@receiver(published, sender=Dossier, dispatch_uid="dossiers.record_publication")
def _record_publication(sender, instance, revision=None, **kwargs):
    services.record_publication(instance, by=getattr(revision, "user", None))
