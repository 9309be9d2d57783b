"""Brute force: attempts per account are capped, whatever the addresses and headers."""

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse

from clients.factories import PASSWORD, UserFactory
from notifications.tests.helpers import send_due_emails

pytestmark = pytest.mark.django_db
LOGIN = reverse("clients:login")


def attempt(http_client, email, password, ip, forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return http_client.post(LOGIN, {"username": email, "password": password}, **extra)


def test_an_attack_rotating_addresses_and_forged_headers_gets_at_most_10_tries(
    client, client_a, record_property
):
    accepted = 0
    for n in range(100):
        response = attempt(
            client,
            client_a.email.upper() if n % 2 else client_a.email,
            f"guess-{n}",
            ip=f"198.51.{n // 250}.{n % 250 + 1}",
            forwarded=f"10.0.0.{n % 250 + 1}, 203.0.113.{n % 250 + 1}",
        )
        if response.status_code == 200:  # the password was checked (and was wrong)
            accepted += 1
        else:
            assert response.status_code == 429
    record_property("attempts_accepted_per_hour", accepted)
    print(f"\nLogin attempts accepted in one hour for one account under attack: {accepted}")
    assert accepted <= 10
    # Even the right password is refused while the account is locked.
    assert attempt(HttpClient(), client_a.email, PASSWORD, ip="192.0.2.200").status_code == 429


def test_an_account_and_address_pair_locks_after_five_failures(client, client_a):
    for n in range(4):
        assert attempt(client, client_a.email, f"wrong-{n}", ip="192.0.2.1").status_code == 200
    assert attempt(client, client_a.email, "wrong-5", ip="192.0.2.1").status_code == 429
    locked = attempt(client, client_a.email, PASSWORD, ip="192.0.2.1")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Trop de tentatives" in page and "Réessayez dans 60 minutes" in page
    # The same account from another address still logs in (under the account limit).
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
    from axes.models import AccessAttempt

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
