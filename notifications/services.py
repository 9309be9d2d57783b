"""Queue and recover: how every email enters the outbox and is never lost.

``queue_email`` records an email in the caller's transaction and asks the worker to
send it once that transaction commits: a rolled-back change sends nothing. Sending and
retrying is ``delivery``'s; ``recover`` puts back what a dead worker left half done.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import OutgoingEmail
from .registry import get_kind
from .tasks import deliver_due_emails

logger = logging.getLogger(__name__)

Status = OutgoingEmail.Status


def queue_email(kind, recipient, *, user=None, context=None, send_after=None):
    """Record an email to send; it goes once the current transaction commits."""
    get_kind(kind)  # fail early on a typo, not in the worker
    email = OutgoingEmail.objects.create(
        kind=kind,
        recipient=recipient,
        user=user,
        context=context or {},
        send_after=send_after or timezone.now(),
    )
    schedule_delivery(email.send_after)
    return email


def schedule_delivery(when=None):
    """Ask the worker to deliver due emails at ``when``, after the transaction commits."""
    transaction.on_commit(lambda: enqueue_delivery(when))


def enqueue_delivery(when=None):
    task = deliver_due_emails
    if when is not None and when > timezone.now():
        task = task.using(run_after=when)
    task.enqueue()


def recover(now=None):
    """Put back emails whose worker died mid-send, and wake the worker for due ones."""
    now = now or timezone.now()
    lease = datetime.timedelta(seconds=settings.EMAIL_SENDING_LEASE)
    released = OutgoingEmail.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - lease
    ).update(status=Status.QUEUED, send_after=now, claimed_at=None)
    if released:
        logger.warning("Released %s email(s) left half-sent by a stopped worker.", released)
    if OutgoingEmail.objects.due(now).exists():
        schedule_delivery()
    return released


@transaction.atomic
def resend(emails):
    """Queue failed or cancelled emails again (the back office's "Resend")."""
    count = emails.exclude(status__in=[Status.QUEUED, Status.SENDING]).update(
        status=Status.QUEUED, attempts=0, send_after=timezone.now(), last_error=""
    )
    if count:
        schedule_delivery()
    return count
