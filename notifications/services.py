"""Queue and recover: how every email enters the outbox and is never lost.

``queue_email`` records an email in the caller's transaction and asks the worker to
send it once that transaction commits: a rolled-back change sends nothing. Sending and
retrying is ``delivery``'s; ``recover`` puts back what a dead worker left half done.
``run_periodic`` is the worker's clock for the apps' periodic jobs.
"""

import datetime
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import OutgoingEmail
from .registry import get_kind, registered_periodic
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


def run_periodic(now=None, worker=""):
    """Run each registered periodic job (``registry.register_periodic``) whose period has
    begun and that no worker ran in it yet: once per period across all the workers, which
    claim the period in the cache they share (Redis, or the database's). A job that
    fails is logged and tried again in its next period. Returns the names of those run."""
    now = time.time() if now is None else now
    ran = []
    for job in registered_periodic():
        period = int(now // job.every)
        if not cache.add(f"periodic:{job.name}:{period}", worker or "worker", job.every * 2):
            continue
        try:
            job.run()
        except Exception:  # noqa: BLE001 - one job's trouble must not stop the others
            logger.exception("Periodic job %s failed; it runs again in its next period", job.name)
        ran.append(job.name)
    return ran
