"""« Mon activité »: what the firm shared with the client, and what the client did.

Read from the audit trail (security.audit: logins with the browser, downloads, deposits,
messages, payments...) and from the shared items the client may see (through the one
access gate). Only the client's own entries: never another client's.
"""

from dataclasses import dataclass
from itertools import chain

from django.utils.translation import gettext as _
from ua_parser import parse
from wagtail.models import ModelLogEntry

from dossiers.models import ITEM_MODELS
from security.audit import ACTIONS

# The audit actions a client's own activity is made of.
CLIENT_ACTIONS = [
    "espace.login",
    "espace.logout",
    "espace.download",
    "espace.deposit",
    "espace.message",
    "espace.contact_change",
    "espace.payment",
    "espace.payment_received",
    "espace.two_factor",
    "espace.login_link",
    "espace.unlock_link",
    "espace.password_changed",
    "espace.email_confirmed",
    "espace.email_change_undone",
    "espace.unsubscribe",
    "espace.calendar_feed",
]


def device(user_agent):
    """« Chrome sur Windows », « Mobile Safari sur iOS (iPhone) »: approximate, on purpose."""
    if not user_agent:
        return _("unknown device")
    result = parse(user_agent)
    browser = result.user_agent.family if result.user_agent else _("unknown browser")
    if result.os is None:
        return browser
    system = result.os.family
    if result.device and result.device.family not in ("Other", "Mac"):
        system = f"{system} ({result.device.family})"
    return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}


@dataclass
class Entry:
    when: object
    what: str
    detail: str


def actions_of(client):
    """The client's own entries in the audit trail, newest first (a queryset to paginate)."""
    return ModelLogEntry.objects.filter(user_id=client.pk, action__in=CLIENT_ACTIONS).order_by(
        "-timestamp", "-pk"
    )


def describe(entry):
    what = str(ACTIONS[entry.action][1])
    if entry.action == "espace.login":
        detail = device(entry.data.get("user_agent", ""))
    else:
        detail = entry.label
    return Entry(entry.timestamp, what, detail)


def shares_of(client, limit):
    """The newest items shared with the client (when clients could first see each), all kinds."""
    items = [
        model.objects.visible_to(client)
        .filter(shared_at__isnull=False)
        .select_related("dossier")
        .order_by("-shared_at", "-pk")[:limit]
        for model in ITEM_MODELS.values()
    ]
    newest = sorted(chain(*items), key=lambda item: item.shared_at, reverse=True)
    return [
        Entry(item.shared_at, str(item.category.label), f"{item} · {item.dossier}")
        for item in newest[:limit]
    ]
