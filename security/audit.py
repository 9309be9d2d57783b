"""The audit trail, in Wagtail's audit log: who did what, when, and from which address.

Entries go to Wagtail's ModelLogEntry, so firm admins read them in the back office
(Reports → Site history), beside Wagtail's own (edits, publishes). ``data`` holds ids,
names and the address: never a password, a token or a file's content.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import ModelLogEntry

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
    "espace.publish": (_("Sharing"), _("Published a dossier for its clients")),
    "espace.two_factor": (_("Two-factor authentication"), _("Changed two-factor authentication")),
}


def record(action, instance=None, *, user=None, label=None, **data):
    """Write one audit entry; the current request (if any) gives the user and the address."""
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
    # request.user is a lazy proxy: its _meta and pk are the real user's.
    model = instance._meta.model if instance is not None else get_user_model()
    return ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        # "0" when there is no object (a login failure for an unknown identifier).
        object_id=str(instance.pk) if instance is not None else "0",
        label=(label or str(instance or ""))[:255],
        action=action,
        data=data,
        user_id=user.pk if user is not None else None,
        timestamp=timezone.now(),
    )
