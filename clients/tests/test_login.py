"""« Connexion »: Identifiant, Mot de passe, Se connecter; one message for every failure."""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients.factories import PASSWORD, ClientFactory, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("clients:login")
GENERIC_ERROR = "Identifiant ou mot de passe incorrect."


def without_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_login_page_has_the_manuals_labels(client):
    html = client.get(LOGIN).content.decode()
    for label in (
        "Connexion",
        "Identifiant",
        "Mot de passe",
        "Se connecter",
        "Mot de passe oublié ?",
    ):
        assert label in html
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html


def test_a_client_logs_in_with_their_email_and_lands_on_accueil(client, client_a):
    response = client.post(LOGIN, {"username": client_a.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("dossiers:home")
    assert client.get(reverse("dossiers:home")).status_code == 200


def test_wrong_credentials_get_one_message_that_reveals_nothing(client, client_a):
    wrong_password = client.post(LOGIN, {"username": client_a.email, "password": "pas-le-bon-1234"})
    unknown = client.post(LOGIN, {"username": "personne@example.fr", "password": "pas-le-bon-1234"})
    inactive_client = ClientFactory(is_active=False)
    inactive = client.post(LOGIN, {"username": inactive_client.email, "password": PASSWORD})
    for response in (wrong_password, unknown, inactive):
        assert response.status_code == 200
        assert GENERIC_ERROR in response.content.decode()
    # Apart from the identifier typed in, the pages are the same.
    first = without_csrf(wrong_password.content.decode()).replace(client_a.email, "X")
    second = without_csrf(unknown.content.decode()).replace("personne@example.fr", "X")
    assert first == second


def test_the_firms_accounts_use_the_back_office(client, lawyer):
    response = client.post(LOGIN, {"username": lawyer.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "interface d&#x27;administration" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logging_out_ends_the_session(client, client_a):
    client.force_login(client_a)
    response = client.post(reverse("clients:logout"))
    assert response.status_code == 302 and response.url == LOGIN
    assert client.get(reverse("dossiers:home")).status_code == 302
    assert client.get(reverse("clients:logout")).status_code == 405  # never by a mere link


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in (reverse("dossiers:home"), reverse("clients:account")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"{LOGIN}?next={url}"


def test_passwords_are_hashed_with_argon2_and_must_be_long_and_uncommon(client_a):
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert django_settings.AUTH_PASSWORD_VALIDATORS == base.AUTH_PASSWORD_VALIDATORS
    with pytest.raises(ValidationError):
        validate_password("Court-2026", client_a)
    with pytest.raises(ValidationError):
        validate_password("telechargement", client_a)
    validate_password("Une phrase de passe sûre", client_a)


def test_an_argon2_hash_is_what_gets_stored(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory(password="Une phrase de passe sûre")
    assert user.password.startswith("argon2$")
