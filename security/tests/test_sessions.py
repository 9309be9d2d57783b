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
            "new_password1": "Nouvelle phrase oblique de juin",
            "new_password2": "Nouvelle phrase oblique de juin",
        },
    )
    assert phone.get(HOME).status_code == 302
    assert laptop.get(HOME).status_code == 200


def writes_during(browser, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_activity_is_recorded_once_a_minute_not_on_every_page_view(client_a, monkeypatch):
    from security import middleware

    browser = logged_in(client_a)
    start = time.time()
    monkeypatch.setattr(middleware.time, "time", lambda: start)
    browser.get(HOME)  # the first page after login records the session's start
    recorded = browser.session["last_seen"]
    for later in (1, 30, 59):
        monkeypatch.setattr(middleware.time, "time", lambda later=later: start + later)
        assert writes_during(browser, HOME) == []
        assert browser.session["last_seen"] == recorded
    monkeypatch.setattr(middleware.time, "time", lambda: start + 60)
    assert writes_during(browser, HOME) != []
    assert browser.session["last_seen"] == int(start + 60)


def test_the_idle_timeout_is_never_late_and_less_than_a_minute_early(client_a, monkeypatch):
    from security import middleware

    idle = 30 * 60
    browser = logged_in(client_a)
    start = int(time.time())
    monkeypatch.setattr(middleware.time, "time", lambda: start)
    browser.get(HOME)
    # Seen 59 s later, unrecorded: the session still lives 60 s short of 30 minutes after.
    monkeypatch.setattr(middleware.time, "time", lambda: start + 59)
    assert browser.get(HOME).status_code == 200
    monkeypatch.setattr(middleware.time, "time", lambda: start + 59 + idle - 60)
    assert browser.get(HOME).status_code == 200
    # Recorded at that request: 30 minutes and 1 s of real inactivity later, it is over.
    last = start + 59 + idle - 60
    monkeypatch.setattr(middleware.time, "time", lambda: last + idle + 1)
    assert browser.get(HOME).status_code == 302


def test_an_unrecorded_minute_never_delays_the_idle_timeout(client_a, monkeypatch):
    from security import middleware

    idle = 30 * 60
    browser = logged_in(client_a)
    start = int(time.time())
    monkeypatch.setattr(middleware.time, "time", lambda: start)
    browser.get(HOME)
    monkeypatch.setattr(middleware.time, "time", lambda: start + 59)
    browser.get(HOME)  # not recorded
    # Idle for exactly 30 minutes since the real last request, plus one second.
    monkeypatch.setattr(middleware.time, "time", lambda: start + 59 + idle + 1)
    response = browser.get(HOME, follow=True)
    assert "30 minutes d&#x27;inactivité" in response.content.decode()


def test_the_absolute_timeout_is_not_moved_by_the_coarse_activity(client_a, monkeypatch):
    from security import middleware

    browser = logged_in(client_a)
    start = int(time.time())
    monkeypatch.setattr(middleware.time, "time", lambda: start)
    browser.get(HOME)
    absolute = 12 * 3600
    # A page every 20 minutes: alive until 12 hours after the start, not one second more.
    moment = start
    while moment + 1200 <= start + absolute:
        moment += 1200
        monkeypatch.setattr(middleware.time, "time", lambda moment=moment: moment)
        assert browser.get(HOME).status_code == 200
    monkeypatch.setattr(middleware.time, "time", lambda: start + absolute + 1)
    assert browser.get(HOME).status_code == 302
