from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import invalidate
from .models import FirmSettings
from .setup import ensure_portal_pages


@receiver(post_migrate, dispatch_uid="portal_pages.ensure_portal_pages")
def _ensure_portal_pages(sender, **kwargs):
    if sender.name == "portal_pages":
        ensure_portal_pages()
        invalidate()


# What the cached set-up (cache.py) is made of: the firm's settings, the sites, the
# pages (the portal's texts, the help's address) and the logo's image.
CACHED_MODELS = (FirmSettings, Site, Page, get_image_model())


@receiver(post_save, dispatch_uid="portal_pages.saved")
@receiver(post_delete, dispatch_uid="portal_pages.deleted")
def _setup_changed(sender, **kwargs):
    if issubclass(sender, CACHED_MODELS):
        invalidate()


@receiver(page_published, dispatch_uid="portal_pages.published")
@receiver(page_unpublished, dispatch_uid="portal_pages.unpublished")
@receiver(post_page_move, dispatch_uid="portal_pages.moved")
def _page_changed(sender, **kwargs):
    invalidate()
