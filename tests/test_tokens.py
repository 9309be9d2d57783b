"""Every token the product issues, forged, truncated, of another kind or another account:
refused, and nothing changes. A valid one works, so that the refusals mean something.

Tokens: the one-click unsubscribe, the private calendar feed, the activation and reset
links, the email-change confirmation, the data export's link.
"""

import pytest
from django.core import signing
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clients import services
from clients.models import CalendarFeed, ContactChangeRequest, User
from clients.tokens import activation_token_generator, password_reset_token_generator

pytestmark = pytest.mark.django_db

ESSENTIAL = User.Notifications.ESSENTIAL


def variants_of(token, other):
    """Forgeries of a signed ``payload:signature`` token, given another account's valid
    ``other``: the other's payload under this signature, each truncated, one character
    changed at the end, the payload alone, extra characters."""
    payload, _sep, signature = token.rpartition(":")
    other_payload = other.rpartition(":")[0]
    last = "A" if token[-1] != "A" else "B"
    return {
        "other's payload, this signature": f"{other_payload}:{signature}",
        "truncated": token[:-1],
        "signature cut": payload + ":",
        "last character changed": token[:-1] + last,
        "payload alone": payload,
        "extra characters": token + "x",
    }


def test_the_unsubscribe_link_works_only_as_issued(client, client_a, client_b):
    luce, marc = services.unsubscribe_token(client_a), services.unsubscribe_token(client_b)
    forgeries = {
        **variants_of(luce, marc),
        "another kind of token": signing.dumps(client_b.pk, salt=services.EMAIL_CHANGE_SALT),
        "another key": signing.dumps(client_b.pk, key="x" * 50, salt=services.UNSUBSCRIBE_SALT),
        "an id alone": str(client_b.pk),
    }
    for name, forged in forgeries.items():
        response = client.post(reverse("clients:unsubscribe", args=[forged]))
        assert response.status_code == 404, name
    for account in (client_a, client_b):
        account.refresh_from_db()
        assert account.notifications != ESSENTIAL
    # As issued, it works, for its own account only.
    assert client.post(reverse("clients:unsubscribe", args=[luce])).status_code == 200
    client_a.refresh_from_db()
    client_b.refresh_from_db()
    assert client_a.notifications == ESSENTIAL and client_b.notifications != ESSENTIAL


def feed_url(token):
    return reverse("dossiers:calendar_feed", args=[token])


def test_the_calendar_feed_answers_only_its_whole_token(client, client_a, client_b):
    luce = CalendarFeed.renew(client_a).token
    # Marc's token shares Luce's first 42 characters: a prefix compare would mix them up.
    CalendarFeed.objects.filter(client=client_b).delete()
    marc_token = luce[:-1] + ("A" if luce[-1] != "A" else "B")
    CalendarFeed.objects.create(client=client_b, token=marc_token)
    assert client.get(feed_url(luce)).status_code == 200
    for forged in (luce[:8], luce[:-1], luce + "x", luce.upper() if luce != luce.upper() else "x"):
        assert client.get(feed_url(forged)).status_code == 404, forged
    # Each whole token is its own client's feed.
    assert client.get(feed_url(marc_token)).status_code == 200


def uid(user):
    return urlsafe_base64_encode(force_bytes(user.pk))


@pytest.mark.parametrize(
    ("view", "generator", "other_kind"),
    [
        ("clients:activate", activation_token_generator, password_reset_token_generator),
        (
            "clients:password_reset_confirm",
            password_reset_token_generator,
            activation_token_generator,
        ),
    ],
)
def test_activation_and_reset_links_work_only_as_issued(
    view, generator, other_kind, client_a, client_b
):
    luce, marc = generator.make_token(client_a), generator.make_token(client_b)
    forgeries = {
        **variants_of(luce, marc),
        "Marc's token on Luce's id": marc,
        "the other kind of link": other_kind.make_token(client_a),
        "the inner token alone": luce.rpartition(":")[0],
    }
    for name, forged in forgeries.items():
        http = HttpClient()
        response = http.get(reverse(view, args=[uid(client_a), forged]))
        assert response.status_code == 200, name  # « this link can no longer be used »
        assert "set-password" not in response.get("Location", ""), name
        assert 'name="new_password1"' not in response.content.decode(), name
    # As issued: it leads to the form that sets Luce's password.
    response = HttpClient().get(reverse(view, args=[uid(client_a), luce]))
    assert response.status_code == 302 and response["Location"].endswith("/set-password/")


def test_the_email_change_confirmation_works_only_as_issued(client, client_a, client_b):
    def pending(account, email):
        return ContactChangeRequest.objects.create(
            client=account,
            **{
                name: getattr(account, name)
                for name in ("last_name", "first_name", "address", "postal_code", "city")
            },
            email=email,
            status=ContactChangeRequest.Status.APPLIED,
        )

    # Applied by the lawyer, waiting for the new address to confirm.
    luce_change = pending(client_a, "luce.nouvelle@example.fr")
    marc_change = pending(client_b, "marc.nouveau@example.fr")
    luce, marc = services.email_change_token(luce_change), services.email_change_token(marc_change)
    forgeries = {
        **variants_of(luce, marc),
        "another kind of token": services.unsubscribe_token(client_a),
        "another request's payload": signing.dumps(
            {"request": marc_change.pk, "email": luce_change.email},
            salt=services.EMAIL_CHANGE_SALT,
        ),
    }
    for name, forged in forgeries.items():
        response = client.post(reverse("clients:confirm_email", args=[forged]))
        assert "plus valable" in response.content.decode(), name
    client_a.refresh_from_db()
    client_b.refresh_from_db()
    assert client_a.email != "luce.nouvelle@example.fr"
    assert client_b.email != "marc.nouveau@example.fr"
    response = client.post(reverse("clients:confirm_email", args=[luce]))
    client_a.refresh_from_db()
    assert client_a.email == "luce.nouvelle@example.fr"


def test_the_data_export_link_works_only_for_its_client(client, client_a, client_b):
    from privacy import exports
    from privacy import services as privacy_services

    export = privacy_services.request_export(client_a)
    exports.build(export)
    url = reverse("privacy:data_download", args=[export.pk])
    client.force_login(client_b)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # the login page
    client.force_login(client_a)
    assert client.get(url).status_code == 200
