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
from django.utils import timezone

from notifications.models import OutgoingEmail
from notifications.registry import email_kind
from notifications.services import queue_email, schedule_delivery

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
        if not categories:
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


def pending_digest(client, now):
    """The client's digest that has not gone yet (pushed back by a quiet period), or a new one."""
    return pending_email(SHARE_DIGEST, client, now)


def pending_email(kind, user, now, *, key=None):
    """``user``'s email of ``kind`` that has not gone yet, pushed back by a quiet period, or
    a new one sent after it: what gathers events close together into one email.

    ``key`` ({name: value}) tells apart the pending emails of one kind (a lawyer's deposit
    alert per dossier) and starts a new one's context. Each event pushes the sending back,
    at most up to MAX_DIGEST_DELAY_FACTOR quiet periods after the first one; an email
    already tried (being retried after a failure) gathers nothing more.
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
        return queue_email(kind, user.email, user=user, context=dict(key), send_after=now + quiet)
    latest = pending.created_at + quiet * MAX_DIGEST_DELAY_FACTOR
    send_after = max(pending.send_after, min(now + quiet, latest))
    if send_after != pending.send_after:
        OutgoingEmail.objects.filter(pk=pending.pk).update(send_after=send_after)
        pending.send_after = send_after
        schedule_delivery(send_after)
    return pending


@email_kind(SHARE_DIGEST, "notifications/emails/share_digest")
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
    return {
        "client": client,
        "lines": [
            category.count_label(counts[category]) for category in Category if counts[category]
        ],
        "dossiers": list(Dossier.objects.filter(pk__in=dossier_ids).order_by("reference")),
    }
