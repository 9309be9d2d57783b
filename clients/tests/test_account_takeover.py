"""No silent account takeover: a login email changed in the back office follows the
portal's rule (its owner confirms it; the former address is told, with « Ce n'est pas
moi »), and a changed password is told to its owner and ends the other sessions."""

import datetime
import re
from unittest import mock

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from clients.factories import PASSWORD
from clients.models import ContactChangeRequest, User
from clients.services import NOT_ME_DAYS
from notifications.tests.helpers import html_of, send_due_emails, sent_to

pytestmark = pytest.mark.django_db
NEW = "luce.nouvelle@example.fr"


def edit_url(client):
    return reverse("wagtailsnippets_clients_client:edit", args=[client.pk])


def lawyer_edits(lawyer_session, client, **changes):
    data = querydict_from_html(
        lawyer_session.get(edit_url(client)).content.decode(), form_id="w-editor-form"
    )
    if data.get("is_active") == "":
        data["is_active"] = "on"
    data.update(changes)
    response = lawyer_session.post(edit_url(client), data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def link(message, name):
    path = reverse(f"clients:{name}", args=["TOKEN"]).replace("TOKEN/", "")
    return re.search(rf"http://testserver({re.escape(path)}[^\s\"<]+)", message.body).group(1)


def test_a_login_email_changed_by_the_firm_waits_for_its_owner(lawyer_session, client_a, lawyer):
    old = client_a.email
    page = lawyer_edits(lawyer_session, client_a, email=NEW, city="LYON")
    assert NEW in page and "confirm" in page.lower()
    client_a.refresh_from_db()
    assert client_a.email == old and client_a.city == "LYON"  # the login is still the old one
    change = ContactChangeRequest.objects.get(client=client_a)
    assert change.status == ContactChangeRequest.Status.APPLIED
    assert change.previous_email == old and change.created_by == lawyer
    # The audit entry names what changed, old and new.
    entry = ModelLogEntry.objects.get(action="espace.client_changed")
    assert entry.user_id == lawyer.pk
    assert entry.data["changes"]["email"] == [old, NEW]
    assert entry.data["changes"]["city"][1] == "LYON"
    # « Mot de passe oublié ? » with the new address finds no account: no way in.
    HttpClient().post(reverse("clients:password_reset"), {"email": NEW})
    send_due_emails()
    [confirmation] = sent_to(NEW)
    assert "confirm" in confirmation.subject.lower()
    [notice] = sent_to(old)
    assert "Ce n'est pas moi" in html_of(notice) or "pas moi" in html_of(notice)
    assert NEW not in notice.body  # the former inbox does not learn the new address
    # Its owner confirms: now it is the login.
    owner = HttpClient()
    owner.post(link(confirmation, "confirm_email"))
    client_a.refresh_from_db()
    assert client_a.email == NEW
    assert ModelLogEntry.objects.filter(action="espace.email_confirmed").count() == 1


def test_it_was_not_me_restores_the_address_and_ends_every_session(
    lawyer_session, client_a, lawyer
):
    old = client_a.email
    victim = HttpClient()
    victim.force_login(client_a)
    lawyer_edits(lawyer_session, client_a, email=NEW)
    send_due_emails()
    [confirmation] = sent_to(NEW)
    [notice] = sent_to(old)
    HttpClient().post(link(confirmation, "confirm_email"))  # the thief confirms
    thief = HttpClient()
    thief.post(reverse("clients:login"), {"username": NEW, "password": PASSWORD})
    assert thief.get(reverse("dossiers:home")).status_code == 200
    not_me = link(notice, "not_me")
    assert HttpClient().get(not_me).status_code == 200  # a preview changes nothing
    client_a.refresh_from_db()
    assert client_a.email == NEW
    response = HttpClient().post(not_me)
    assert response.status_code == 200 and old in response.content.decode()
    client_a.refresh_from_db()
    assert client_a.email == old
    assert ContactChangeRequest.objects.get().status == ContactChangeRequest.Status.CANCELLED
    # Every session ended, with a message saying why.
    for browser in (thief, victim):
        response = browser.get(reverse("dossiers:home"), follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("clients:login"))
        assert "session" in response.content.decode()
    stranger = HttpClient()
    stranger.post(reverse("clients:login"), {"username": NEW, "password": PASSWORD})
    assert stranger.get(reverse("dossiers:home")).status_code == 302
    # Used once: the link, and the confirmation, no longer work.
    assert HttpClient().post(not_me).status_code == 404
    HttpClient().post(link(confirmation, "confirm_email"))
    client_a.refresh_from_db()
    assert client_a.email == old
    assert ModelLogEntry.objects.filter(action="espace.email_change_undone").count() == 1


def test_it_was_not_me_works_seven_days_then_no_more(lawyer_session, client_a):
    old = client_a.email
    lawyer_edits(lawyer_session, client_a, email=NEW)
    send_due_emails()
    [notice] = sent_to(old)
    later = timezone.now() + datetime.timedelta(days=NOT_ME_DAYS, minutes=1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert HttpClient().post(link(notice, "not_me")).status_code == 404
    assert ContactChangeRequest.objects.get().status == ContactChangeRequest.Status.APPLIED


def test_a_forged_not_me_link_changes_nothing(client_a):
    assert HttpClient().post(reverse("clients:not_me", args=["forged:token"])).status_code == 404


def test_an_address_of_another_account_is_refused_in_the_form(lawyer_session, client_a, client_b):
    page = lawyer_edits(lawyer_session, client_a, email=client_b.email)
    assert "existe déjà" in page or "already" in page
    client_a.refresh_from_db()
    assert client_a.email != client_b.email
    assert not ContactChangeRequest.objects.exists()


def test_a_changed_password_is_told_and_ends_the_other_sessions(client_a):
    phone = HttpClient()
    phone.force_login(client_a)
    desk = HttpClient()
    desk.force_login(client_a)
    response = desk.post(
        reverse("clients:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Tisane-Orageuse-Pivoine-2031",
            "new_password2": "Tisane-Orageuse-Pivoine-2031",
        },
    )
    assert response.status_code == 302
    assert desk.get(reverse("dossiers:home")).status_code == 200  # this session goes on
    response = phone.get(reverse("dossiers:home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("clients:login"))
    assert "mot de passe" in response.content.decode()
    send_due_emails()
    [notice] = sent_to(client_a.email)
    assert "mot de passe" in notice.subject.lower()
    assert reverse("clients:password_reset") in notice.body
    activity = desk.get(reverse("privacy:activity")).content.decode()
    assert "mot de passe" in activity.lower()
    assert ModelLogEntry.objects.filter(
        action="espace.password_changed", user_id=client_a.pk
    ).exists()


def test_an_accounts_first_password_is_no_change(db):
    from clients.factories import ClientFactory

    ClientFactory(email="nouvelle@example.fr")
    send_due_emails()
    assert mail.outbox == []
    assert not ModelLogEntry.objects.filter(action="espace.password_changed").exists()
    assert User.objects.get(email="nouvelle@example.fr").session_epoch == 0
