"""« Mon compte » and « Modifier mon mot de passe »."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from clients.factories import PASSWORD

pytestmark = pytest.mark.django_db
ACCOUNT = reverse("clients:account")
CHANGE = reverse("clients:password_change")


def test_mon_compte_shows_the_clients_contact_details(client, client_a):
    client.force_login(client_a)
    html = client.get(ACCOUNT).content.decode()
    for value in ("ALEXANDER", "Luce", client_a.email, "1 rue de la Paix", "75002", "PARIS"):
        assert value in html
    assert "Modifier mon mot de passe" in html
    assert "MON COMPTE" in html.upper()


def test_changing_the_password_ends_the_clients_other_sessions(client_a):
    phone, laptop = HttpClient(), HttpClient()
    for browser in (phone, laptop):
        assert (
            browser.post(
                reverse("clients:login"), {"username": client_a.email, "password": PASSWORD}
            ).status_code
            == 302
        )

    response = laptop.post(
        CHANGE,
        {
            "old_password": PASSWORD,
            "new_password1": "Une nouvelle phrase 2026",
            "new_password2": "Une nouvelle phrase 2026",
        },
    )
    assert response.status_code == 302 and response.url == ACCOUNT
    assert laptop.get(ACCOUNT).status_code == 200  # this session goes on
    assert phone.get(ACCOUNT).status_code == 302  # the other one is over


def test_the_current_password_is_required_and_checked(client, client_a):
    client.force_login(client_a)
    response = client.post(
        CHANGE,
        {
            "old_password": "pas le bon",
            "new_password1": "Une nouvelle phrase 2026",
            "new_password2": "Une nouvelle phrase 2026",
        },
    )
    assert response.status_code == 200
    assert "Votre ancien mot de passe est incorrect" in response.content.decode()
    client_a.refresh_from_db()
    assert client_a.check_password(PASSWORD)


def test_the_two_new_passwords_must_match(client, client_a):
    client.force_login(client_a)
    response = client.post(
        CHANGE,
        {
            "old_password": PASSWORD,
            "new_password1": "Une nouvelle phrase 2026",
            "new_password2": "Une autre phrase 2026",
        },
    )
    assert response.status_code == 200
    assert "ne correspondent pas" in response.content.decode()
