import datetime

from django.core import mail
from django.utils import timezone

from notifications import delivery
from notifications.models import OutgoingEmail


def send_due_emails(skip_quiet_period=True):
    """What the worker does when it wakes: send every due email (after the quiet period)."""
    if skip_quiet_period:
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED).update(
            send_after=timezone.now() - datetime.timedelta(seconds=1)
        )
    return delivery.deliver_due(worker="test")[0]


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def html_of(message):
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")
