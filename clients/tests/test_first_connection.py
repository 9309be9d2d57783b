"""« Ma première connexion » and « Mot de passe oublié ? »: single-use links by email."""

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Site

from clients.factories import PASSWORD, ClientFactory
from clients.models import User
from clients.tokens import activation_token_generator, password_reset_token_generator
from notifications.models import OutgoingEmail
from notifications.tests.helpers import send_due_emails
from portal_pages.models import FirmSettings

pytestmark = pytest.mark.django_db


def link_in(message, path_prefix):
    match = re.search(rf"http://testserver({path_prefix}[^\s\"<]+)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def invited(client, lawyer):
    """A client the lawyer invites from the back office, and the email it sends."""
    new_client = ClientFactory(email="nouveau@example.fr", password=None, first_name="Luce")
    client.force_login(lawyer)
    url = reverse("wagtailsnippets_clients_client:invite", args=[new_client.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    client.logout()
    send_due_emails()
    [message] = mail.outbox
    return new_client, message


def test_the_invitation_holds_the_portal_link_the_identifier_and_an_activation_link(invited):
    new_client, message = invited
    assert message.to == ["nouveau@example.fr"]
    assert "http://testserver/connexion/" in message.body
    assert "nouveau@example.fr" in message.body
    assert "72 heures" in message.body
    assert "/activation/" in message.body
    new_client.refresh_from_db()
    assert new_client.invited_at is not None
    # The link is made when the email goes: the outbox keeps no token.
    stored = OutgoingEmail.objects.values().get()
    assert stored["context"] == {"method": "activation_link"}
    token = link_in(message, "/activation/").rstrip("/").rsplit("/", 1)[-1]
    assert token not in str(stored)


def test_the_activation_link_chooses_a_password_once(client, invited):
    new_client, message = invited
    link = link_in(message, "/activation/")
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    assert "Première connexion" in response.content.decode()
    response = client.post(
        form_url,
        {"new_password1": "Ma phrase secrète 2026", "new_password2": "Ma phrase secrète 2026"},
    )
    assert response.status_code == 302 and response.url == reverse("dossiers:home")
    assert client.get(reverse("dossiers:home")).status_code == 200  # logged in
    new_client.refresh_from_db()
    assert new_client.check_password("Ma phrase secrète 2026")

    client.logout()
    used = client.get(link, follow=True).content.decode()
    assert "Ce lien n'est plus valable" in used
    assert "M'envoyer un nouveau lien" in used


def test_an_expired_activation_link_explains_itself_and_offers_a_new_one(client, invited, settings):
    new_client, message = invited
    link = link_in(message, "/activation/")
    later = time.time() + 72 * 3600 + 5
    with mock.patch("time.time", return_value=later):
        page = client.get(link, follow=True).content.decode()
    assert "Ce lien n'est plus valable" in page

    mail.outbox.clear()
    response = client.post(reverse("clients:password_reset"), {"email": new_client.email})
    assert response.status_code == 302
    send_due_emails()
    [again] = mail.outbox
    assert "/activation/" in again.body  # never activated: a new first-connection link


def test_the_firm_can_send_a_temporary_password_instead(client, lawyer):
    firm = FirmSettings.for_site(Site.objects.get(is_default_site=True))
    firm.first_connection = FirmSettings.FirstConnection.TEMPORARY_PASSWORD
    firm.save()
    new_client = ClientFactory(email="provisoire@example.fr", password=None)
    from clients.services import invite_client

    invite_client(new_client)
    send_due_emails()
    [message] = mail.outbox
    password = re.search(r"mot de passe provisoire : (\S+)", message.body).group(1)
    assert "/activation/" not in message.body
    assert password not in str(OutgoingEmail.objects.get().context)

    response = client.post(
        reverse("clients:login"), {"username": new_client.email, "password": password}
    )
    assert response.status_code == 302
    # Every page leads to choosing one's own password first.
    response = client.get(reverse("dossiers:home"))
    assert response.status_code == 302 and response.url == reverse("clients:password_change")
    response = client.post(
        reverse("clients:password_change"),
        {
            "old_password": password,
            "new_password1": "Ma propre phrase 2026",
            "new_password2": "Ma propre phrase 2026",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("dossiers:home")).status_code == 200
    assert not User.objects.get(pk=new_client.pk).must_change_password


def test_forgotten_password_answers_the_same_for_known_and_unknown_emails(client, client_a):
    known = client.post(reverse("clients:password_reset"), {"email": client_a.email})
    unknown = client.post(reverse("clients:password_reset"), {"email": "inconnu@example.fr"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert client.get(known.url).status_code == 200
    send_due_emails()
    assert [m.to for m in mail.outbox] == [[client_a.email]]


def test_a_reset_link_works_once_and_for_a_day(client, client_a):
    client.post(reverse("clients:password_reset"), {"email": client_a.email})
    send_due_emails()
    link = link_in(mail.outbox[0], "/reinitialiser/")
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(
        form_url,
        {
            "new_password1": "Nouvelle phrase oblique de juin",
            "new_password2": "Nouvelle phrase oblique de juin",
        },
    )
    client_a.refresh_from_db()
    assert client_a.check_password("Nouvelle phrase oblique de juin")
    client.logout()
    assert "Ce lien n'est plus valable" in client.get(link, follow=True).content.decode()

    token = password_reset_token_generator.make_token(client_a)
    with mock.patch("time.time", return_value=time.time() + 24 * 3600 - 60):
        assert password_reset_token_generator.check_token(client_a, token)
    with mock.patch("time.time", return_value=time.time() + 24 * 3600 + 60):
        assert not password_reset_token_generator.check_token(client_a, token)
    # An activation link lives 72 hours; a reset token is no activation token.
    assert not activation_token_generator.check_token(client_a, token)


def test_a_weak_new_password_is_refused_in_french(client, invited):
    _client, message = invited
    response = client.get(link_in(message, "/activation/"), follow=True)
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": "abc123", "new_password2": "abc123"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "trop court" in html and "12 caractères" in html


def test_firm_accounts_cannot_use_the_portals_links(client, lawyer):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(lawyer.pk))
    token = password_reset_token_generator.make_token(lawyer)
    url = reverse("clients:password_reset_confirm", args=[uid, token])
    assert "Ce lien n'est plus valable" in client.get(url, follow=True).content.decode()
    assert lawyer.check_password(PASSWORD)
