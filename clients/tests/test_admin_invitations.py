"""Inviting from where the lawyer is (the client's pages, a dossier), and each client's
state with the portal in the Clients listing."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.factories import ClientFactory
from clients.models import Client
from notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db

LIST = reverse("wagtailsnippets_clients_client:list")


def moment(day):
    return timezone.make_aware(datetime.datetime(2026, 11, day, 10, 0))


@pytest.fixture
def clients(db):
    """One client in each state."""
    never = ClientFactory(last_name="JAMAIS", password=None)
    invited = ClientFactory(last_name="INVITE", password=None, invited_at=moment(3))
    activated = ClientFactory(last_name="ACTIVE", invited_at=moment(3))
    logged = ClientFactory(last_name="CONNECTE", invited_at=moment(3), last_login=moment(5))
    return never, invited, activated, logged


def test_each_state_reads_from_the_clients_own_row(clients, django_assert_num_queries):
    ids = [client.pk for client in clients]
    with django_assert_num_queries(1):
        states = {c.last_name: str(c.portal_access) for c in Client.objects.filter(pk__in=ids)}
    assert states == {
        "JAMAIS": "Jamais invité",
        "INVITE": "Invité le 03/11/2026",
        "ACTIVE": "Activé",
        "CONNECTE": "Dernière connexion le 05/11/2026",
    }


def test_a_temporary_password_not_yet_changed_is_still_invited(db):
    client = ClientFactory(invited_at=moment(3), must_change_password=True)
    assert str(client.portal_access) == "Invité le 03/11/2026"


def test_the_listing_shows_each_state_without_a_query_per_row(client, lawyer, clients):
    client.force_login(lawyer)
    client.get(LIST)  # warm what is read once (permissions, site settings)
    with CaptureQueriesContext(connection) as few:
        page = client.get(LIST).content.decode()
    for state in ["Jamais invité", "Invité le 03/11/2026", "Activé", "Dernière connexion le 05/11"]:
        assert state in page
    assert "Espace client" in page
    ClientFactory.create_batch(10, invited_at=moment(4), password=None)
    with CaptureQueriesContext(connection) as many:
        page = client.get(LIST).content.decode()
    assert page.count("Invité le 04/11/2026") == 10
    assert len(many) == len(few)


def test_the_listing_offers_invite_or_re_invite(client, lawyer, clients):
    never, invited, *_ = clients
    client.force_login(lawyer)
    page = client.get(LIST).content.decode()
    invite = reverse("wagtailsnippets_clients_client:invite", args=[never.pk])
    reinvite = reverse("wagtailsnippets_clients_client:invite", args=[invited.pk])
    assert re.search(rf'href="{invite}"[^>]*>\s*(<[^>]+>\s*)*Inviter', page)
    assert re.search(rf'href="{reinvite}"[^>]*>\s*(<[^>]+>\s*)*Réinviter', page)


@pytest.mark.parametrize("view", ["edit", "inspect"])
def test_the_clients_own_pages_invite_and_come_back(client, lawyer, clients, view):
    never, invited, *_ = clients
    client.force_login(lawyer)
    for account, label in [(never, "Inviter"), (invited, "Réinviter")]:
        url = reverse(f"wagtailsnippets_clients_client:{view}", args=[account.pk])
        page = client.get(url).content.decode()
        invite = reverse("wagtailsnippets_clients_client:invite", args=[account.pk])
        link = f"{invite}?next={url.replace('/', '%2F')}"
        assert re.search(rf'href="{re.escape(link)}"[^>]*>[\s\S]*?{label}\s*</a>', page), label
        if view == "inspect":
            assert str(account.portal_access) in page
        confirm = client.get(link)
        assert confirm.status_code == 200
        response = client.post(link)
        assert response.status_code == 302 and response.url == url
    assert OutgoingEmail.objects.filter(kind="invitation").count() == 2
    never.refresh_from_db()
    assert never.invited_at is not None


def test_the_invitation_never_sends_back_elsewhere(client, lawyer, clients):
    never, *_ = clients
    client.force_login(lawyer)
    invite = reverse("wagtailsnippets_clients_client:invite", args=[never.pk])
    response = client.post(invite + "?next=https://evil.example/")
    assert response.url == LIST


def test_an_inactive_client_is_not_offered_an_invitation(client, lawyer):
    inactive = ClientFactory(is_active=False)
    client.force_login(lawyer)
    page = client.get(reverse("wagtailsnippets_clients_client:edit", args=[inactive.pk]))
    invite = reverse("wagtailsnippets_clients_client:invite", args=[inactive.pk])
    assert invite not in page.content.decode()
