"""A firm account cannot be taken with its password alone, from any route of the project.

A session that logged in with a lawyer's (or a firm admin's) password but has not entered
a code tries every URL pattern of the project, by GET and by POST with a valid CSRF token
and plausible fields. Afterwards the account's password hash, its authenticator and its
recovery codes are unchanged, and nothing answered 200 but the code's page, the first
set-up of an authenticator (for an account that has none) and logging out.
"""

import re

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.regex_helper import normalize
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients import two_factor
from clients.factories import PASSWORD, LawyerFactory
from clients.models import RecoveryCode, User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Une-Autre-Phrase-Secrete-2027"
PLAUSIBLE_FIELDS = {
    "password": PASSWORD,
    "old_password": PASSWORD,
    "new_password1": NEW_PASSWORD,
    "new_password2": NEW_PASSWORD,
    "password1": NEW_PASSWORD,
    "password2": NEW_PASSWORD,
    "code": "123456",
    "email": "voleur@example.com",
    "first_name": "Voleur",
    "last_name": "VOLEUR",
    "is_active": "on",
    "action-publish": "1",
}


def url_templates():
    """Every URL pattern of the project as ``(template, parameters)``: "/a/%(pk)s/"."""
    templates = []

    def walk(patterns, prefix):
        for entry in patterns:
            regex = prefix + entry.pattern.regex.pattern.lstrip("^").removesuffix("\\Z")
            regex = regex.removesuffix("$")
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, regex)
            elif isinstance(entry, URLPattern):
                templates.extend(("/" + template, params) for template, params in normalize(regex))

    walk(get_resolver().url_patterns, "")
    return templates


def every_url(argument):
    """One address per URL pattern of the project, with ``argument`` for each parameter."""
    return sorted(
        {template % dict.fromkeys(params, argument) for template, params in url_templates()}
    )


def state_of(user):
    user.refresh_from_db()
    return {
        "password": user.password,
        "apps": sorted(TOTPDevice.objects.filter(user=user).values_list("pk", "key", "confirmed")),
        "codes": sorted(RecoveryCode.objects.filter(device__user=user).values_list("pk", "hashed")),
        "active": user.is_active,
        "email": user.email,
    }


def password_only(user):
    browser = HttpClient(enforce_csrf_checks=True)
    browser.get(reverse("wagtailadmin_login"))
    response = browser.post(
        reverse("wagtailadmin_login"),
        {
            "username": user.email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"].value,
        },
    )
    assert response.status_code == 302
    return browser


def attack(user, allowed):
    """Every pattern, GET and POST; returns (requests made, {url: status} answered 200)."""
    browser = password_only(user)
    answered = {}
    requests = 0
    for url in every_url(str(user.pk)):
        for method in ("get", "post"):
            if method == "post" and re.search(r"logout|deconnexion", url):
                continue  # it would end the session, which is what the attacker least wants
            data = {**PLAUSIBLE_FIELDS, "csrfmiddlewaretoken": browser.cookies["csrftoken"].value}
            response = getattr(browser, method)(url, data if method == "post" else None)
            requests += 1
            if response.status_code == 200:
                answered[f"{method.upper()} {url}"] = response.status_code
            if "_auth_user_id" not in browser.session:
                browser = password_only(user)
    unexpected = {key for key in answered if key.split(" ", 1)[1].split("?")[0] not in allowed}
    return requests, answered, unexpected


@pytest.fixture
def required(settings):
    settings.ADMIN_TWO_FACTOR_REQUIRED = True


def enrol(user):
    device = two_factor.pending_device(user)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return two_factor.confirm(device, f"{code:06d}")


def test_a_lawyers_password_alone_changes_nothing_anywhere(required, lawyer, record_property):
    enrol(lawyer)
    before = state_of(lawyer)
    allowed = {reverse("two_factor_admin_verify"), reverse("wagtailadmin_javascript_catalog")}
    requests, answered, unexpected = attack(lawyer, allowed)
    after = state_of(lawyer)
    record_property("staff_urls_tried_with_password_alone", requests)
    print(
        f"\nPassword-only lawyer session: {requests} requests over every URL pattern; "
        f"answered 200: {sorted(answered)}; changes to the account: "
        f"{sum(before[k] != after[k] for k in before)}"
    )
    assert requests > 300
    assert unexpected == set()
    assert after == before


def test_a_firm_admins_password_alone_changes_nothing_anywhere(required, record_property):
    admin = LawyerFactory(is_superuser=True)
    victim = LawyerFactory()
    enrol(admin)
    enrol(victim)
    before = state_of(admin), state_of(victim)
    allowed = {reverse("two_factor_admin_verify"), reverse("wagtailadmin_javascript_catalog")}
    requests, answered, unexpected = attack(admin, allowed)
    assert unexpected == set()
    assert (state_of(admin), state_of(victim)) == before
    assert User.objects.filter(email=PLAUSIBLE_FIELDS["email"]).count() == 0


def test_without_an_authenticator_only_the_first_set_up_opens(required, lawyer):
    before = state_of(lawyer)
    allowed = {
        reverse("two_factor_admin_setup"),
        reverse("two_factor_admin_verify"),
        reverse("wagtailadmin_javascript_catalog"),
    }
    _requests, answered, unexpected = attack(lawyer, allowed)
    assert unexpected == set()
    assert f"GET {reverse('two_factor_admin_setup')}" in answered
    after = state_of(lawyer)
    # The wrong code "123456" confirmed nothing: a pending device may exist, none confirmed.
    assert before["password"] == after["password"]
    assert not TOTPDevice.objects.filter(user=lawyer, confirmed=True).exists()
    assert after["codes"] == []


@pytest.mark.parametrize(
    "name",
    [
        "clients:account",
        "clients:password_change",
        "clients:contact_details",
        "clients:two_factor_verify",
        "clients:two_factor_setup",
        "clients:two_factor_disable",
    ],
)
def test_the_portals_account_pages_are_for_clients_only(name, lawyer, settings):
    """Even with the requirement off (development), a firm account never uses them."""
    settings.ADMIN_TWO_FACTOR_REQUIRED = False
    browser = HttpClient()
    browser.force_login(lawyer)
    for method in ("get", "post"):
        response = getattr(browser, method)(reverse(name), PLAUSIBLE_FIELDS)
        assert response.status_code == 302, (method, name)
        assert response.url == reverse("wagtailadmin_home")
    assert state_of(lawyer)["password"] == User.objects.get(pk=lawyer.pk).password
    lawyer.refresh_from_db()
    assert lawyer.check_password(PASSWORD)
