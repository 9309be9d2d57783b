"""No bad input is a server error: every URL pattern, by GET and by POST, anonymously, as
a client and as a lawyer, with NUL characters, over-long values, ids that are not numbers
and JSON nested thousands of levels deep. Each answer is anything but a 500 (a 400, a
404, a form shown again with its errors, a redirection to the login page).
"""

import re

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from clients.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.processes]

NUL = "\x00"
LONG = "x" * 3000
DEEP = '{"a":' * 3000 + "1" + "}" * 3000
BAD_QUERY = {"id": "abc", "page": NUL, "dossier": "abc", "q": LONG, "next": NUL, "p": "-1"}
BAD_FORM = {
    "id": "abc",
    "pk": "abc",
    "page": NUL,
    "dossier": "abc",
    "email": NUL,
    "username": f"a{NUL}b",
    "password": LONG,
    "title": LONG,
    "amount": "abc",
    "date": "31/02/2026",
}


def patterns():
    """(name, pattern) of every named URL pattern, Wagtail's admin included."""
    found = []

    def walk(entries, namespace=""):
        for entry in entries:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                found.append((f"{namespace}{entry.name}", entry.pattern))

    walk(get_resolver().url_patterns)
    return found


def addresses(name, pattern):
    """A plausible address of the pattern, and one with a NUL and an over-long value where
    its arguments take text."""
    converters = getattr(pattern, "converters", {})
    if converters:
        plausible = dict.fromkeys(converters, "1")
        hostile = {
            key: f"a{NUL}{LONG}"
            if type(converter).__name__ in ("StringConverter", "PathConverter")
            else "1"
            for key, converter in converters.items()
        }
        candidates = [plausible, hostile]
        build = [lambda kwargs: reverse(name, kwargs=kwargs) for _ in candidates]
    else:
        groups = pattern.regex.groups
        candidates = [["1"] * groups, ["x"] * groups]
        build = [lambda args: reverse(name, args=args) for _ in candidates]
    found = []
    for make, values in zip(build, candidates, strict=True):
        try:
            found.append(make(values))
        except NoReverseMatch:
            continue
    return sorted(set(found))


@pytest.fixture
def browsers(transactional_db):
    call_command("load_demo", verbosity=0)
    lawyer, client = HttpClient(), HttpClient()
    lawyer.force_login(User.objects.get(email="fabien.delmas@aaps-avocats.com"))
    client.force_login(User.objects.get(email="academy@secib.fr"))
    return {"anonymous": HttpClient(), "client": client, "lawyer": lawyer}


def test_no_url_answers_a_server_error_to_bad_input(browsers):
    errors = []
    # Logging out would end the test's sessions; Wagtail's « failwhale » raises on purpose
    # (a test of the error page).
    skipped = re.compile(r"^(wagtailadmin_logout|clients:logout|wagtailadmin_error_test)$")
    for name, pattern in patterns():
        if skipped.match(name):
            continue
        for url in addresses(name, pattern):
            for who, browser in browsers.items():
                browser.raise_request_exception = False
                answers = [
                    browser.get(url, BAD_QUERY),
                    browser.post(url, BAD_FORM),
                    browser.post(url, DEEP, content_type="application/json"),
                ]
                for kind, response in zip(("GET", "POST form", "POST JSON"), answers, strict=True):
                    if response.status_code >= 500:
                        errors.append(f"{who} {kind} {url[:120]!r}: {response.status_code}")
    assert errors == []
