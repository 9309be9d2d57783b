"""Sending: render an outbox row and send it, once, whoever else is trying.

``deliver`` claims one email with a conditional UPDATE (so that two workers never send
the same row), renders it (links and temporary passwords are made now, never stored),
sends it through Django's email API and records the outcome; a failure is queued again
with exponential backoff, up to EMAIL_MAX_ATTEMPTS, then kept as failed for the firm to
resend. The worker's task (``tasks.deliver_due_emails``) calls ``deliver_due``.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Min, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation

from common.links import absolute_url
from portal_pages.models import FirmSettings

from .models import OutgoingEmail
from .registry import get_kind

logger = logging.getLogger(__name__)

Status = OutgoingEmail.Status


def retry_delay(attempts):
    base = settings.EMAIL_RETRY_BASE_DELAY
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def render(email, common=None):
    """The message for ``email``, or None when its builder has nothing left to say."""
    kind = get_kind(email.kind)
    with translation.override(settings.LANGUAGE_CODE):
        context = kind.build(email)
        if context is None:
            return None
        context = {**(common or base_context()), **context, "email": email}
        # A builder may add headers of its own (e.g. List-Unsubscribe for a newsletter-like
        # email); the outbox knows nothing of what they mean.
        headers = {**context.get("email_headers", {}), "Message-ID": email.message_id}
        # A builder may choose a variant of its kind's templates for this recipient.
        template = context.get("email_template", kind.template)
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def base_context():
    return {"firm": FirmSettings.current(), "portal_url": absolute_url("/")}


def deliver(email_id, worker="", common=None):
    """Send one email if it is due and nobody else is sending it. Returns its new status."""
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, status=Status.QUEUED, send_after__lte=now
    ).update(
        status=Status.SENDING,
        claimed_at=now,
        claimed_by=worker[:64],
        attempts=F("attempts") + 1,
        first_attempted_at=Coalesce("first_attempted_at", Value(now)),
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
    if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        status, send_after = Status.FAILED, email.send_after
    else:
        status, send_after = Status.QUEUED, timezone.now() + retry_delay(email.attempts)
    _claimed(email).update(
        status=status, send_after=send_after, claimed_at=None, last_error=description
    )
    return status


def deliver_due(worker="", limit=500):
    """Send the emails that are due, oldest first.

    Returns how many were attempted, whether more are due than one batch takes, and when
    the earliest of those that failed is to be tried again (None if none failed).
    """
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
    retry_at = OutgoingEmail.objects.filter(pk__in=ids, status=Status.QUEUED).aggregate(
        first=Min("send_after")
    )["first"]
    return len(ids), len(ids) == limit, retry_at
