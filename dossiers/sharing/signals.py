"""What the client's cached pages (the cards, ``portal.screens.Summaries``, and whole
pages, ``portal_pages.cache.cached_page``) are made of, on the sharing side: a dossier,
its accesses, and the items, which reach the pages only through a publish or a
withdrawal (a draft saved changes nothing a client sees), said by their own signals."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal_pages.cache import invalidate

from .models import Dossier, DossierAccess
from .publishing import items_shared, items_withdrawn


@receiver(post_save, sender=Dossier, dispatch_uid="dossiers.dossier_saved")
@receiver(post_delete, sender=Dossier, dispatch_uid="dossiers.dossier_deleted")
@receiver(post_save, sender=DossierAccess, dispatch_uid="dossiers.access_saved")
@receiver(post_delete, sender=DossierAccess, dispatch_uid="dossiers.access_deleted")
def _dossier_changed(sender, **kwargs):
    """A dossier or an access changed: the client's cached cards and pages are made again."""
    invalidate()


@receiver(items_shared, dispatch_uid="dossiers.pages_shared")
@receiver(items_withdrawn, dispatch_uid="dossiers.pages_withdrawn")
def _items_changed(sender, **kwargs):
    """Items were published, withdrawn or deleted: the client's pages are made again."""
    invalidate()
