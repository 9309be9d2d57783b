"""Recovery codes stored hashed; changes of a second factor audited, emailed, and only made
by a session that passed its second factor; a firm admin resets a lost one."""

import re
import time

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from clients import two_factor
from clients.factories import PASSWORD, LawyerFactory
from clients.models import RecoveryCode, RecoveryCodeDevice
from notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.ADMIN_TWO_FACTOR_REQUIRED = True


def app_code(user, offset=0):
    device = TOTPDevice.objects.get(user=user)
    return (
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):06d}"
    )


def enrol(user):
    device = two_factor.pending_device(user)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return two_factor.confirm(device, f"{code:06d}")


def logged_in(user, code=None):
    """A back-office session: the password, then (if given) a code."""
    browser = HttpClient()
    browser.post(reverse("wagtailadmin_login"), {"username": user.email, "password": PASSWORD})
    if code is not None:
        browser.post(reverse("two_factor_admin_verify"), {"code": code})
    return browser


def changes_of(user):
    return [
        entry.data.get("change")
        for entry in ModelLogEntry.objects.filter(
            action="espace.two_factor", object_id=str(user.pk)
        ).order_by("pk")
    ]


def emails_to(user):
    return list(
        OutgoingEmail.objects.filter(kind="two_factor_changed", user=user)
        .order_by("pk")
        .values_list("context__change", flat=True)
    )


def test_recovery_codes_are_stored_hashed_and_serve_once(lawyer):
    codes = enrol(lawyer)
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes)
    stored = list(RecoveryCode.objects.filter(device__user=lawyer).values_list("hashed", flat=True))
    assert len(stored) == 10
    for code in codes:
        plain = code.replace("-", "")
        assert all(plain not in hashed and code not in hashed for hashed in stored)
    # Typed in capitals, with spaces instead of the dash: still the code.
    assert two_factor.verify(lawyer, codes[3].upper().replace("-", " ")) is not None
    assert two_factor.verify(lawyer, codes[3]) is None
    assert RecoveryCode.objects.filter(device__user=lawyer).count() == 9


def test_after_the_app_codes_are_throttled_a_recovery_code_still_works(required, lawyer):
    codes = enrol(lawyer)
    app = TOTPDevice.objects.get(user=lawyer)
    for _ in range(5):
        two_factor.verify(lawyer, "000000")
    app.refresh_from_db()
    assert app.verify_is_allowed()[0] is False  # the app's codes are throttled
    assert two_factor.verify(lawyer, app_code(lawyer)) is None  # even the right one, for now

    browser = logged_in(lawyer, code=codes[0])
    assert browser.get(reverse("wagtailadmin_home")).status_code == 200


def test_turning_it_on_and_replacing_the_app_are_audited_and_emailed(required, lawyer):
    browser = logged_in(lawyer)
    browser.get(reverse("two_factor_admin_setup"))
    browser.post(reverse("two_factor_admin_setup"), {"code": app_code(lawyer)})
    assert changes_of(lawyer) == ["enabled"]

    # Replacing it: the same (verified) session, once the password and a code are asked
    # again, sets up a new app.
    reauthenticate = browser.get(reverse("two_factor_admin_setup"))
    assert reauthenticate.url.startswith(reverse("two_factor_admin_reauthenticate"))
    codes = two_factor.new_recovery_codes(lawyer)
    browser.post(
        reverse("two_factor_admin_reauthenticate"), {"password": PASSWORD, "code": codes[0]}
    )
    browser.get(reverse("two_factor_admin_setup"))
    pending = TOTPDevice.objects.get(user=lawyer, confirmed=False)
    code = totp(pending.bin_key, pending.step, pending.t0, pending.digits, pending.drift)
    browser.post(reverse("two_factor_admin_setup"), {"code": f"{code:06d}"})
    assert list(TOTPDevice.objects.filter(user=lawyer)) == [pending]
    assert changes_of(lawyer) == ["enabled", "replaced"]

    codes = two_factor.new_recovery_codes(lawyer)
    browser.post(reverse("two_factor_admin_manage"), {"password": PASSWORD, "code": codes[0]})
    assert changes_of(lawyer) == ["enabled", "replaced", "recovery_codes"]
    assert emails_to(lawyer) == ["enabled", "replaced", "recovery_codes"]


def test_new_recovery_codes_need_a_verified_session(required, lawyer):
    enrol(lawyer)
    before = list(RecoveryCode.objects.values_list("hashed", flat=True))
    thief = logged_in(lawyer)
    response = thief.post(reverse("two_factor_admin_manage"))
    assert response.status_code == 302
    assert list(RecoveryCode.objects.values_list("hashed", flat=True)) == before
    assert changes_of(lawyer) == []


def test_a_client_turns_it_off_with_the_password_and_a_code(client_a):
    codes = enrol(client_a)
    browser = HttpClient()
    browser.post(reverse("clients:login"), {"username": client_a.email, "password": PASSWORD})
    # Password only: every page, the switch-off included, asks for the code first.
    response = browser.post(
        reverse("clients:two_factor_disable"), {"password": PASSWORD, "code": codes[1]}
    )
    assert response.url.startswith(reverse("clients:two_factor_verify"))
    browser.post(reverse("clients:two_factor_verify"), {"code": codes[0]})
    # A verified session alone is not enough: a wrong code, or no password, changes nothing.
    response = browser.post(
        reverse("clients:two_factor_disable"), {"password": PASSWORD, "code": PASSWORD}
    )
    assert "pas valable" in response.content.decode()
    response = browser.post(reverse("clients:two_factor_disable"), {"code": codes[1]})
    assert "Saisissez votre mot de passe" in response.content.decode()
    time.sleep(1.1)  # django-otp slows down retries after a wrong code
    response = browser.post(
        reverse("clients:two_factor_disable"), {"password": "Devine2026!", "code": codes[1]}
    )
    assert "pas le bon" in response.content.decode()
    assert TOTPDevice.objects.filter(user=client_a).exists()
    browser.post(reverse("clients:two_factor_disable"), {"password": PASSWORD, "code": codes[2]})
    assert not TOTPDevice.objects.filter(user=client_a).exists()
    assert not RecoveryCodeDevice.objects.filter(user=client_a).exists()
    assert changes_of(client_a) == ["disabled"]
    assert emails_to(client_a) == ["disabled"]


def test_a_verified_firm_admin_resets_a_lawyer_who_lost_everything(required, lawyer):
    admin = LawyerFactory(is_superuser=True)
    admin_codes = enrol(admin)
    enrol(lawyer)
    url = reverse("two_factor_admin_reset", args=[lawyer.pk])

    # Another lawyer may not, nor the admin with a password alone.
    colleague = LawyerFactory()
    enrol(colleague)
    colleague_codes = two_factor.new_recovery_codes(colleague)
    refused = logged_in(colleague, code=colleague_codes[0]).post(url)
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    refused = logged_in(admin).post(url)
    assert refused.url.startswith(reverse("two_factor_admin_verify"))
    assert TOTPDevice.objects.filter(user=lawyer).exists()
    assert changes_of(lawyer) == []

    browser = logged_in(admin, code=admin_codes[0])
    assert "Réinitialiser" in browser.get(url).content.decode()
    browser.post(url)
    assert not TOTPDevice.objects.filter(user=lawyer).exists()
    assert not RecoveryCodeDevice.objects.filter(user=lawyer).exists()
    entry = ModelLogEntry.objects.get(action="espace.two_factor", object_id=str(lawyer.pk))
    assert entry.user_id == admin.pk and entry.data["change"] == "reset"
    # The lawyer hears of it with the one-time link their next login needs.
    assert list(OutgoingEmail.objects.filter(user=lawyer).values_list("kind", flat=True)) == [
        "login_link"
    ]
