"""« Ajouter à mon agenda » (one event) and the private calendar feed (every date)."""

import re

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe
from django_ratelimit.decorators import ratelimit

from clients.decorators import client_required, only
from clients.models import CalendarFeed
from portal_pages.models import FirmSettings

from ..sharing import calendars
from .screens import category_from_slug

ICS = "text/calendar; charset=utf-8"


@client_required
def item_event(request, category, pk):
    """One rendez-vous or procedure date as an .ics file, through the one access gate."""
    category = category_from_slug(category)
    if category is None or category.model not in calendars.CALENDAR_MODELS:
        raise Http404
    item = get_object_or_404(
        category.model.objects.visible_to(request.user).select_related("dossier"), pk=pk
    )
    if refused := only(request, "GET", "HEAD"):
        return refused
    body = calendars.calendar_of([item], str(item.dossier))
    response = HttpResponse(body, content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="{category.value}-{item.pk}.ics"'
    return response


# What CalendarFeed.renew makes (secrets.token_urlsafe): anything else is no feed, and
# is not looked up (a NUL character cannot even be compared by PostgreSQL).
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _feed(token):
    if not TOKEN.fullmatch(token):
        raise Http404
    feed = CalendarFeed.objects.select_related("client").filter(token=token).first()
    if feed is None or not feed.client.is_active or not feed.client.is_client:
        raise Http404
    return feed


def _etag(request, token):
    feed = _feed(token)
    return calendars.feed_etag(feed.client, feed)


def feed_rate(group, request):
    return settings.CALENDAR_FEED_RATE


def feed_token(group, request):
    return request.resolver_match.kwargs.get("token", "")


# Calendars may keep the feed, but ask again each time (If-None-Match).
@cache_control(private=True, no_cache=True)
@require_safe
@ratelimit(key=feed_token, rate=feed_rate, block=True)
@ratelimit(key="security.throttle.ratelimit_ip", rate=feed_rate, block=True)
@condition(etag_func=_etag)
def feed(request, token):
    """The client's dates for a calendar app: no login (the long token is the key), what
    the client may see and nothing else; an unchanged feed answers 304."""
    feed = _feed(token)
    # Named after the firm in the client's calendar app (« AAPS AVOCATS »).
    name = FirmSettings.current().name or _("My client area")
    body = calendars.calendar_of(calendars.visible_dates(feed.client), name)
    return HttpResponse(body, content_type=ICS)
