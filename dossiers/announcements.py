"""« Le partage de nouveaux éléments »: one email per client for what was newly shared.

When a publish shares items for the first time, each client of the dossier who may see
their category gets them attached to a pending digest email. Publishes close together
(within NOTIFICATION_QUIET_PERIOD seconds of each other) land in the same digest, whose
sending is pushed back each time, at most up to MAX_DIGEST_DELAY_FACTOR quiet periods
after the first one. When it goes, the digest counts only what the client can still see
(an item unpublished meanwhile is not announced) and says the type and number of items
and their dossiers; never a title, never a file.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.dispatch import receiver
from django.utils import timezone

from clients.emails import first_connection
from clients.models import User
from clients.services import notifications_changed, unsubscribe_url
from notifications.models import OutgoingEmail
from notifications.registry import email_kind
from notifications.services import queue_email, schedule_delivery
from portal_pages.models import FirmSettings

from .models import Announcement, Category, Dossier, DossierAccess

SHARE_DIGEST = "share_digest"
MAX_DIGEST_DELAY_FACTOR = 5


def quiet_period():
    return datetime.timedelta(seconds=settings.NOTIFICATION_QUIET_PERIOD)


def announce(dossier, newly_shared):
    """Attach the newly shared items ({category: [ids]}) to their clients' digests."""
    if not newly_shared:
        return 0
    now = timezone.now()
    accesses = DossierAccess.objects.filter(dossier=dossier, client__is_active=True).select_related(
        "client"
    )
    announcements = []
    for access in accesses:
        categories = [c for c in newly_shared if getattr(access, Category(c).access_field)]
        if not categories or access.client.notifications == User.Notifications.ESSENTIAL:
            continue
        digest = pending_digest(access.client, now)
        announcements += [
            Announcement(
                client=access.client,
                category=category,
                item_id=item_id,
                dossier=dossier,
                email=digest,
            )
            for category in categories
            for item_id in newly_shared[category]
        ]
    # The unique constraint makes "never announced twice" hold even under races.
    Announcement.objects.bulk_create(announcements, ignore_conflicts=True)
    return len(announcements)


def next_daily_time(client, now):
    """The next time the client's daily summary goes: today at their hour, or tomorrow."""
    local = timezone.localtime(now)
    at = local.replace(hour=client.digest_hour, minute=0, second=0, microsecond=0)
    return at if at > local else at + datetime.timedelta(days=1)


def pending_digest(client, now):
    """The client's digest that has not gone yet, or a new one, sent as the client chose:
    after the quiet period (pushed back by each publish), or at their hour for a daily
    summary."""
    daily = client.notifications == User.Notifications.DAILY
    return pending_email(
        SHARE_DIGEST, client, now, at=next_daily_time(client, now) if daily else None
    )


def pending_email(kind, user, now, *, key=None, at=None):
    """``user``'s email of ``kind`` that has not gone yet, pushed back by a quiet period, or
    a new one sent after it: what gathers events close together into one email.

    ``key`` ({name: value}) tells apart the pending emails of one kind (a lawyer's deposit
    alert per dossier) and starts a new one's context. Each event pushes the sending back,
    at most up to MAX_DIGEST_DELAY_FACTOR quiet periods after the first one; an email
    already tried (being retried after a failure) gathers nothing more. With ``at``, the
    email goes at that time instead, and events do not push it back.
    """
    key = key or {}
    quiet = quiet_period()
    # Two events at once must find (or make) the same email: they queue on the user.
    type(user).objects.select_for_update().filter(pk=user.pk).first()
    pending = (
        OutgoingEmail.objects.select_for_update()
        .filter(kind=kind, user=user, status=OutgoingEmail.Status.QUEUED, attempts=0)
        .filter(**{f"context__{name}": value for name, value in key.items()})
        .order_by("pk")
        .first()
    )
    if pending is None:
        send_after = at or now + quiet
        return queue_email(kind, user.email, user=user, context=dict(key), send_after=send_after)
    if at is not None:
        return pending
    latest = pending.created_at + quiet * MAX_DIGEST_DELAY_FACTOR
    send_after = max(pending.send_after, min(now + quiet, latest))
    if send_after != pending.send_after:
        OutgoingEmail.objects.filter(pk=pending.pk).update(send_after=send_after)
        pending.send_after = send_after
        schedule_delivery(send_after)
    return pending


@receiver(notifications_changed, dispatch_uid="dossiers.reschedule_digest")
def reschedule_digest(sender, client, **kwargs):
    """The client changed their choice: a digest on its way follows it (or is dropped)."""
    pending = OutgoingEmail.objects.filter(
        kind=SHARE_DIGEST, user=client, status=OutgoingEmail.Status.QUEUED
    )
    if client.notifications == User.Notifications.ESSENTIAL:
        pending.update(status=OutgoingEmail.Status.CANCELLED)
        return
    now = timezone.now()
    if client.notifications == User.Notifications.DAILY:
        send_after = next_daily_time(client, now)
    else:
        send_after = now + quiet_period()
    if pending.update(send_after=send_after):
        schedule_delivery(send_after)


@email_kind(SHARE_DIGEST, "dossiers/emails/share_digest")
def build_share_digest(email):
    client = email.user
    if client is None or not client.is_active:
        return None
    announced = {}
    for category, item_id in email.announcements.values_list("category", "item_id"):
        announced.setdefault(category, []).append(item_id)
    counts = Counter()
    dossier_ids = set()
    for category in Category:
        ids = announced.get(category.value)
        if not ids:
            continue
        visible = category.model.objects.visible_to(client).filter(pk__in=ids)
        for dossier_id in visible.values_list("dossier_id", flat=True):
            counts[category] += 1
            dossier_ids.add(dossier_id)
    if not counts:
        return None
    shared = {
        "lines": [
            category.count_label(counts[category]) for category in Category if counts[category]
        ],
        "dossiers": list(Dossier.objects.filter(pk__in=dossier_ids).order_by("reference")),
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
