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
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Appointment, ProcedureDate

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
