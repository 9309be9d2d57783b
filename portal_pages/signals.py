from django.db.models.signals import post_migrate
from django.dispatch import receiver

from .setup import ensure_portal_pages


@receiver(post_migrate, dispatch_uid="portal_pages.ensure_portal_pages")
def _ensure_portal_pages(sender, **kwargs):
    if sender.name == "portal_pages":
        ensure_portal_pages()
