from django.db.models.signals import post_migrate
from django.dispatch import receiver

from .roles import ensure_lawyers_group


@receiver(post_migrate, dispatch_uid="clients.ensure_lawyers_group")
def _ensure_lawyers_group(sender, **kwargs):
    ensure_lawyers_group()
