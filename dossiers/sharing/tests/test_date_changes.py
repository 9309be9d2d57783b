"""A shared rendez-vous or procedure date that moves or is cancelled: the clients are told
(an essential email), the calendar follows, the event keeps its UID."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse

from clients import services as clients_services
from clients.factories import ClientFactory
from clients.models import CalendarFeed, User
from dossiers.factories import AppointmentFactory, DossierAccessFactory, shared_dossier
from dossiers.models import Appointment, Dossier
from dossiers.sharing import publishing
from notifications.models import OutgoingEmail
from notifications.tests.helpers import send_due_emails, sent_to

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def publish_with(dossier, lawyer, **changes):
    """Change the dossier's rendez-vous in a draft, then publish it, as the back office does."""
    appointment = Appointment.objects.get(dossier=dossier).get_latest_revision_as_object()
    for field, value in changes.items():
        setattr(appointment, field, value)
    appointment.save_revision(user=lawyer)
    publishing.publish(
        Dossier.objects.get(pk=dossier.pk), {Appointment: [appointment.pk]}, by=lawyer
    )


@pytest.fixture
def shared_appointment(client_a, client_b, lawyer):
    dossier = shared_dossier(client_a, client_b)
    AppointmentFactory(
        dossier=dossier,
        subject="Audience de conciliation",
        starts_at=datetime.datetime(2027, 2, 10, 9, 30, tzinfo=PARIS),
        location="Tribunal judiciaire de Paris",
    )
    accountant = ClientFactory(email="compta@example.fr")
    DossierAccessFactory(dossier=dossier, client=accountant, appointments=False)
    publish_with(dossier, lawyer)  # what the clients were told is now known
    mail.outbox.clear()
    OutgoingEmail.objects.all().delete()
    return dossier


def date_emails():
    send_due_emails()
    return [m for m in mail.outbox if "date" in m.subject]


def test_a_moved_rendez_vous_is_emailed_to_the_clients_who_see_it(
    shared_appointment, client_a, client_b, lawyer
):
    clients_services.set_notifications(client_b, User.Notifications.ESSENTIAL)
    publish_with(
        shared_appointment, lawyer, starts_at=datetime.datetime(2027, 2, 10, 14, 0, tzinfo=PARIS)
    )
    emails = date_emails()
    assert sorted(m.to[0] for m in emails) == sorted([client_a.email, client_b.email])
    assert "14\u00a0h\u00a000" in sent_to(client_a.email)[0].body
    assert not sent_to("compta@example.fr")

    publish_with(shared_appointment, lawyer)  # published again, nothing changed
    mail.outbox.clear()
    assert date_emails() == []


def test_a_cancelled_date_is_told_leaves_the_feed_and_shows_cancelled(
    shared_appointment, client, client_a, lawyer
):
    feed = CalendarFeed.renew(client_a)
    feed_url = reverse("dossiers:calendar_feed", args=[feed.token])
    assert b"Audience de conciliation" in HttpClient().get(feed_url).content
    publish_with(shared_appointment, lawyer, cancelled=True)
    [email] = [m for m in date_emails() if client_a.email in m.to]
    assert "annulé" in email.subject
    assert b"Audience de conciliation" not in HttpClient().get(feed_url).content
    client.force_login(client_a)
    page = client.get(reverse("dossiers:category", args=["rendez-vous"])).content.decode()
    assert "Annulé" in page
    appointment = Dossier.objects.get(pk=shared_appointment.pk).appointments.get()
    event = client.get(reverse("dossiers:item_event", args=["rendez-vous", appointment.pk]))
    assert b"STATUS:CANCELLED" in event.content
