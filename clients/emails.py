"""The account emails: invitation (first connection) and password reset.

Links and temporary passwords are made here, when the email is sent, and never stored.
"""

import datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from common.links import absolute_url
from common.records import admin_url
from notifications.registry import email_kind
from portal_pages.models import FirmSettings

from .models import UNAMBIGUOUS_CHARS, ContactChangeRequest, User
from .services import (
    CONTACT_CHANGE_ALERT,
    CONTACT_CHANGE_DECIDED,
    EMAIL_CHANGE_CONFIRMATION,
    EMAIL_CHANGE_NOTICE,
    INVITATION,
    LOGIN_LINK,
    LOGIN_LINK_HOURS,
    NOT_ME_DAYS,
    PASSWORD_RESET,
    TWO_FACTOR_CHANGED,
    UNLOCK_LINK,
    email_change_token,
    login_link_token,
    not_me_token,
)
from .tokens import (
    activation_token_generator,
    password_reset_token_generator,
    unlock_token_generator,
)
from .validators import PASSWORD_CHANGED

TEMPORARY_PASSWORD_CHARS = UNAMBIGUOUS_CHARS + "ABCDEFGHJKLMNPQRSTUVWXYZ"


def _link(view_name, user, generator):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return absolute_url(reverse(view_name, args=[uid, generator.make_token(user)]))


@email_kind(INVITATION, "clients/emails/invitation")
def build_invitation(email):
    user = email.user
    if user is None or not user.is_active:
        return None
    return first_connection(user, email.context.get("method"))


def first_connection(user, method):
    """What a first-connection email gives: the identifier and a way in (a fresh activation
    link, or a new temporary password, as the firm chose), made now and never stored."""
    context = {
        "client": user,
        "identifier": user.email,
        "login_url": absolute_url(reverse("clients:login")),
        "activation_hours": settings.ACTIVATION_LINK_TIMEOUT // 3600,
    }
    if method == FirmSettings.FirstConnection.TEMPORARY_PASSWORD:
        password = get_random_string(14, TEMPORARY_PASSWORD_CHARS)
        User.objects.filter(pk=user.pk).update(
            password=make_password(password), must_change_password=True
        )
        context["temporary_password"] = password
    else:
        context["activation_url"] = _link("clients:activate", user, activation_token_generator)
    return context


@email_kind(PASSWORD_RESET, "clients/emails/password_reset")
def build_password_reset(email):
    user = email.user
    if user is None or not user.is_active or not user.has_usable_password():
        return None
    return {
        "client": user,
        "reset_url": _link("clients:password_reset_confirm", user, password_reset_token_generator),
        "hours": settings.PASSWORD_RESET_LINK_TIMEOUT // 3600,
        "login_url": absolute_url(reverse("clients:login")),
    }


def _change_request(email):
    return (
        ContactChangeRequest.objects.filter(pk=email.context.get("request"))
        .select_related("client")
        .first()
    )


@email_kind(CONTACT_CHANGE_ALERT, "clients/emails/contact_change_alert")
def build_contact_change_alert(email):
    change = _change_request(email)
    if change is None or change.status != change.Status.PENDING:
        return None
    return {
        "change": change,
        "client": change.client,
        "admin_url": absolute_url(admin_url(ContactChangeRequest, "inspect", change.pk)),
    }


@email_kind(CONTACT_CHANGE_DECIDED, "clients/emails/contact_change_decided")
def build_contact_change_decided(email):
    change = _change_request(email)
    if change is None or change.status == change.Status.PENDING:
        return None
    return {
        "change": change,
        "client": change.client,
        "applied": change.status == change.Status.APPLIED,
        "account_url": absolute_url(reverse("clients:account")),
    }


@email_kind(EMAIL_CHANGE_CONFIRMATION, "clients/emails/email_change_confirmation")
def build_email_change_confirmation(email):
    change = _change_request(email)
    if change is None or not change.email_awaits_confirmation:
        return None
    return {
        "change": change,
        "client": change.client,
        "confirm_url": absolute_url(
            reverse("clients:confirm_email", args=[email_change_token(change)])
        ),
        "hours": settings.ACTIVATION_LINK_TIMEOUT // 3600,
    }


@email_kind(EMAIL_CHANGE_NOTICE, "clients/emails/email_change_notice")
def build_email_change_notice(email):
    """To the former login address: the login is changing; « Ce n'est pas moi » undoes it.
    It does not say the new address (whoever reads this inbox need not learn it)."""
    change = _change_request(email)
    if change is None or change.status != change.Status.APPLIED:
        return None
    return {
        "change": change,
        "client": change.client,
        "by_firm": change.created_by_id is not None,
        "not_me_url": absolute_url(reverse("clients:not_me", args=[not_me_token(change)])),
        "days": NOT_ME_DAYS,
    }


@email_kind(PASSWORD_CHANGED, "clients/emails/password_changed")
def build_password_changed(email):
    """An essential email: the password changed, and what to do if it was not its owner."""
    account = email.user
    if account is None or not account.is_active:
        return None
    return {
        "account": account,
        "changed_at": datetime.datetime.fromisoformat(email.context["at"]),
        "reset_url": absolute_url(reverse("clients:password_reset")),
        "is_client": account.is_client,
    }


@email_kind(TWO_FACTOR_CHANGED, "clients/emails/two_factor_changed")
def build_two_factor_changed(email):
    account = email.user
    if account is None:
        return None
    by_pk = email.context.get("by")
    return {
        "account": account,
        "change": email.context.get("change"),
        "by": User.objects.filter(pk=by_pk).first() if by_pk else None,
        "changed_at": datetime.datetime.fromisoformat(email.context["at"]),
    }


@email_kind(LOGIN_LINK, "clients/emails/login_link")
def build_login_link(email):
    """After a firm admin reset the second factor: the one-time link the next login needs.
    Made when sent; nothing goes once the account has logged in through a link."""
    account = email.user
    if account is None or not account.is_active or account.login_link_required_since is None:
        return None
    by_pk = email.context.get("by")
    return {
        "account": account,
        "by": User.objects.filter(pk=by_pk).first() if by_pk else None,
        "link_url": absolute_url(reverse("clients:login_link", args=[login_link_token(account)])),
        "hours": LOGIN_LINK_HOURS,
    }


@email_kind(UNLOCK_LINK, "clients/emails/unlock_link")
def build_unlock_link(email):
    """Logins to the account are held back after failed tries: the link lets the owner's
    browser in all the same (password and second factor still asked)."""
    account = email.user
    if account is None or not account.is_active or not account.has_usable_password():
        return None
    return {
        "account": account,
        "unlock_url": _link("clients:unlock", account, unlock_token_generator),
        "minutes": settings.UNLOCK_LINK_TIMEOUT // 60,
    }
