"""Sessions: secure cookies, 30 minutes idle, 12 hours at most, a new id at login,
and ended by logout, password change and deactivation."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from clients.factories import PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
HOME = reverse("dossiers:home")
LOGIN = reverse("clients:login")


def logged_in(user):
    browser = HttpClient()
    response = browser.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def age_session(browser, **seconds_ago):
    session = browser.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_production_cookies_are_secure_httponly_and_samesite():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_NAME)"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "z" * 60,
        "ANYMAIL_PROVIDER": "postmark",
        "PATH": "/usr/bin:/bin",
    }
    output = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert output == ["True", "True", "Lax", "True", "__Host-sessionid"]


def test_an_idle_session_ends_after_30_minutes_with_a_french_message(client_a):
    browser = logged_in(client_a)
    age_session(browser, last_seen=29 * 60)
    assert browser.get(HOME).status_code == 200
    age_session(browser, last_seen=31 * 60)
    response = browser.get(HOME, follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN)
    assert (
        "Votre session a pris fin après 30 minutes d&#x27;inactivité" in response.content.decode()
    )
    assert browser.get(HOME).status_code == 302


def test_a_session_lasts_12_hours_at_most(client_a):
    browser = logged_in(client_a)
    age_session(browser, started_at=12 * 3600 + 5, last_seen=10)
    response = browser.get(HOME, follow=True)
    assert "une session dure au plus 12 heures" in response.content.decode()
    assert browser.get(HOME).status_code == 302


def test_the_session_id_is_renewed_at_login(client_a):
    browser = HttpClient()
    session = browser.session
    session["before"] = "login"
    session.save()
    before = browser.cookies["sessionid"].value
    browser.post(LOGIN, {"username": client_a.email, "password": PASSWORD})
    assert browser.cookies["sessionid"].value != before


def test_logout_ends_the_session(client_a):
    browser = logged_in(client_a)
    browser.post(reverse("clients:logout"))
    assert browser.get(HOME).status_code == 302


def test_deactivating_a_client_ends_their_sessions(client_a):
    browser = logged_in(client_a)
    client_a.is_active = False
    client_a.save()
    assert browser.get(HOME).status_code == 302


def test_a_password_change_ends_the_other_sessions(client_a):
    phone, laptop = logged_in(client_a), logged_in(client_a)
    laptop.post(
        reverse("clients:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Nouvelle phrase 2026",
            "new_password2": "Nouvelle phrase 2026",
        },
    )
    assert phone.get(HOME).status_code == 302
    assert laptop.get(HOME).status_code == 200
