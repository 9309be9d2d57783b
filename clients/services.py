"""Account operations with side effects (emails), each in one transaction."""

from django.db import transaction
from django.utils import timezone

from notifications.services import queue_email

from .models import User

INVITATION = "invitation"
PASSWORD_RESET = "password_reset"  # noqa: S105 - an email kind, not a secret


@transaction.atomic
def invite_client(client):
    """Send the client the portal's address, their identifier and a way in.

    The way in (an activation link, or a temporary password, as the firm chooses in its
    settings) is made when the email is sent, so that it is never stored.
    """
    from portal_pages.models import FirmSettings

    method = FirmSettings.current().first_connection
    User.objects.filter(pk=client.pk).update(invited_at=timezone.now())
    return queue_email(INVITATION, client.email, user=client, context={"method": method})


def find_account(email):
    email = User.objects.normalize_email(email)
    return User.objects.filter(email=email, is_active=True).first() if email else None


@transaction.atomic
def request_password_reset(email):
    """Email a reset link if the account exists; say nothing either way.

    An account that was never activated gets a new invitation instead, which serves
    the same purpose (choosing a password) with the 72-hour validity of a first link.
    """
    user = find_account(email)
    if user is None or user.is_staff:
        return None
    if not user.has_usable_password():
        return invite_client(user)
    return queue_email(PASSWORD_RESET, user.email, user=user)
