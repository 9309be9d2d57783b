"""Account operations with side effects (emails), each in one transaction."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _

from common.links import absolute_url
from notifications.services import queue_email
from portal_pages.models import FirmSettings
from security.audit import record

from .models import CONTACT_FIELDS, ContactChangeRequest, User

INVITATION = "invitation"
PASSWORD_RESET = "password_reset"  # noqa: S105 - an email kind, not a secret
TWO_FACTOR_CHANGED = "two_factor_changed"


@transaction.atomic
def invite_client(client):
    """Send the client the portal's address, their identifier and a way in.

    The way in (an activation link, or a temporary password, as the firm chooses in its
    settings) is made when the email is sent, so that it is never stored.
    """
    method = FirmSettings.current().first_connection
    User.objects.filter(pk=client.pk).update(invited_at=timezone.now())
    record("espace.invitation", client, method=method)  # by whoever the request is
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
    record("espace.reset_requested", user, user=user)
    return queue_email(PASSWORD_RESET, user.email, user=user)


UNLOCK_LINK = "unlock_link"


def account_of_link(uidb64):
    """The active account an emailed link's ``uidb64`` names, or None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def request_unlock_link(email):
    """From the lockout page: email the account's owner a link that lets their browser
    past the lockout (``security.throttle.unlock``); say nothing either way."""
    user = find_account(email)
    if user is None or not user.has_usable_password():
        return None
    return queue_email(UNLOCK_LINK, user.email, user=user)


CONTACT_CHANGE_ALERT = "contact_change_alert"
# Sent inside request_contact_change's transaction, with ``change``: whoever must be told
# (the client's lawyers) queues its emails then.
contact_change_requested = Signal()
CONTACT_CHANGE_DECIDED = "contact_change_decided"
EMAIL_CHANGE_CONFIRMATION = "email_change_confirmation"
# To the former address of a login email being changed, with « Ce n'est pas moi ».
EMAIL_CHANGE_NOTICE = "email_change_notice"


class ChangeRefused(Exception):
    """A contact change request that cannot be applied, with the sentence that says why."""


@transaction.atomic
def request_contact_change(client, values):
    """Record (or replace) the client's pending request, and tell their lawyers."""
    change = (
        ContactChangeRequest.objects.select_for_update()
        .filter(client=client, status=ContactChangeRequest.Status.PENDING)
        .first()
    ) or ContactChangeRequest(client=client)
    for field, value in values.items():
        setattr(change, field, value)
    change.save()
    record("espace.contact_change", change, user=client)
    # The client's lawyers are the dossiers' business: they listen, and email each of them.
    contact_change_requested.send(sender=ContactChangeRequest, change=change)
    return change


def withdraw_contact_change(change):
    """The client sent back their current details: the pending request has no object left."""
    ContactChangeRequest.objects.filter(
        pk=change.pk, status=ContactChangeRequest.Status.PENDING
    ).delete()


@transaction.atomic
def apply_contact_change(change, lawyer):
    """Update the client from the request; a new email waits for its owner's confirmation."""
    change = (
        ContactChangeRequest.objects.select_for_update().select_related("client").get(pk=change.pk)
    )
    if change.status != ContactChangeRequest.Status.PENDING:
        raise ChangeRefused(_("This request was already decided."))
    client = change.client
    if (
        change.changes_email
        and User.objects.filter(email=change.email).exclude(pk=client.pk).exists()
    ):
        raise ChangeRefused(
            _("The proposed email already belongs to another account: reject the request.")
        )
    for field in CONTACT_FIELDS:
        if field != "email":
            setattr(client, field, getattr(change, field))
    client.save()
    change.status = ContactChangeRequest.Status.APPLIED
    change.decided_at = timezone.now()
    change.decided_by = lawyer
    change.previous_email = client.email
    change.save()
    record("espace.contact_change_applied", change, user=lawyer, client=client.pk)
    if change.changes_email:
        _ask_to_confirm_the_new_address(change)
    queue_email(CONTACT_CHANGE_DECIDED, client.email, user=client, context={"request": change.pk})
    return change


def _ask_to_confirm_the_new_address(change):
    """A new login email: its owner confirms it (the link goes there); the former address
    keeps working until then, and is told, with « Ce n'est pas moi »."""
    client = change.client
    queue_email(
        EMAIL_CHANGE_CONFIRMATION, change.email, user=client, context={"request": change.pk}
    )
    queue_email(
        EMAIL_CHANGE_NOTICE, change.previous_email, user=client, context={"request": change.pk}
    )


CLIENT_FIELDS = (*CONTACT_FIELDS, "is_active")


@transaction.atomic
def change_client_by_firm(client, values, lawyer):
    """A lawyer's edit of a client (the back office's form): the contact details and the
    account's state are saved; a new login email follows the portal's rule (it becomes
    the login once its owner confirms it; the former address is told and keeps working
    until then). The audit entry names each field changed, with its old and new value.
    Returns the change waiting for confirmation, or None.
    """
    client = type(client).objects.select_for_update().get(pk=client.pk)
    before = {name: getattr(client, name) for name in CLIENT_FIELDS}
    new_email = User.objects.normalize_email(values.get("email", client.email))
    changed = {
        name: [before[name], values[name]]
        for name in CLIENT_FIELDS
        if name in values and name != "email" and values[name] != before[name]
    }
    for name, (_old, new) in changed.items():
        setattr(client, name, new)
    if changed:
        client.save(update_fields=list(changed))
    pending = None
    if new_email and new_email != client.email:
        changed["email"] = [client.email, new_email]
        pending = ContactChangeRequest.objects.create(
            client=client,
            **{name: getattr(client, name) for name in CONTACT_FIELDS if name != "email"},
            email=new_email,
            status=ContactChangeRequest.Status.APPLIED,
            decided_at=timezone.now(),
            decided_by=lawyer,
            created_by=lawyer,
            previous_email=client.email,
        )
        _ask_to_confirm_the_new_address(pending)
    if changed:
        record(
            "espace.client_changed",
            client,
            user=lawyer,
            changes={name: [str(old), str(new)] for name, (old, new) in changed.items()},
            email_awaits_confirmation=pending is not None,
        )
    if "is_active" in changed and not client.is_active:
        end_sessions(client)
    return pending


def end_sessions(user):
    """Every session of ``user`` ends at its next request (``User.session_epoch``)."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


NOT_ME_SALT = "clients.services.not-me"
NOT_ME_DAYS = 7


def not_me_token(change):
    return signing.dumps({"request": change.pk}, salt=NOT_ME_SALT)


def change_for_not_me(token):
    """The change a « Ce n'est pas moi » link is about, if the link still holds."""
    try:
        payload = signing.loads(token, salt=NOT_ME_SALT, max_age=NOT_ME_DAYS * 24 * 3600)
    except signing.BadSignature as error:
        raise ChangeRefused(_("This link can no longer be used.")) from error
    change = (
        ContactChangeRequest.objects.select_related("client")
        .filter(pk=payload.get("request"), status=ContactChangeRequest.Status.APPLIED)
        .exclude(previous_email="")
        .first()
    )
    if change is None:
        raise ChangeRefused(_("This link can no longer be used."))
    return change


@transaction.atomic
def undo_email_change(token):
    """« Ce n'est pas moi »: the former address is the login again (or stays it), the new
    one can no longer be confirmed, and every session of the account ends. Audited."""
    change = change_for_not_me(token)
    change = ContactChangeRequest.objects.select_for_update().get(pk=change.pk)
    client = type(change.client).objects.select_for_update().get(pk=change.client_id)
    restored = client.email != change.previous_email
    if restored:
        if User.objects.filter(email=change.previous_email).exclude(pk=client.pk).exists():
            raise ChangeRefused(_("This address is already used by another account."))
        client.email = change.previous_email
        client.save(update_fields=["email"])
    change.status = ContactChangeRequest.Status.CANCELLED
    change.save(update_fields=["status"])
    end_sessions(client)
    record(
        "espace.email_change_undone",
        change,
        user=client,
        restored=restored,
        refused=change.email,
    )
    return client


@transaction.atomic
def reject_contact_change(change, lawyer):
    updated = ContactChangeRequest.objects.filter(
        pk=change.pk, status=ContactChangeRequest.Status.PENDING
    ).update(
        status=ContactChangeRequest.Status.REJECTED, decided_at=timezone.now(), decided_by=lawyer
    )
    if not updated:
        raise ChangeRefused(_("This request was already decided."))
    record("espace.contact_change_rejected", change, user=lawyer, client=change.client_id)
    queue_email(
        CONTACT_CHANGE_DECIDED,
        change.client.email,
        user=change.client,
        context={"request": change.pk},
    )


EMAIL_CHANGE_SALT = "clients.services.email-change"


def email_change_token(change):
    return signing.dumps({"request": change.pk, "email": change.email}, salt=EMAIL_CHANGE_SALT)


@transaction.atomic
def confirm_email_change(token):
    """Make the confirmed new address the client's login. Returns the client, or raises."""
    try:
        payload = signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=settings.ACTIVATION_LINK_TIMEOUT
        )
    except signing.BadSignature as error:
        raise ChangeRefused(_("This link can no longer be used.")) from error
    change = (
        ContactChangeRequest.objects.select_for_update()
        .select_related("client")
        .filter(pk=payload.get("request"), email=payload.get("email"))
        .first()
    )
    if change is None or not change.email_awaits_confirmation:
        raise ChangeRefused(_("This link can no longer be used."))
    if User.objects.filter(email=change.email).exclude(pk=change.client_id).exists():
        raise ChangeRefused(_("This address is already used by another account."))
    client = change.client
    client.email = change.email
    client.save(update_fields=["email"])
    change.email_confirmed_at = timezone.now()
    change.save(update_fields=["email_confirmed_at"])
    record(
        "espace.email_confirmed",
        change,
        user=client,
        previous=change.previous_email,
        new=client.email,
    )
    return client


# Sent when a client changes which emails they get, with ``client``: whoever schedules
# those emails (the share digest) follows the new choice.
notifications_changed = Signal()
UNSUBSCRIBE_SALT = "clients.services.unsubscribe"


@transaction.atomic
def set_notifications(client, choice, digest_hour=None):
    client.notifications = choice
    if digest_hour is not None:
        client.digest_hour = digest_hour
    client.save(update_fields=["notifications", "digest_hour"])
    notifications_changed.send(sender=User, client=client)


def unsubscribe_token(client):
    return signing.dumps(client.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(client):
    """The one-click address that switches ``client`` to « seulement l'essentiel »."""
    return absolute_url(reverse("clients:unsubscribe", args=[unsubscribe_token(client)]))


def unsubscriber(token):
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


@transaction.atomic
def record_two_factor_change(account, change, by=None):
    """Write a change of ``account``'s second factor to the audit trail and email its owner.

    ``change`` is "enabled", "replaced", "recovery_codes", "disabled", or "reset" (by a
    firm admin, ``by``): whoever did it, the owner hears of it at once.
    """
    record("espace.two_factor", account, user=by or account, change=change)
    queue_email(
        TWO_FACTOR_CHANGED,
        account.email,
        user=account,
        context={
            "change": change,
            "by": by.pk if by is not None else None,
            "at": timezone.now().isoformat(),
        },
    )


LOGIN_LINK = "login_link"
LOGIN_LINK_SALT = "clients.services.login-link"
LOGIN_LINK_HOURS = 24
# The session that opened a login link, for the login that follows in the same browser.
LOGIN_LINK_OPENED = "login_link_opened_for"


@transaction.atomic
def reset_two_factor(account, by):
    """A firm admin resets ``account``'s second factor (phone and recovery codes lost).

    Its sessions end, and its next login needs, besides the password, the one-time link
    emailed to the account's own address: whoever holds only the password cannot set up
    an authenticator of their own in its place.
    """
    from . import two_factor

    two_factor.disable(account)
    User.objects.filter(pk=account.pk).update(login_link_required_since=timezone.now())
    account.refresh_from_db(fields=["login_link_required_since"])
    end_sessions(account)
    record("espace.two_factor", account, user=by, change="reset")
    queue_email(LOGIN_LINK, account.email, user=account, context={"by": by.pk})


def login_link_token(account):
    since = account.login_link_required_since
    return signing.TimestampSigner(salt=LOGIN_LINK_SALT).sign_object(
        {"account": account.pk, "since": since.isoformat()}
    )


def login_link_account(token):
    """The account a login link opens, if the link is genuine, under a day old, and not
    used yet (a login through it clears ``login_link_required_since``)."""
    try:
        value = signing.TimestampSigner(salt=LOGIN_LINK_SALT).unsign_object(
            token, max_age=LOGIN_LINK_HOURS * 3600
        )
        pk, since = int(value["account"]), value["since"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    account = User.objects.filter(pk=pk, is_active=True).first()
    required = account.login_link_required_since if account is not None else None
    if required is None or required.isoformat() != since:
        return None
    return account


def send_login_link(account):
    queue_email(LOGIN_LINK, account.email, user=account, context={})


def login_link_used(account):
    """The login that followed the link: the password is no longer enough alone again."""
    User.objects.filter(pk=account.pk).update(login_link_required_since=None)
    account.login_link_required_since = None
    record("espace.login_link", account, user=account)
