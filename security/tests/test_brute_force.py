"""Brute force: guesses per account are held to about two a minute, whatever the addresses
and headers, and nobody can lock the owner out: an emailed link lets their browser in."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db.models import F
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import ModelLogEntry

from clients.factories import PASSWORD, UserFactory
from notifications.tests.helpers import send_due_emails

pytestmark = pytest.mark.django_db
LOGIN = reverse("clients:login")


def attempt(http_client, email, password, ip, forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return http_client.post(LOGIN, {"username": email, "password": password}, **extra)


def advance(seconds):
    """Time passes: every recorded failure moves that much into the past."""
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - datetime.timedelta(seconds=seconds)
    )


def just_failed():
    """The attacker's last guess was checked just now: the longest wait there can be."""
    AccessAttempt.objects.update(attempt_time=timezone.now())


def waited(response):
    assert response.status_code == 429
    return response.context["seconds"]


def unlock_link(account):
    send_due_emails()
    (message,) = [m for m in mail.outbox if m.to == [account.email]]
    url = next(word for word in message.body.split() if "/connexion/deblocage/" in word)
    return url[url.index("/connexion/") :]


def attack(count, email, record_property=None, every=0.6, first=0):
    """``count`` tries from 50 addresses, one every ``every`` seconds, with forged
    forwarding headers; returns how many passwords were actually checked."""
    attacker = HttpClient()
    checked = 0
    for n in range(first, first + count):
        response = attempt(
            attacker,
            email.upper() if n % 2 else email,
            f"guess-{n}",
            ip=f"198.51.100.{n % 50 + 1}",
            forwarded=f"10.0.0.{n % 250 + 1}, 203.0.113.{n % 250 + 1}",
        )
        if response.status_code == 200:  # the password was checked (and was wrong)
            checked += 1
        else:
            assert response.status_code == 429
        advance(every)
    return checked


def test_an_attack_from_50_addresses_leaves_the_owner_in_within_30_seconds(
    client_a, record_property
):
    checked = attack(1000, client_a.email)
    record_property("passwords_checked_in_1000_tries", checked)
    print(f"\n1,000 tries from 50 addresses in 10 minutes: {checked} passwords checked")
    # About one guess per 30 seconds once the account slows down, whatever the addresses.
    assert checked <= 30

    # The owner, from home, with the right password: at most 30 seconds to wait, and no
    # locked account. Even the right password waits: the wait says nothing of it.
    just_failed()
    owner = HttpClient()
    seconds = waited(attempt(owner, client_a.email, PASSWORD, ip="192.0.2.200"))
    assert 0 < seconds <= 30
    advance(seconds)
    assert attempt(owner, client_a.email, PASSWORD, ip="192.0.2.200").status_code == 302


def test_the_emailed_link_lets_the_owner_in_at_once_while_the_attack_goes_on(client_a):
    attack(300, client_a.email)
    just_failed()
    owner = HttpClient()
    page = attempt(owner, client_a.email, PASSWORD, ip="192.0.2.200")
    assert "Recevoir un lien par email" in page.content.decode()
    # The lockout page's form; the answer is the same for an unknown address.
    unknown = owner.post(reverse("clients:unlock_request"), {"email": "personne@example.fr"})
    known = owner.post(reverse("clients:unlock_request"), {"email": client_a.email})
    assert unknown.url == known.url == LOGIN
    link = unlock_link(client_a)
    # Opening the link (a mail scanner) changes nothing; « Continuer » does.
    assert "Continuer" in owner.get(link).content.decode()
    attack(3, client_a.email, first=300, every=0)
    just_failed()
    waited(attempt(owner, client_a.email, PASSWORD, ip="192.0.2.200"))
    assert owner.post(link).url == LOGIN

    # The attack goes on; the owner's browser gets in at once, with the password.
    attack(3, client_a.email, first=303, every=0)
    assert attempt(owner, client_a.email, PASSWORD, ip="192.0.2.200").status_code == 302
    assert ModelLogEntry.objects.filter(action="espace.unlock_link", object_id=str(client_a.pk))
    # Only that browser: another one (the attacker's) still waits.
    just_failed()
    waited(attempt(HttpClient(), client_a.email, PASSWORD, ip="192.0.2.200"))
    # Used: the link no longer opens anything (the login changed the account).
    assert "plus valable" in HttpClient().post(link).content.decode()


def test_the_link_s_pass_is_for_one_account_and_a_few_tries(client_a, client_b):
    attack(100, client_a.email, every=0.1)
    attack(100, client_b.email, every=0.1)
    just_failed()  # both accounts
    browser = HttpClient()
    browser.post(reverse("clients:unlock_request"), {"email": client_a.email})
    browser.post(unlock_link(client_a))
    # Not client_b's account.
    waited(attempt(browser, client_b.email, PASSWORD, ip="192.0.2.201"))
    # Five wrong passwords use it up; they are not the account's failures either.
    before = AccessAttempt.objects.filter(username=client_a.email).count()
    for n in range(5):
        assert attempt(browser, client_a.email, f"wrong-{n}", ip="192.0.2.201").status_code == 200
    assert AccessAttempt.objects.filter(username=client_a.email).count() == before
    waited(attempt(browser, client_a.email, PASSWORD, ip="192.0.2.201"))


def test_a_forged_unlock_link_opens_nothing(client, client_a):
    attack(100, client_a.email, every=0.1)
    uid = urlsafe_base64_encode(force_bytes(client_a.pk))
    for args in ([uid, "forged-token"], ["MQ", "x"], ["!!", "x"]):
        page = client.post(reverse("clients:unlock", args=args))
        assert "plus valable" in page.content.decode()
    just_failed()
    waited(attempt(client, client_a.email, PASSWORD, ip="192.0.2.202"))


def test_an_account_and_address_pair_locks_after_five_failures(client, client_a):
    for n in range(4):
        assert attempt(client, client_a.email, f"wrong-{n}", ip="192.0.2.1").status_code == 200
    assert attempt(client, client_a.email, "wrong-5", ip="192.0.2.1").status_code == 429
    locked = attempt(client, client_a.email, PASSWORD, ip="192.0.2.1")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Trop de tentatives" in page and "Réessayez dans 60 minutes" in page
    # The same account from another address still logs in, after a short wait.
    just_failed()
    seconds = waited(attempt(HttpClient(), client_a.email, PASSWORD, ip="192.0.2.2"))
    assert 0 < seconds <= 2
    advance(seconds)
    assert attempt(HttpClient(), client_a.email, PASSWORD, ip="192.0.2.2").status_code == 302


def test_a_forged_forwarded_header_does_not_change_the_address(client, client_a):
    for n in range(5):
        attempt(client, client_a.email, f"wrong-{n}", ip="192.0.2.9", forwarded=f"203.0.113.{n}")
    assert (
        attempt(
            client, client_a.email, PASSWORD, ip="192.0.2.9", forwarded="203.0.113.99"
        ).status_code
        == 429
    )


def test_behind_a_trusted_proxy_the_address_is_the_one_it_saw(settings, rf):
    from security.throttle import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"


def test_the_back_office_login_is_throttled_too(client, lawyer):
    url = reverse("wagtailadmin_login")
    for n in range(5):
        client.post(
            url, {"username": lawyer.email, "password": f"wrong-{n}"}, REMOTE_ADDR="192.0.2.3"
        )
    response = client.post(
        url, {"username": lawyer.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.3"
    )
    assert response.status_code == 429


def test_the_firm_sees_lockouts_and_lifts_them(client, client_a):
    for n in range(5):
        attempt(client, client_a.email, f"wrong-{n}", ip="192.0.2.4")
    admin = HttpClient()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = admin.get(reverse("axes_accessattempt_modeladmin_index"))
    assert listing.status_code == 200 and client_a.email in listing.content.decode()
    attempt_id = AccessAttempt.objects.get().pk
    response = admin.post(reverse("axes_accessattempt_modeladmin_delete", args=[attempt_id]))
    assert response.status_code == 302
    assert attempt(client, client_a.email, PASSWORD, ip="192.0.2.4").status_code == 302


def test_lawyers_do_not_manage_lockouts(client, lawyer):
    client.force_login(lawyer)
    assert client.get(reverse("axes_accessattempt_modeladmin_index")).status_code in (302, 403)


def test_reset_requests_are_throttled_per_address(client, settings):
    settings.RESET_RATE_PER_IP = "3/h"
    url = reverse("clients:password_reset")
    for n in range(3):
        assert (
            client.post(url, {"email": f"x{n}@example.fr"}, REMOTE_ADDR="192.0.2.5").status_code
            == 302
        )
    refused = client.post(url, {"email": "x9@example.fr"}, REMOTE_ADDR="192.0.2.5")
    assert refused.status_code == 429
    assert "Trop de demandes" in refused.content.decode()


def test_reset_requests_are_throttled_per_account_without_saying_so(client, client_a, settings):
    settings.RESET_RATE_PER_ACCOUNT = "2/h"
    url = reverse("clients:password_reset")
    answers = [
        client.post(url, {"email": client_a.email}, REMOTE_ADDR=f"192.0.2.{10 + n}")
        for n in range(4)
    ]
    assert {(a.status_code, a.url) for a in answers} == {
        (302, reverse("clients:password_reset_sent"))
    }
    send_due_emails()
    assert len(mail.outbox) == 2


def test_activation_links_are_throttled_per_address(client, settings):
    settings.RESET_RATE_PER_IP = "3/h"
    for n in range(3):
        client.get(reverse("clients:activate", args=["MQ", f"x-{n}"]), REMOTE_ADDR="192.0.2.6")
    assert (
        client.get(
            reverse("clients:activate", args=["MQ", "x-9"]), REMOTE_ADDR="192.0.2.6"
        ).status_code
        == 429
    )
