"""A client's dates in their own calendar: « Ajouter à mon agenda » and the private feed.

Events are iCalendar (RFC 5545), written by the icalendar library: times in the firm's
time zone (Europe/Paris, with its VTIMEZONE), a procedure date without a time as an
all-day event. Each item keeps one UID whatever changes, so that a calendar replaces
the event instead of adding a second one. An event says no more than the portal's pages:
what, when, where, and the dossier's reference.
"""

import datetime
import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from notifications.services import queue_email

from .models import Appointment, DossierAccess, ProcedureDate
from .publishing import items_shared

CALENDAR_MODELS = (Appointment, ProcedureDate)
DEFAULT_LENGTH = datetime.timedelta(hours=1)


def uid_for(item):
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "mon-espace-client"
    return f"{item.category.value}-{item.pk}@{host}"


def _description(item):
    lines = [_("Dossier %(dossier)s") % {"dossier": item.dossier}]
    if item.note:
        lines.append(item.note)
    return "\n".join(lines)


def event_for(item, stamp=None):
    event = Event()
    event.add("uid", uid_for(item))
    event.add("dtstamp", stamp or timezone.now())
    if isinstance(item, Appointment):
        start = timezone.localtime(item.starts_at)
        end = timezone.localtime(item.ends_at) if item.ends_at else start + DEFAULT_LENGTH
        event.add("summary", item.subject)
        event.add("dtstart", start)
        event.add("dtend", end)
        if item.location:
            event.add("location", item.location)
    else:
        event.add("summary", item.get_kind_display())
        if item.time is None:
            event.add("dtstart", item.date)
            event.add("dtend", item.date + datetime.timedelta(days=1))
        else:
            start = timezone.localtime(item.moment)
            event.add("dtstart", start)
            event.add("dtend", start + DEFAULT_LENGTH)
        if item.jurisdiction:
            event.add("location", item.jurisdiction)
    event.add("description", _description(item))
    if item.cancelled:
        event.add("status", "CANCELLED")
    return event


def calendar_of(items, name):
    calendar = Calendar()
    calendar.add("prodid", "-//Mon espace client//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for item in items:
        calendar.add_component(event_for(item, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def visible_dates(client):
    """Every rendez-vous and procedure date ``client`` may see, through the one gate."""
    return [
        item
        for model in CALENDAR_MODELS
        for item in model.objects.visible_to(client)
        .filter(cancelled=False)
        .select_related("dossier")
        .order_by("pk")
    ]


def feed_etag(client, feed):
    """A fingerprint of what the feed would hold, from two small queries: a calendar app
    polling an unchanged feed gets 304 without the feed being written."""
    digest = hashlib.sha256(feed.token.encode())
    for model in CALENDAR_MODELS:
        fields = [f.attname for f in model._meta.concrete_fields]
        rows = model.objects.visible_to(client).filter(cancelled=False).order_by("pk")
        rows = rows.values_list(*fields, "dossier__reference", "dossier__short_name")
        digest.update(repr(list(rows)).encode())
    return digest.hexdigest()


DATE_CHANGED = "date_changed"


@receiver(items_shared, dispatch_uid="dossiers.calendars.tell_date_changes")
def tell_date_changes(sender, dossier_id, items, now, **kwargs):
    """Email the clients of a shared rendez-vous or procedure date that moved (day, time,
    place) or was cancelled: an essential email, whatever their choice of notifications.
    A newly shared one is in the share digest instead.

    Each publish records what the item says (``announced_as``), shared or not yet: so a
    dossier's publish, which shares its items as they are, has nothing to record."""
    for model in CALENDAR_MODELS:
        if items.get(model):
            _tell(dossier_id, model, items[model], now)


def _tell(dossier_id, model, ids, now):
    told = []
    changed = []
    rows = model.objects.filter(pk__in=ids, live=True).annotate(seen=F("dossier__live"))
    for item in rows:
        fingerprint = item.fingerprint()
        if item.announced_as == fingerprint:
            continue
        if item.announced_as and item.shared_at not in (None, now) and item.seen:
            changed.append(item)
        item.announced_as = fingerprint
        told.append(item)
    model.objects.bulk_update(told, ["announced_as"])
    if not changed:
        return
    accesses = DossierAccess.objects.filter(
        dossier_id=dossier_id, client__is_active=True, **{model.category.access_field: True}
    ).select_related("client")
    for access in accesses:
        for item in changed:
            queue_email(
                DATE_CHANGED,
                access.client.email,
                user=access.client,
                context={"category": model.category.value, "item": item.pk},
            )
