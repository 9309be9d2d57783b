from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from clients.models import User
from clients.services import CONTACT_CHANGE_ALERT, contact_change_requested
from notifications.services import queue_email
from portal_pages.cache import invalidate

from .models import Deposit, Dossier, DossierAccess, Message, Reply
from .sharing.publishing import items_shared, items_withdrawn

# What the client's cached pages (the cards, portal.Summaries, and whole pages,
# portal_pages.cache.cached_page) are made of, besides the shared items: those reach the
# pages only through a publish or a withdrawal (a draft saved changes nothing a client
# sees), which say so with their own signals, below.
PAGE_MODELS = (Dossier, DossierAccess, Deposit, Message, Reply)


@receiver(contact_change_requested, dispatch_uid="dossiers.tell_interlocutors")
def _tell_interlocutors(sender, change, **kwargs):
    """A client asked to change their contact details: each lawyer of their dossiers hears."""
    lawyer_ids = Dossier.objects.visible_to(change.client).values("interlocutor_id")
    for lawyer in User.objects.filter(pk__in=lawyer_ids, is_active=True):
        queue_email(CONTACT_CHANGE_ALERT, lawyer.email, user=lawyer, context={"request": change.pk})


@receiver(post_save, dispatch_uid="dossiers.cards_saved")
@receiver(post_delete, dispatch_uid="dossiers.cards_deleted")
def _pages_changed(sender, **kwargs):
    """A dossier, an access, a deposit or a message changed: the client's cached cards
    and pages are made again."""
    if issubclass(sender, PAGE_MODELS):
        invalidate()


@receiver(items_shared, dispatch_uid="dossiers.pages_shared")
@receiver(items_withdrawn, dispatch_uid="dossiers.pages_withdrawn")
def _items_changed(sender, **kwargs):
    """Items were published, withdrawn or deleted: the client's pages are made again."""
    invalidate()
