"""A dossier's clients in the back office: each row's state with the portal and
« Inviter »."""

import re

import pytest
from django.urls import reverse

from clients.factories import ClientFactory
from dossiers.factories import shared_dossier
from dossiers.tests.helpers import dossier_edit_url

pytestmark = pytest.mark.django_db


def test_each_client_row_of_the_dossier_shows_its_state_and_invites(client, lawyer, client_a):
    never = ClientFactory(last_name="NOUVEAU", password=None)
    dossier = shared_dossier(client_a, never)
    client.force_login(lawyer)
    url = dossier_edit_url(dossier)
    page = client.get(url).content.decode()
    rows = dict(re.findall(r'data-client-portal="(\d+)">([\s\S]*?)</p>', page))
    assert set(rows) == {str(client_a.pk), str(never.pk)}  # not the empty row to add
    assert "Activé" in rows[str(client_a.pk)]
    assert "Jamais invité" in rows[str(never.pk)]
    invite = reverse("wagtailsnippets_clients_client:invite", args=[never.pk])
    link = f"{invite}?next={url.replace('/', '%2F')}"
    assert f'href="{link}">Inviter</a>' in rows[str(never.pk)]

    response = client.post(link)
    assert response.status_code == 302 and response.url == url
    page = client.get(url).content.decode()
    rows = dict(re.findall(r'data-client-portal="(\d+)">([\s\S]*?)</p>', page))
    assert "Invité le " in rows[str(never.pk)] and ">Réinviter</a>" in rows[str(never.pk)]
