"""A dossier's clients in the back office: each row's state with the portal and
« Inviter », the client chooser (name or email, with the email), and a new dossier's
interlocutor."""

import re

import pytest
from django.urls import reverse

from clients.factories import ClientFactory, LawyerFactory, UserFactory
from dossiers.factories import shared_dossier
from dossiers.tests.helpers import dossier_edit_url

pytestmark = pytest.mark.django_db

CHOOSER = "wagtailsnippetchoosers_clients_client"


def test_each_client_row_of_the_dossier_shows_its_state_and_invites(client, lawyer, client_a):
    never = ClientFactory(last_name="NOUVEAU", password=None)
    dossier = shared_dossier(client_a, never)
    client.force_login(lawyer)
    url = dossier_edit_url(dossier)
    page = client.get(url).content.decode()
    rows = dict(re.findall(r'data-client-portal="(\d+)">([\s\S]*?)</p>', page))
    assert set(rows) == {str(client_a.pk), str(never.pk)}  # not the empty row to add
    assert "Dernière connexion le 05/01/2026" in rows[str(client_a.pk)]  # she logged in
    assert "Jamais invité" in rows[str(never.pk)]
    invite = reverse("wagtailsnippets_clients_client:invite", args=[never.pk])
    link = f"{invite}?next={url.replace('/', '%2F')}"
    assert f'href="{link}">Inviter</a>' in rows[str(never.pk)]

    response = client.post(link)
    assert response.status_code == 302 and response.url == url
    page = client.get(url).content.decode()
    rows = dict(re.findall(r'data-client-portal="(\d+)">([\s\S]*?)</p>', page))
    assert "Invité le " in rows[str(never.pk)] and ">Réinviter</a>" in rows[str(never.pk)]


def test_the_client_chooser_finds_by_name_or_email_and_shows_the_email(client, lawyer):
    first = ClientFactory(last_name="MARTIN", first_name="Paul", email="paul.martin@example.fr")
    second = ClientFactory(last_name="MARTIN", first_name="Paul", email="pmartin@autre.example")
    ClientFactory(last_name="DURAND", first_name="Anne", email="anne@example.fr")
    client.force_login(lawyer)

    def results(query):
        response = client.get(reverse(f"{CHOOSER}:choose_results"), {"q": query})
        assert response.status_code == 200
        return response.content.decode()

    by_name = results("martin paul")
    assert "paul.martin@example.fr" in by_name and "pmartin@autre.example" in by_name
    assert "DURAND" not in by_name
    by_email = results("autre.example")
    assert "pmartin@autre.example" in by_email and "paul.martin@example.fr" not in by_email
    modal = client.get(reverse(f"{CHOOSER}:choose"))
    assert modal.status_code == 200 and "Nom ou e-mail" in modal.json()["html"]

    chosen = client.get(reverse(f"{CHOOSER}:chosen", args=[second.pk])).json()
    assert chosen["result"]["string"] == "MARTIN Paul (pmartin@autre.example)"
    assert first.pk != second.pk


def test_the_chosen_client_of_a_dossier_shows_with_the_email(client, lawyer, client_a):
    dossier = shared_dossier(client_a)
    client.force_login(lawyer)
    page = client.get(dossier_edit_url(dossier)).content.decode()
    assert f"ALEXANDER Luce ({client_a.email})" in page


def test_a_new_dossier_s_interlocutor_is_the_lawyer_creating_it(client, lawyer):
    LawyerFactory()  # another lawyer, listed first or not
    client.force_login(lawyer)
    page = client.get(reverse("wagtailsnippets_dossiers_dossier:add")).content.decode()
    selected = re.search(r'<select name="interlocutor"[\s\S]*?</select>', page).group(0)
    assert re.search(rf'<option value="{lawyer.pk}" selected>', selected)


def test_a_firm_admin_who_is_no_lawyer_chooses_the_interlocutor(client):
    admin = UserFactory(is_staff=False, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("wagtailsnippets_dossiers_dossier:add")).content.decode()
    selected = re.search(r'<select name="interlocutor"[\s\S]*?</select>', page).group(0)
    assert " selected>" in selected and 'value="" selected' in selected
