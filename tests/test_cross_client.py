"""Every client-facing URL pattern, every HTTP method, another client's ids and guessed ids:
only 404 (or the login page for anonymous visitors), and none of the owner's data."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from clients.factories import PASSWORD
from dossiers.factories import shared_dossier
from dossiers.inbox import services
from dossiers.inbox.uploads import CheckedFile
from dossiers.models import Category, Deposit
from payments.models import Payment
from privacy import exports
from privacy import services as privacy_services

pytestmark = pytest.mark.django_db
CLIENT_NAMESPACES = {"dossiers", "clients", "payments", "portal_pages", "privacy"}
METHODS = ["get", "head", "post", "put", "patch", "delete", "options"]
# Links made of a signed token, not an id: they answer the same page for any account
# (see test_token_links_reveal_nothing); every other pattern with an argument is here.
TOKEN_PATTERNS = {
    "clients:password_reset_confirm",
    "clients:activate",
    "clients:confirm_email",
    "clients:not_me",
    "clients:login_link",
    "clients:unlock",
    "dossiers:calendar_feed",  # tested in dossiers/tests/test_calendars.py
    "clients:unsubscribe",  # tested in dossiers/tests/test_notification_choice.py
}
SLUG_ONLY = {"dossiers:category"}  # the client's own items of a category: no id


def client_facing_patterns():
    found = set()

    def walk(patterns, namespace=None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif (
                isinstance(entry, URLPattern)
                and namespace in CLIENT_NAMESPACES
                and entry.pattern.converters
            ):
                found.add(f"{namespace}:{entry.name}")

    walk(get_resolver().url_patterns)
    return found


@pytest.fixture
def luces_objects(client_a, lawyer):
    dossier = shared_dossier(
        client_a, items={"documents": 2, "appointments": 1, "procedure_dates": 1, "invoices": 1}
    )
    [deposit] = services.deposit_files(
        dossier,
        client_a,
        [
            CheckedFile(
                ContentFile(b"%PDF-1.4", name="Secret de Luce.pdf"), "x", "application/pdf", 8
            )
        ],
    )
    invoice = dossier.invoices.get()
    payment = Payment.objects.create(
        invoice=invoice, client=client_a, invoice_number=invoice.number, amount=Decimal("1.00")
    )
    export = exports.build(privacy_services.request_export(client_a))
    return {
        "dossier": dossier,
        "deposit": deposit,
        "invoice": invoice,
        "payment": payment,
        "export": export,
    }


def urls_for(objects, ids=None):
    """{pattern: [urls]} with the objects' ids (or with ``ids`` for every kind)."""
    dossier = ids or objects["dossier"].pk
    docs = [ids] if ids else [d.pk for d in objects["dossier"].documents.all()]
    invoice = ids or objects["invoice"].pk
    deposit = ids or objects["deposit"].pk
    payment = ids or objects["payment"].pk
    return {
        "dossiers:dossier": [reverse("dossiers:dossier", args=[dossier])],
        "dossiers:dossier_category": [
            reverse("dossiers:dossier_category", args=[dossier, c.value]) for c in Category
        ],
        "dossiers:document_download": [
            reverse("dossiers:document_download", args=[pk]) for pk in docs
        ],
        "dossiers:invoice_pdf": [reverse("dossiers:invoice_pdf", args=[invoice])],
        "dossiers:dossier_archive": [reverse("dossiers:dossier_archive", args=[dossier])],
        "dossiers:documents_archive": [reverse("dossiers:documents_archive", args=[dossier])],
        "dossiers:item_event": [
            reverse("dossiers:item_event", args=[category, pk])
            for category, pk in (
                ("rendez-vous", ids or objects["dossier"].appointments.get().pk),
                ("dates-de-procedure", ids or objects["dossier"].procedure_dates.get().pk),
            )
        ],
        "dossiers:dossier_deposit": [reverse("dossiers:dossier_deposit", args=[dossier])],
        "dossiers:deposit_download": [reverse("dossiers:deposit_download", args=[deposit])],
        "dossiers:dossier_contact": [reverse("dossiers:dossier_contact", args=[dossier])],
        "payments:pay": [reverse("payments:pay", args=[invoice])],
        "privacy:data_download": [
            reverse("privacy:data_download", args=[ids or objects["export"].pk])
        ],
        "payments:success": [reverse("payments:success", args=[payment])],
        "payments:cancel": [reverse("payments:cancel", args=[payment])],
    }


def secrets(objects, owner):
    dossier = objects["dossier"]
    values = [dossier.reference, dossier.short_name, owner.email, owner.last_name]
    values += [d.title for d in dossier.documents.all()] + [objects["invoice"].number]
    values += ["Secret de Luce", str(objects["payment"].amount)]
    return [v.encode() for v in values]


def test_every_pattern_with_an_id_is_walked(luces_objects):
    walked = set(urls_for(luces_objects)) | TOKEN_PATTERNS | SLUG_ONLY
    assert client_facing_patterns() <= walked, client_facing_patterns() - walked


def test_another_clients_ids_and_guessed_ids_answer_404_and_nothing_else(
    luces_objects, client_a, client_b, record_property
):
    marc = HttpClient()
    assert (
        marc.post(
            reverse("clients:login"), {"username": client_b.email, "password": PASSWORD}
        ).status_code
        == 302
    )
    highest = (
        max(Deposit.objects.order_by("-pk").first().pk, Payment.objects.latest("pk").pk) + 1000
    )
    requests = 0
    not_404 = []
    leaked = 0
    for urls in list(urls_for(luces_objects).values()) + list(
        urls_for(luces_objects, ids=highest).values()
    ):
        for url in urls:
            for method in METHODS:
                response = getattr(marc, method)(url)
                requests += 1
                if response.status_code != 404:
                    not_404.append((method.upper(), url, response.status_code))
                body = b"" if response.streaming else response.content
                leaked += sum(
                    len(secret) for secret in secrets(luces_objects, client_a) if secret in body
                )
    record_property("requests", requests)
    record_property("answers_other_than_404", len(not_404))
    record_property("bytes_of_other_clients_data", leaked)
    print(
        f"\n{requests} requests as another client: {len(not_404)} answers other than 404, {leaked} bytes of her data"
    )
    assert not_404 == [] and leaked == 0


def test_anonymous_requests_reach_the_login_page(luces_objects):
    anonymous = HttpClient()
    wrong = []
    for urls in urls_for(luces_objects).values():
        for url in urls:
            for method in METHODS:
                response = getattr(anonymous, method)(url)
                location = response.get("Location", "")
                if response.status_code != 302 or not location.startswith(reverse("clients:login")):
                    wrong.append((method, url, response.status_code))
    assert wrong == []


def test_token_links_reveal_nothing(client, client_a, client_b):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    client.force_login(client_b)
    for name in ("clients:password_reset_confirm", "clients:activate", "clients:unlock"):
        for method in ("get", "post"):
            luce = getattr(client, method)(
                reverse(name, args=[urlsafe_base64_encode(force_bytes(client_a.pk)), "1-x"]),
                follow=True,
            )
            nobody = getattr(client, method)(
                reverse(name, args=[urlsafe_base64_encode(force_bytes(99999)), "1-x"]),
                follow=True,
            )
            assert luce.status_code == nobody.status_code == 200
            assert client_a.email.encode() not in luce.content
    for name in ("clients:confirm_email", "clients:not_me", "clients:login_link"):
        forged = client.post(reverse(name, args=["forged-token"]))
        assert forged.status_code in (200, 404), name
        page = forged.content.decode()
        assert "plus valable" in page, name
        assert client_a.email not in page


def test_lists_without_an_id_show_only_the_clients_own(luces_objects, client_a, client_b):
    """Accueil, « Mes dossiers » and the categories list nothing of another client's."""
    marc = HttpClient()
    marc.post(reverse("clients:login"), {"username": client_b.email, "password": PASSWORD})
    urls = [reverse("dossiers:home"), reverse("dossiers:dossier_list")]
    urls += [reverse("dossiers:category", args=[c.value]) for c in Category]
    for url in urls:
        response = marc.get(url)
        assert response.status_code in (200, 404), url
        assert not any(secret in response.content for secret in secrets(luces_objects, client_a))
