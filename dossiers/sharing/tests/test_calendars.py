"""« Ajouter à mon agenda » and the private calendar feed: valid iCalendar, the client's
dates only, the same UID for ever, a revocable address, 304 when nothing changed."""

import datetime
import zoneinfo

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from clients.models import CalendarFeed
from dossiers.factories import AppointmentFactory, ProcedureDateFactory, shared_dossier
from portal_pages.models import FirmSettings

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def events(body):
    return list(Calendar.from_ical(body).walk("VEVENT"))


@pytest.fixture
def luce_dates(client_a):
    dossier = shared_dossier(client_a)
    hearing_day = timezone.localdate() + datetime.timedelta(days=40)
    return {
        "dossier": dossier,
        "appointment": AppointmentFactory(
            dossier=dossier,
            subject="Rendez-vous au cabinet",
            starts_at=datetime.datetime(2027, 1, 15, 14, 30, tzinfo=PARIS),
            location="8 rue Armand Moisant, Paris",
            note="Apporter les pièces",
        ),
        "hearing": ProcedureDateFactory(dossier=dossier, date=hearing_day, time=None),
        "timed": ProcedureDateFactory(dossier=dossier, date=hearing_day, time=datetime.time(9, 15)),
    }


def test_a_rendez_vous_downloads_as_an_event_at_its_local_time(client, client_a, luce_dates):
    client.force_login(client_a)
    appointment = luce_dates["appointment"]
    url = reverse("dossiers:item_event", args=["rendez-vous", appointment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start.astimezone(PARIS).replace(tzinfo=None) == datetime.datetime(2027, 1, 15, 14, 30)
    assert str(event["dtstart"].params.get("TZID")) == "Europe/Paris"
    assert calendar.walk("VTIMEZONE")  # the zone travels with the event
    assert str(event["location"]) == "8 rue Armand Moisant, Paris"
    assert luce_dates["dossier"].reference in str(event["description"])
    uid = str(event["uid"])

    # Moved later: the same UID, so that the calendar replaces the event.
    appointment.starts_at += datetime.timedelta(hours=2)
    appointment.save()
    [moved] = events(client.get(url).content)
    assert str(moved["uid"]) == uid
    assert moved.decoded("dtstart").astimezone(PARIS).hour == 16


def test_a_procedure_date_without_a_time_is_an_all_day_event(client, client_a, luce_dates):
    client.force_login(client_a)
    hearing = luce_dates["hearing"]
    body = client.get(reverse("dossiers:item_event", args=["dates-de-procedure", hearing.pk]))
    [event] = events(body.content)
    assert event.decoded("dtstart") == hearing.date  # a date, not a date-time
    assert event.decoded("dtend") == hearing.date + datetime.timedelta(days=1)


def test_another_client_and_other_categories_are_not_found(client, client_b, luce_dates):
    client.force_login(client_b)
    for args in [
        ("rendez-vous", luce_dates["appointment"].pk),
        ("dates-de-procedure", luce_dates["hearing"].pk),
        ("documents", luce_dates["appointment"].pk),
        ("inconnue", luce_dates["appointment"].pk),
    ]:
        assert client.get(reverse("dossiers:item_event", args=args)).status_code == 404


def subscribe(client, client_a):
    client.force_login(client_a)
    client.post(reverse("clients:calendar_feed"), {"action": "renew"})
    feed = CalendarFeed.objects.get(client=client_a)
    return feed, reverse("dossiers:calendar_feed", args=[feed.token])


def test_the_feed_holds_the_clients_visible_dates_only(client, client_a, client_b, luce_dates):
    marcs = shared_dossier(client_b)
    AppointmentFactory(dossier=marcs, subject="Rendez-vous de Marc")
    withheld = shared_dossier(client_a, appointments=False)
    AppointmentFactory(dossier=withheld, subject="Caché à Luce")
    feed, url = subscribe(client, client_a)
    page = client.get(reverse("clients:account")).content.decode()
    assert "webcal://testserver" + url in page and "http://testserver" + url in page
    # « Copier l'adresse », once the script shows it (the field can be copied by hand).
    assert 'data-copy="calendar-url"' in page and "js/copy" in page
    assert len(feed.token) >= 40

    response = HttpClient().get(url)  # a calendar app: no session
    assert response.status_code == 200
    uids = {str(event["uid"]) for event in events(response.content)}
    assert uids == {
        f"rendez-vous-{luce_dates['appointment'].pk}@testserver",
        f"dates-de-procedure-{luce_dates['hearing'].pk}@testserver",
        f"dates-de-procedure-{luce_dates['timed'].pk}@testserver",
    }
    assert b"Marc" not in response.content and "Caché".encode() not in response.content
    # The calendar app shows it under the firm's name.
    firm = FirmSettings.current().name
    assert f"X-WR-CALNAME:{firm}".encode() in response.content


def test_an_unchanged_feed_answers_304_and_a_change_a_new_feed(client, client_a, luce_dates):
    _feed, url = subscribe(client, client_a)
    app = HttpClient()
    first = app.get(url)
    etag = first["ETag"]
    assert app.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    luce_dates["appointment"].location = "Tribunal judiciaire de Paris"
    luce_dates["appointment"].save()
    changed = app.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and b"Tribunal judiciaire" in changed.content


def test_a_new_address_kills_the_old_one_and_turning_it_off_kills_both(
    client, client_a, luce_dates
):
    _feed, old = subscribe(client, client_a)
    client.post(reverse("clients:calendar_feed"), {"action": "renew"})
    new = reverse("dossiers:calendar_feed", args=[CalendarFeed.objects.get().token])
    assert new != old
    assert HttpClient().get(old).status_code == 404
    assert HttpClient().get(new).status_code == 200
    client.post(reverse("clients:calendar_feed"), {"action": "off"})
    assert HttpClient().get(new).status_code == 404
    assert HttpClient().get(reverse("dossiers:calendar_feed", args=["x" * 43])).status_code == 404


def test_the_feed_is_rate_limited(client, client_a, luce_dates, settings):
    settings.CALENDAR_FEED_RATE = "3/h"
    _feed, url = subscribe(client, client_a)
    app = HttpClient()
    answers = [app.get(url).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]


def test_a_deactivated_client_s_feed_is_gone(client, client_a, luce_dates):
    _feed, url = subscribe(client, client_a)
    client_a.is_active = False
    client_a.save()
    assert HttpClient().get(url).status_code == 404
