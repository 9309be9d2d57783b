"""« Le partage de nouveaux éléments »: one email per client for what was newly shared.

What was shared is recorded once, on the items (``SharedItem.shared_at``), never per
client: a publish of N items to C clients writes N dates and at most C emails. Each
client of the dossier who may see one of the newly shared categories gets a pending
digest email (one per client, found or created in bulk by the outbox,
``notifications.gathering``); its context says from when (``since``) it gathers.
Publishes close together (within NOTIFICATION_QUIET_PERIOD seconds of each other) land
in the same digest, whose sending is pushed back each time, at most up to five quiet
periods after the first one; a daily digest goes at the client's hour instead. Only a
new digest asks the worker for a delivery (a pushed-back one is picked up by the
worker's sweep once due), so there is one delivery task per client per quiet period,
not one per publish.

When it goes, the digest works out from what the client may see then (``visible_to``,
one query) which items were shared between its ``since`` and its first attempt: an item withdrawn
meanwhile is not announced, and the next digest starts where this one stopped. It says
the type and number of items and their dossiers; never a title, never a file.
"""

import datetime

from django.db.models import CharField, Count, Value
from django.dispatch import receiver
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from clients.emails import first_connection
from clients.models import User
from clients.services import notifications_changed, unsubscribe_url
from notifications.gathering import gather_each, quiet_period, reschedule
from notifications.registry import email_kind
from portal_pages.models import FirmSettings

from .models import Category, Dossier, DossierAccess
from .publishing import items_shared

SHARE_DIGEST = "share_digest"


@receiver(items_shared, dispatch_uid="dossiers.announcements.announce")
def _announce(sender, dossier_id, newly_shared, now, **kwargs):
    """Items seen for the first time go in their clients' digests."""
    announce(dossier_id, [model.category.value for model in newly_shared], now)


def announce(dossier_id, categories, now):
    """Items of ``categories`` were just shared in dossier ``dossier_id`` (``shared_at`` =
    ``now``): each client of the dossier who may see one of them gets them in their
    pending digest. A constant number of queries, whatever the number of items or clients.
    """
    if not categories:
        return []
    accesses = DossierAccess.objects.filter(
        dossier_id=dossier_id, client__is_active=True
    ).select_related("client")
    clients = [
        access.client
        for access in accesses
        if access.client.notifications != User.Notifications.ESSENTIAL
        and any(getattr(access, Category(c).access_field) for c in categories)
    ]
    return pending_digests(clients, now)


def pending_digests(clients, now):
    """Each client's digest that has not gone yet, pushed back, or a new one: in bulk. A
    client who chose the daily summary gets it at their hour, not pushed back."""

    def daily_time(client):
        if client.notifications == User.Notifications.DAILY:
            return next_daily_time(client, now)
        return None

    return gather_each(
        SHARE_DIGEST, clients, now, context={"since": now.isoformat()}, fixed_time=daily_time
    )


def next_daily_time(client, now):
    """The next time the client's daily summary goes: today at their hour, or tomorrow."""
    local = timezone.localtime(now)
    at = local.replace(hour=client.digest_hour, minute=0, second=0, microsecond=0)
    return at if at > local else at + datetime.timedelta(days=1)


@receiver(notifications_changed, dispatch_uid="dossiers.reschedule_digest")
def reschedule_digest(sender, client, **kwargs):
    """The client changed their choice: a digest on its way follows it (or is dropped)."""
    now = timezone.now()
    if client.notifications == User.Notifications.ESSENTIAL:
        send_after = None
    elif client.notifications == User.Notifications.DAILY:
        send_after = next_daily_time(client, now)
    else:
        send_after = now + quiet_period()
    reschedule(SHARE_DIGEST, client, send_after)


@email_kind(SHARE_DIGEST, "dossiers/emails/share_digest")
def build_share_digest(email):
    client = email.user
    if client is None or not client.is_active:
        return None
    since = parse_datetime(email.context["since"])
    # What was shared until its first attempt: a retry tells the same, and the digest
    # made meanwhile takes over from then.
    until = email.first_attempted_at or timezone.now()
    counts = {}
    dossiers = set()
    for value, reference, short_name, count in shared_counts(client, since, until):
        category = Category(value)
        counts[category] = counts.get(category, 0) + count
        dossiers.add((reference, short_name))
    if not counts:
        return None
    shared = {
        "lines": [
            category.count_label(counts[category]) for category in Category if category in counts
        ],
        "dossiers": [Dossier.label(*dossier) for dossier in sorted(dossiers)],
    }
    if client.last_login is None:
        # Never logged in: a "log in to see them" email would lead nowhere. This is their
        # first-connection email instead, with a way in and what was shared.
        User.objects.filter(pk=client.pk).update(invited_at=timezone.now())
        return {
            **first_connection(client, FirmSettings.current().first_connection),
            **shared,
            "email_template": "dossiers/emails/share_invitation",
        }
    unsubscribe = unsubscribe_url(client)
    return {
        "client": client,
        "unsubscribe_url": unsubscribe,
        # One click in the mail app switches to « seulement l'essentiel » (RFC 8058).
        "email_headers": {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        **shared,
    }


def shared_counts(client, since, until):
    """(category, dossier reference, short name, count) of the items ``client`` may see
    that were shared between ``since`` and ``until``: one query for the four kinds."""
    queries = [
        category.model.objects.visible_to(client)
        .filter(shared_at__gte=since, shared_at__lte=until)
        .order_by()
        .annotate(category=Value(category.value, output_field=CharField()))
        .values_list("category", "dossier__reference", "dossier__short_name")
        .annotate(count=Count("pk"))
        for category in Category
    ]
    return queries[0].union(*queries[1:], all=True)
