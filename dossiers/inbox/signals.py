"""The inbox's side of the client's cached pages (what they sent and the answers), and
the lawyers told of a client's contact change request."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from clients.models import User
from clients.services import CONTACT_CHANGE_ALERT, contact_change_requested
from notifications.services import queue_email
from portal_pages.cache import invalidate

from ..sharing.models import Dossier
from .models import Deposit, Message, Reply


@receiver(post_save, sender=Deposit, dispatch_uid="dossiers.deposit_saved")
@receiver(post_delete, sender=Deposit, dispatch_uid="dossiers.deposit_deleted")
@receiver(post_save, sender=Message, dispatch_uid="dossiers.message_saved")
@receiver(post_delete, sender=Message, dispatch_uid="dossiers.message_deleted")
@receiver(post_save, sender=Reply, dispatch_uid="dossiers.reply_saved")
@receiver(post_delete, sender=Reply, dispatch_uid="dossiers.reply_deleted")
def _sent_changed(sender, **kwargs):
    """A deposit, a message or an answer changed: the client's pages are made again."""
    invalidate()


@receiver(contact_change_requested, dispatch_uid="dossiers.tell_interlocutors")
def _tell_interlocutors(sender, change, **kwargs):
    """A client asked to change their contact details: each lawyer of their dossiers hears."""
    lawyer_ids = Dossier.objects.visible_to(change.client).values("interlocutor_id")
    for lawyer in User.objects.filter(pk__in=lawyer_ids, is_active=True):
        queue_email(CONTACT_CHANGE_ALERT, lawyer.email, user=lawyer, context={"request": change.pk})
