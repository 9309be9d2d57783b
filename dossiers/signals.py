from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import published

from clients.models import User
from clients.services import CONTACT_CHANGE_ALERT, contact_change_requested
from notifications.services import queue_email
from portal_pages.cache import invalidate

from . import services
from .models import ITEM_MODELS, Deposit, Dossier, DossierAccess, Message, Reply

# What the client's cached pages (the cards, portal.Summaries, and whole pages,
# portal_pages.cache.cached_page) are made of.
PAGE_MODELS = (Dossier, DossierAccess, *ITEM_MODELS.values(), Deposit, Message, Reply)


@receiver(published, dispatch_uid="dossiers.record_publication")
def _record_publication(sender, instance, revision=None, **kwargs):
    """A dossier or an item published one at a time (the editor, a scheduled publish):
    its clients are told in the publish's transaction (the editors' views make it one)."""
    # A publish scheduled for later sends this signal too, with the object not live yet:
    # it is told when it goes live (publish_scheduled publishes again).
    if not instance.live:
        return
    if sender is Dossier:
        services.record_dossier_publication(instance, by=getattr(revision, "user", None))
    elif sender in ITEM_MODELS.values():
        services.record_item_publication(instance)


@receiver(contact_change_requested, dispatch_uid="dossiers.tell_interlocutors")
def _tell_interlocutors(sender, change, **kwargs):
    """A client asked to change their contact details: each lawyer of their dossiers hears."""
    lawyer_ids = Dossier.objects.visible_to(change.client).values("interlocutor_id")
    for lawyer in User.objects.filter(pk__in=lawyer_ids, is_active=True):
        queue_email(CONTACT_CHANGE_ALERT, lawyer.email, user=lawyer, context={"request": change.pk})


@receiver(post_save, dispatch_uid="dossiers.cards_saved")
@receiver(post_delete, dispatch_uid="dossiers.cards_deleted")
def _pages_changed(sender, **kwargs):
    """A dossier, an access, an item, a deposit or a message changed: the client's cached
    cards and pages are made again."""
    if issubclass(sender, PAGE_MODELS):
        invalidate()
