"""The audit trail, in Wagtail's audit log: who did what, when, and from which address.

Entries go to Wagtail's ModelLogEntry, so firm admins read them in the back office
(Reports → Site history), beside Wagtail's own (edits, publishes). ``data`` holds ids,
names and the address: never a password, a token or a file's content. A download's
entry may reach the table a second later, through Redis (``audit_queue``).
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import ModelLogEntry

from . import audit_queue
from .middleware import current_request

ACTIONS = {
    "espace.login": (_("Login"), _("Logged in")),
    "espace.login_failed": (_("Failed login"), _("Failed to log in")),
    "espace.logout": (_("Logout"), _("Logged out (action)")),
    "espace.download": (pgettext_lazy("audit action", "Download"), _("Downloaded a file")),
    "espace.deposit": (pgettext_lazy("audit action", "Deposit"), _("Deposited a document")),
    "espace.message": (_("Message"), _("Sent a message to the interlocutor")),
    "espace.answer": (_("Answer"), _("Answered a client's message")),
    "espace.contact_change": (_("Contact details"), _("Asked to change contact details")),
    "espace.contact_change_applied": (
        _("Contact details applied"),
        _("Applied a contact details change"),
    ),
    "espace.contact_change_rejected": (
        _("Contact details rejected"),
        _("Rejected a contact details change"),
    ),
    "espace.payment": (_("Payment"), _("Payment confirmed by the platform")),
    "espace.payment_received": (
        _("Payment to verify"),
        _("Payment received, being checked by the firm"),
    ),
    "espace.payment_review": (_("Payment decision"), _("Decided on a payment to verify")),
    "espace.publish": (_("Sharing"), _("Published a dossier for its clients")),
    "espace.withdraw": (_("Withdrawal"), _("Withdrew shared items from a dossier")),
    "espace.two_factor": (_("Two-factor authentication"), _("Changed two-factor authentication")),
    "espace.data_export": (_("Data export"), _("Asked for a copy of their data")),
    "espace.export": (_("Export"), _("Exported a listing")),
    "espace.client_changed": (_("Client edited"), _("Edited a client's details")),
    "espace.password_changed": (_("Password changed"), _("Changed their password")),
    "espace.reset_requested": (_("Password reset asked"), _("Asked for a password reset link")),
    "espace.invitation": (_("Invitation"), _("Invited a client to the client area")),
    "espace.two_factor_failed": (
        _("Wrong second-factor code"),
        _("Typed a wrong second-factor code"),
    ),
    "espace.calendar_feed": (
        _("Calendar address"),
        _("Renewed or turned off the calendar address"),
    ),
    "espace.unsubscribe": (_("Unsubscribe"), _("Unsubscribed from the share emails in one click")),
    "espace.lockout_lifted": (_("Lockout lifted"), _("Lifted a login lockout")),
    "espace.staff_on_portal": (
        _("Firm account on the portal"),
        _("Typed a firm account's password on the client portal"),
    ),
    "espace.unlock_link": (
        _("Unlock link"),
        _("Opened an emailed link to log in despite a lockout"),
    ),
    "espace.team": (_("Dossier team"), _("Changed who works on a dossier")),
    "espace.login_link": (_("Login link"), _("Logged in through an emailed one-time link")),
    "espace.email_confirmed": (_("Login email confirmed"), _("Confirmed a new login email")),
    "espace.email_change_undone": (
        _("Login email restored"),
        _("Cancelled a change of login email (« Ce n'est pas moi »)"),
    ),
}


def record(action, instance=None, *, user=None, label=None, queued=False, **data):
    """Write one audit entry; the current request (if any) gives the user and the address.

    ``instance``: what the entry is about, or a ``(model, pk)`` pair when only its id is
    at hand (with a ``label``): a download makes no instance just for its entry.
    ``queued``: for an entry written on every request of a kind (a download's), through
    the Redis queue when it is on (``audit_queue``), else as every other entry.
    """
    assert action in ACTIONS, action
    request = current_request.get()
    if request is not None:
        data.setdefault(
            "ip", getattr(request, "client_ip", None) or request.META.get("REMOTE_ADDR")
        )
        if (
            user is None
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
        ):
            user = request.user
    if isinstance(instance, tuple):
        assert label, "an entry about a (model, pk) pair needs a label"
        model, object_id = instance
    elif instance is not None:
        # request.user is a lazy proxy: its _meta and pk are the real user's.
        model, object_id = instance._meta.model, instance.pk
    else:
        # "0" when there is no object (a login failure for an unknown identifier).
        model, object_id = get_user_model(), 0
    entry = ModelLogEntry(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id=str(object_id),
        label=(label or str(instance or ""))[:255],
        action=action,
        data=data,
        user_id=user.pk if user is not None else None,
        timestamp=timezone.now(),
    )
    if not (queued and audit_queue.push(entry)):
        # One INSERT: Wagtail's save() would clean the entry first, which checks each of
        # its foreign keys with a query (ids from the database here).
        ModelLogEntry.objects.bulk_create([entry])
    return entry


def previous_login(request):
    """When ``request.user`` logged in before this session, from the audit trail (None the
    first time): what « since your last visit » counts from.

    The session's own login is the latest entry at or after its start (``started_at``,
    set at login); the one before is the previous visit. Django's ``last_login`` cannot
    say it: it is overwritten at login, before or after us depending on receivers' order.
    Read once per request.
    """
    if not hasattr(request, "audit_previous_login"):
        entries = ModelLogEntry.objects.filter(action="espace.login", user_id=request.user.pk)
        started_at = request.session.get("started_at") if hasattr(request, "session") else None
        if started_at is not None:
            start = datetime.datetime.fromtimestamp(started_at, tz=datetime.UTC)
            entries = entries.filter(timestamp__lt=start).order_by("-timestamp", "-pk")[:1]
        else:
            entries = entries.order_by("-timestamp", "-pk")[1:2]
        request.audit_previous_login = next(iter(entries.values_list("timestamp", flat=True)), None)
    return request.audit_previous_login
