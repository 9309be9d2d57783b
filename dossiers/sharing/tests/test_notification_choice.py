"""« Mes notifications »: each share, a daily summary at the client's hour, or only the
essential; one click in an email switches to the essential. Emails counted over a day."""

import datetime
import html
import re
from unittest import mock

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients import services as clients_services
from clients.models import User
from dossiers.factories import DocumentFactory, shared_dossier
from dossiers.models import Dossier
from notifications import delivery
from notifications.models import OutgoingEmail
from notifications.tests.helpers import sent_to

pytestmark = pytest.mark.django_db
MORNING = datetime.datetime(2027, 3, 2, 9, 0, tzinfo=datetime.UTC)  # 10:00 in Paris


def publish_one_document(dossier, lawyer):
    DocumentFactory(dossier=dossier, first_published_at=None)
    dossier = Dossier.objects.get(pk=dossier.pk)
    dossier.save_revision(user=lawyer).publish(user=lawyer)


def day_of_publishes(client, lawyer, hours=(0, 3, 6)):
    """Three publishes at 10:00, 13:00 and 16:00 (Paris); the worker runs every minute
    of the day. Returns the share emails the client received."""
    dossier = shared_dossier(client)
    mail.outbox.clear()
    for minute in range(24 * 60):
        now = MORNING + datetime.timedelta(minutes=minute)
        with mock.patch("django.utils.timezone.now", return_value=now):
            if minute % 60 == 0 and minute // 60 in hours:
                publish_one_document(dossier, lawyer)
            delivery.deliver_due(worker="test")
    return [m for m in sent_to(client.email) if "nouveaux" in m.subject.lower()]


def test_each_share_sends_one_email_per_publish_after_the_quiet_period(client_a, lawyer):
    emails = day_of_publishes(client_a, lawyer)
    print(f"\n« À chaque partage »: 3 publishes in a day, {len(emails)} emails")
    assert len(emails) == 3


def test_a_daily_summary_goes_once_at_the_clients_hour(client_a, lawyer):
    clients_services.set_notifications(client_a, User.Notifications.DAILY, digest_hour=18)
    emails = day_of_publishes(client_a, lawyer)
    print(f"\n« Un récapitulatif par jour »: 3 publishes in a day, {len(emails)} email")
    assert len(emails) == 1
    [digest] = OutgoingEmail.objects.filter(kind="share_digest", user=client_a)
    assert timezone.localtime(digest.sent_at).hour == 18
    assert "3 documents" in emails[0].body


def test_only_the_essential_sends_no_share_email_but_the_essential_ones(client_a, lawyer):
    clients_services.set_notifications(client_a, User.Notifications.ESSENTIAL)
    emails = day_of_publishes(client_a, lawyer)
    print(f"\n« Seulement l'essentiel »: 3 publishes in a day, {len(emails)} emails")
    assert emails == []
    clients_services.request_password_reset(client_a.email)
    delivery.deliver_due(worker="test")
    assert any("/reinitialiser/" in m.body for m in sent_to(client_a.email))


def test_a_changed_choice_moves_or_drops_the_digest_on_its_way(client_a, lawyer):
    dossier = shared_dossier(client_a)
    publish_one_document(dossier, lawyer)
    digest = OutgoingEmail.objects.get(kind="share_digest", user=client_a)
    clients_services.set_notifications(client_a, User.Notifications.DAILY, digest_hour=7)
    digest.refresh_from_db()
    assert timezone.localtime(digest.send_after).hour == 7
    clients_services.set_notifications(client_a, User.Notifications.ESSENTIAL)
    digest.refresh_from_db()
    assert digest.status == OutgoingEmail.Status.CANCELLED


def test_the_share_email_unsubscribes_in_one_click(client, client_a, lawyer):
    dossier = shared_dossier(client_a)
    publish_one_document(dossier, lawyer)
    OutgoingEmail.objects.update(send_after=timezone.now() - datetime.timedelta(seconds=1))
    delivery.deliver_due(worker="test")
    [email] = sent_to(client_a.email)
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.search(r"<(http[^>]+)>", email.extra_headers["List-Unsubscribe"]).group(1)
    assert url in email.body
    path = url.removeprefix("http://testserver")

    mail_app = HttpClient(enforce_csrf_checks=True)  # no session, no CSRF token
    assert mail_app.get(path).status_code == 200  # a visit alone changes nothing
    client_a.refresh_from_db()
    assert client_a.notifications == User.Notifications.EACH_SHARE
    response = mail_app.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    client_a.refresh_from_db()
    assert client_a.notifications == User.Notifications.ESSENTIAL
    assert mail_app.post("/desabonnement/forged/").status_code == 404


def test_mon_compte_saves_the_choice(client, client_a):
    client.force_login(client_a)
    page = html.unescape(client.get(reverse("clients:account")).content.decode())
    assert "Mes notifications" in page and "Seulement l'essentiel" in page
    client.post(reverse("clients:notifications"), {"notifications": "daily", "digest_hour": "8"})
    client_a.refresh_from_db()
    assert (client_a.notifications, client_a.digest_hour) == ("daily", 8)
