"""Account enumeration: known and unknown identifiers get the same answer, even when email fails."""

import re

import pytest
from django.urls import reverse

from notifications.tests.backends import FlakyBackend
from notifications.tests.helpers import send_due_emails

pytestmark = pytest.mark.django_db


def normalised(response, identifier):
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    return response.status_code, response.get("Location"), body.replace(identifier, "ID")


@pytest.fixture
def failing_email(settings):
    settings.EMAIL_BACKEND = "notifications.tests.backends.FlakyBackend"
    FlakyBackend.down = True
    yield
    FlakyBackend.down = False


def answers(client, url, field, identifiers, extra=None):
    results = []
    for n, identifier in enumerate(identifiers):
        response = client.post(
            url, {field: identifier, **(extra or {})}, REMOTE_ADDR=f"192.0.2.{50 + n}"
        )
        send_due_emails()  # the provider fails: the answer was given before, and stays the same
        results.append(normalised(response, identifier))
    return results


def test_login_reset_and_new_link_answer_identically(
    client, client_a, failing_email, record_property
):
    unknown = "personne.inconnue@example.fr"
    identical = 0
    login = answers(
        client,
        reverse("clients:login"),
        "username",
        [client_a.email, unknown],
        {"password": "Mauvais-mot-de-passe"},
    )
    reset = answers(client, reverse("clients:password_reset"), "email", [client_a.email, unknown])
    # « M'envoyer un nouveau lien » on an expired invitation posts to the same view.
    never_activated = client_a
    never_activated.set_unusable_password()
    never_activated.save()
    new_link = answers(
        client, reverse("clients:password_reset"), "email", [client_a.email, unknown]
    )
    for known_answer, unknown_answer in (login, reset, new_link):
        assert known_answer == unknown_answer
        identical += 1
    followed = client.get(reverse("clients:password_reset_sent"))
    assert followed.status_code == 200
    record_property("identical_answers", identical)
    print(f"\nIdentical answers for known and unknown emails: {identical} of 3 forms")
