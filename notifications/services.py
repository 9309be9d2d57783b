"""Queue, send, retry: the one path every email takes.

``queue_email`` records an email in the caller's transaction and asks the worker to
send it once that transaction commits: a rolled-back change sends nothing. ``deliver``
claims one email with a conditional UPDATE (so that two workers never send the same
row), renders it, sends it through Django's email API and records the outcome; a
failure is retried with exponential backoff, up to EMAIL_MAX_ATTEMPTS, then kept as
failed for the firm to resend. ``recover`` puts back what a dead worker left half done.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutgoingEmail
from .registry import get_kind

logger = logging.getLogger(__name__)

Status = OutgoingEmail.Status


def _setting(name, default):
    return getattr(settings, name, default)


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
    from .tasks import deliver_due_emails

    def enqueue():
        task = deliver_due_emails
        if when is not None and when > timezone.now():
            task = task.using(run_after=when)
        task.enqueue()

    transaction.on_commit(enqueue)


def retry_delay(attempts):
    base = _setting("EMAIL_RETRY_BASE_DELAY", 30)
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def render(email, common=None):
    """The message for ``email``, or None when its builder has nothing left to say."""
    kind = get_kind(email.kind)
    with translation.override(settings.LANGUAGE_CODE):
        context = kind.build(email)
        if context is None:
            return None
        context = {**(common or base_context()), **context, "email": email}
        subject = " ".join(render_to_string(f"{kind.template}_subject.txt", context).split())
        text = render_to_string(f"{kind.template}.txt", context)
        html = render_to_string(f"{kind.template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient],
        headers={"Message-ID": email.message_id},
    )
    message.attach_alternative(html, "text/html")
    return message


def base_context():
    from portal_pages.models import FirmSettings

    return {"firm": FirmSettings.current(), "portal_url": settings.PORTAL_BASE_URL + "/"}


def deliver(email_id, worker="", common=None):
    """Send one email if it is due and nobody else is sending it. Returns its new status."""
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, status=Status.QUEUED, send_after__lte=now
    ).update(
        status=Status.SENDING, claimed_at=now, claimed_by=worker[:64], attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    email = OutgoingEmail.objects.select_related("user").get(pk=email_id)
    try:
        message = render(email, common)
        if message is None:
            _finish(email, Status.CANCELLED)
            return Status.CANCELLED
        message.send()
    except Exception as error:  # noqa: BLE001 - any failure of a provider is retried
        return _failed(email, error)
    _finish(email, Status.SENT, subject=message.subject, sent_at=timezone.now())
    return Status.SENT


def _claimed(email):
    """This worker's claim on the email: a later update only lands if the claim still holds
    (a worker too slow to finish before its lease ran out must not overwrite another's)."""
    return OutgoingEmail.objects.filter(
        pk=email.pk, status=Status.SENDING, claimed_at=email.claimed_at
    )


def _finish(email, status, **fields):
    _claimed(email).update(status=status, claimed_at=None, last_error="", **fields)


def _failed(email, error):
    description = f"{type(error).__name__}: {error}"[:2000]
    logger.warning(
        "Email %s to %s failed (attempt %s): %s",
        email.pk,
        email.recipient,
        email.attempts,
        description,
    )
    if email.attempts >= _setting("EMAIL_MAX_ATTEMPTS", 80):
        status, send_after = Status.FAILED, email.send_after
    else:
        status, send_after = Status.QUEUED, timezone.now() + retry_delay(email.attempts)
    _claimed(email).update(
        status=status, send_after=send_after, claimed_at=None, last_error=description
    )
    if status == Status.QUEUED:
        schedule_delivery(send_after)
    return status


def deliver_due(worker="", limit=500):
    """Send every email that is due, oldest first; returns how many were attempted."""
    ids = list(
        OutgoingEmail.objects.due()
        .order_by("send_after", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    common = base_context() if ids else None
    for email_id in ids:
        try:
            deliver(email_id, worker=worker, common=common)
        except Exception:  # noqa: BLE001 - one email's trouble must not stop the others
            logger.exception("Email %s could not be delivered; the lease will release it", email_id)
    if len(ids) == limit:
        schedule_delivery()
    return len(ids)


def recover(now=None):
    """Put back emails whose worker died mid-send, and wake the worker for due ones."""
    now = now or timezone.now()
    lease = datetime.timedelta(seconds=_setting("EMAIL_SENDING_LEASE", 600))
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
