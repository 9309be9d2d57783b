"""Two-factor authentication: the back office is out of reach with a password alone."""

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients.factories import PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

ADMIN_URLS = [
    "/admin/",
    "/admin/snippets/dossiers/dossier/",
    "/admin/snippets/clients/client/",
    "/admin/dossiers/message/",
    "/admin/dossiers/deposit/",
    "/admin/clients/contactchangerequest/",
    "/admin/payments/payment/",
    "/admin/emails/",
    "/admin/pages/",
    "/admin/reports/site-history/",
]


def code_for(user, offset=0):
    device = TOTPDevice.objects.get(user=user)
    return (
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):06d}"
    )


def password_only(user, login_url):
    browser = HttpClient()
    response = browser.post(login_url, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


@pytest.fixture
def required(settings):
    settings.ADMIN_TWO_FACTOR_REQUIRED = True


def test_no_admin_view_is_reachable_with_a_password_alone(required, lawyer, record_property):
    browser = password_only(lawyer, reverse("wagtailadmin_login"))
    reachable = [url for url in ADMIN_URLS if browser.get(url).status_code == 200]
    record_property("admin_views_reachable_with_password_alone", len(reachable))
    print(f"\nAdmin views reachable with a password alone: {len(reachable)} of {len(ADMIN_URLS)}")
    assert reachable == []
    response = browser.get("/admin/snippets/dossiers/dossier/")
    assert response.url.startswith(reverse("two_factor_admin_setup"))


def test_a_lawyer_sets_up_totp_and_gets_recovery_codes(required, lawyer):
    browser = password_only(lawyer, reverse("wagtailadmin_login"))
    page = browser.get(reverse("two_factor_admin_setup")).content.decode()
    assert "<svg" in page  # the QR code
    response = browser.post(reverse("two_factor_admin_setup"), {"code": "000000"})
    assert "pas celui attendu" in response.content.decode()
    time.sleep(1.1)  # django-otp slows down retries after a wrong code
    response = browser.post(reverse("two_factor_admin_setup"), {"code": code_for(lawyer)})
    codes = re.findall(r"<code>([a-z0-9-]+)</code>", response.content.decode())
    assert len(codes) == 10
    assert browser.get("/admin/snippets/dossiers/dossier/").status_code == 200

    # Next time: the password, then a code; a recovery code serves once.
    again = password_only(lawyer, reverse("wagtailadmin_login"))
    assert again.get("/admin/").url.startswith(reverse("two_factor_admin_verify"))
    again.post(reverse("two_factor_admin_verify"), {"code": codes[0]})
    assert again.get("/admin/").status_code == 200
    third = password_only(lawyer, reverse("wagtailadmin_login"))
    third.post(reverse("two_factor_admin_verify"), {"code": codes[0]})
    assert third.get("/admin/").status_code == 302


def test_the_setting_turns_the_requirement_off(lawyer, settings):
    settings.ADMIN_TWO_FACTOR_REQUIRED = False
    browser = password_only(lawyer, reverse("wagtailadmin_login"))
    assert browser.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("module", "expected"),
    [("config.settings.dev", "False"), ("config.settings.production", "True")],
)
def test_development_leaves_it_off_and_production_on(module, expected):
    output = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.ADMIN_TWO_FACTOR_REQUIRED)",
        ],
        cwd=ROOT,
        env={
            "DJANGO_SETTINGS_MODULE": module,
            "DJANGO_SECRET_KEY": "k" * 60,
            "ANYMAIL_PROVIDER": "postmark",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert output.stdout.strip() == expected


def test_a_client_turns_it_on_and_then_needs_a_code(client_a):
    browser = password_only(client_a, reverse("clients:login"))
    browser.get(reverse("clients:two_factor_setup"))
    response = browser.post(reverse("clients:two_factor_setup"), {"code": code_for(client_a)})
    codes = re.findall(r"<code>([a-z0-9-]+)</code>", response.content.decode())
    assert browser.get(reverse("dossiers:home")).status_code == 200

    later = password_only(client_a, reverse("clients:login"))
    response = later.get(reverse("dossiers:home"))
    assert response.status_code == 302 and response.url.startswith(
        reverse("clients:two_factor_verify")
    )
    assert later.post(reverse("clients:two_factor_verify"), {"code": "123456"}).status_code == 200
    time.sleep(1.1)  # django-otp slows down retries after a wrong code
    # The code of the next period: each code is accepted once (replays are refused).
    later.post(reverse("clients:two_factor_verify"), {"code": code_for(client_a, offset=1)})
    assert later.get(reverse("dossiers:home")).status_code == 200

    # The password alone does not turn it off: the password and a code do.
    later.post(reverse("clients:two_factor_disable"), {"password": PASSWORD, "code": PASSWORD})
    assert TOTPDevice.objects.filter(user=client_a).exists()
    time.sleep(1.1)
    later.post(reverse("clients:two_factor_disable"), {"password": PASSWORD, "code": codes[0]})
    assert not TOTPDevice.objects.filter(user=client_a).exists()
    assert (
        password_only(client_a, reverse("clients:login")).get(reverse("dossiers:home")).status_code
        == 200
    )


def test_a_stolen_password_cannot_replace_the_lawyers_authenticator(required, lawyer):
    owner = password_only(lawyer, reverse("wagtailadmin_login"))
    owner.get(reverse("two_factor_admin_setup"))
    owner.post(reverse("two_factor_admin_setup"), {"code": code_for(lawyer)})
    device = TOTPDevice.objects.get(user=lawyer)

    thief = password_only(lawyer, reverse("wagtailadmin_login"))
    response = thief.get(reverse("two_factor_admin_setup"))
    assert response.status_code == 302 and response.url == reverse("two_factor_admin_verify")
    thief.post(reverse("two_factor_admin_setup"), {"code": "123456"})
    assert list(TOTPDevice.objects.filter(user=lawyer)) == [device]
    assert thief.get("/admin/").status_code == 302
