"""A verified session alone changes no second factor: replacing the app, new recovery
codes and switching it off ask for the password and a current code again. After a firm
admin's reset, the next login needs the link emailed to the account's own address."""

import time

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from clients import services
from clients.factories import PASSWORD, LawyerFactory
from clients.models import RecoveryCode, User
from clients.two_factor_views import REAUTHENTICATION_SECONDS
from notifications.models import OutgoingEmail
from notifications.tests.helpers import send_due_emails

from .test_two_factor import enrol, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.ADMIN_TWO_FACTOR_REQUIRED = True


def hashes(user):
    return sorted(RecoveryCode.objects.filter(device__user=user).values_list("hashed", flat=True))


def failures(user):
    return ModelLogEntry.objects.filter(
        action="espace.two_factor_failed", object_id=str(user.pk)
    ).count()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"code": "use-index-1"},
        {"password": PASSWORD},
        {"password": "Mauvais-mot-de-passe-2026", "code": "use-index-1"},
        {"password": PASSWORD, "code": "abcde-fghij"},
    ],
    ids=["nothing", "code only", "password only", "wrong password", "wrong code"],
)
def test_new_recovery_codes_need_the_password_and_a_code(required, lawyer, data):
    codes = enrol(lawyer)
    browser = logged_in(lawyer, code=codes[0])
    before = hashes(lawyer)
    data = {key: codes[1] if value == "use-index-1" else value for key, value in data.items()}
    response = browser.post(reverse("two_factor_admin_manage"), data)
    assert response.status_code == 200
    assert "Your new recovery codes" not in response.content.decode()
    assert "Vos nouveaux codes de secours" not in response.content.decode()
    # Only the code that served is gone (a recovery code is used up even if the password
    # was wrong: it is a try).
    after = hashes(lawyer)
    assert set(after) <= set(before) and len(before) - len(after) <= 1

    time.sleep(1.1)  # django-otp slows down retries after a wrong code
    response = browser.post(
        reverse("two_factor_admin_manage"), {"password": PASSWORD, "code": codes[2]}
    )
    assert "Vos nouveaux codes de secours" in response.content.decode()
    assert not set(hashes(lawyer)) & set(before)


def test_replacing_the_app_asks_for_the_password_and_a_code_for_five_minutes(
    required, lawyer, monkeypatch
):
    codes = enrol(lawyer)
    browser = logged_in(lawyer, code=codes[0])
    setup = reverse("two_factor_admin_setup")
    response = browser.get(setup)
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_admin_reauthenticate"))
    assert not TOTPDevice.objects.filter(user=lawyer, confirmed=False).exists()

    # A wrong code is refused, and written to the audit trail.
    wrong = browser.post(response.url, {"password": PASSWORD, "code": "000000"})
    assert wrong.status_code == 200 and failures(lawyer) == 1
    assert browser.get(setup).status_code == 302

    right = browser.post(response.url, {"password": PASSWORD, "code": codes[1]})
    assert right.status_code == 302 and right.url == setup
    assert browser.get(setup).status_code == 200

    # Five minutes later, the page closes again.
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + REAUTHENTICATION_SECONDS + 1)
    assert browser.get(setup).status_code == 302


def test_a_client_replacing_the_app_is_asked_again_too(client_a):
    codes = enrol(client_a)
    browser = HttpClient()
    browser.post(reverse("clients:login"), {"username": client_a.email, "password": PASSWORD})
    browser.post(reverse("clients:two_factor_verify"), {"code": codes[0]})
    setup = reverse("clients:two_factor_setup")
    response = browser.get(setup)
    assert response.url.startswith(reverse("clients:two_factor_reauthenticate"))
    page = browser.get(response.url).content.decode()
    assert "Confirmez qu'il s'agit de vous" in page
    browser.post(response.url, {"password": PASSWORD, "code": codes[1]})
    assert "Scannez" in browser.get(setup).content.decode()


def login_link_of(account):
    """The link in the email the worker sends (made at sending time)."""
    send_due_emails()
    (message,) = [m for m in mail.outbox if account.email in m.to]
    path = next(word for word in message.body.split() if "/connexion/lien/" in word)
    return path[path.index("/connexion/") :]


def test_after_a_reset_the_password_alone_does_not_log_in(required, lawyer):
    admin = LawyerFactory(is_superuser=True)
    admin_codes = enrol(admin)
    lawyer_codes = enrol(lawyer)
    before = logged_in(lawyer, code=lawyer_codes[0])
    assert before.get(reverse("wagtailadmin_home")).status_code == 200

    logged_in(admin, code=admin_codes[0]).post(reverse("two_factor_admin_reset", args=[lawyer.pk]))
    # The lawyer's open sessions ended with the reset.
    assert before.get(reverse("wagtailadmin_home")).url.startswith(reverse("wagtailadmin_login"))

    # Whoever holds the password only is stopped before setting up an authenticator.
    thief = logged_in(lawyer)
    for address in (
        reverse("wagtailadmin_home"),
        reverse("two_factor_admin_setup"),
        reverse("two_factor_admin_verify"),
        reverse("dossiers:home"),
    ):
        response = thief.get(address)
        assert response.status_code == 302 and response.url == reverse("clients:login_link_needed")
    assert not TOTPDevice.objects.filter(user=lawyer).exists()
    page = thief.get(reverse("clients:login_link_needed")).content.decode()
    assert lawyer.email in page and "Renvoyer le lien" in page

    # A forged link opens nothing (another account's: test_the_link_is_for_its_own_account).
    link = login_link_of(lawyer)
    token = link.split("/")[-2]
    assert "plus valable" in thief.post(link.replace(token, token[:-2] + "xx")).content.decode()

    # The owner opens the link: GET (a mail scanner) uses up nothing; « Continuer »
    # marks the browser, and the password then leads to a new authenticator.
    owner = HttpClient()
    assert "Continuer" in owner.get(link).content.decode()
    assert User.objects.get(pk=lawyer.pk).login_link_required_since is not None
    response = owner.post(link)
    assert response.url == reverse("wagtailadmin_login")
    owner.post(reverse("wagtailadmin_login"), {"username": lawyer.email, "password": PASSWORD})
    response = owner.get(reverse("wagtailadmin_home"))
    assert response.url.startswith(reverse("two_factor_admin_setup"))
    assert User.objects.get(pk=lawyer.pk).login_link_required_since is None
    assert ModelLogEntry.objects.filter(action="espace.login_link", object_id=str(lawyer.pk))

    # Used once: the link opens nothing more, in any browser.
    assert "plus valable" in HttpClient().get(link).content.decode()


def test_the_link_is_for_its_own_account_and_lasts_a_day(client_a, client_b, settings):
    for account in (client_a, client_b):
        User.objects.filter(pk=account.pk).update(login_link_required_since="2026-12-01T10:00Z")
    a = User.objects.get(pk=client_a.pk)
    token = services.login_link_token(a)
    assert services.login_link_account(token) == a
    # client_b's login does not go through client_a's link.
    browser = HttpClient()
    browser.post(reverse("clients:login_link", args=[token]))
    browser.post(reverse("clients:login"), {"username": client_b.email, "password": PASSWORD})
    assert browser.get(reverse("dossiers:home")).url == reverse("clients:login_link_needed")
    assert User.objects.get(pk=client_b.pk).login_link_required_since is not None

    later = time.time() + services.LOGIN_LINK_HOURS * 3600 + 1
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(time, "time", lambda: later)
        assert services.login_link_account(token) is None


def test_the_link_can_be_sent_again_a_few_times_an_hour(client_a):
    User.objects.filter(pk=client_a.pk).update(login_link_required_since="2026-12-01T10:00Z")
    browser = HttpClient()
    browser.post(reverse("clients:login"), {"username": client_a.email, "password": PASSWORD})
    for _ in range(5):
        browser.post(reverse("clients:login_link_resend"))
    assert OutgoingEmail.objects.filter(kind="login_link", user=client_a).count() == 3
    # GET sends nothing.
    assert browser.get(reverse("clients:login_link_resend")).status_code == 405


def test_a_link_from_an_earlier_reset_opens_nothing(client_a):
    User.objects.filter(pk=client_a.pk).update(login_link_required_since="2026-12-01T10:00Z")
    earlier = services.login_link_token(User.objects.get(pk=client_a.pk))
    User.objects.filter(pk=client_a.pk).update(login_link_required_since="2026-12-02T10:00Z")
    assert services.login_link_account(earlier) is None
    browser = HttpClient()
    assert (
        "plus valable"
        in browser.post(reverse("clients:login_link", args=[earlier])).content.decode()
    )
    browser.post(reverse("clients:login"), {"username": client_a.email, "password": PASSWORD})
    assert browser.get(reverse("dossiers:home")).url == reverse("clients:login_link_needed")
