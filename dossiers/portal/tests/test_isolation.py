"""Confidentiality: a client never sees, nor learns the existence of, another's data."""

import re

import pytest
from django.urls import reverse

from clients.factories import PASSWORD
from dossiers.factories import shared_dossier
from dossiers.models import Category

pytestmark = pytest.mark.django_db

EVERYTHING = {"documents": 2, "appointments": 1, "procedure_dates": 1, "invoices": 1}
MISSING_ID = 987654


@pytest.fixture
def luces_world(client_a, client_b):
    luce_dossier = shared_dossier(client_a, items=EVERYTHING)
    marc_dossier = shared_dossier(client_b, items={"documents": 1})
    return luce_dossier, marc_dossier


def urls_for(dossier):
    """Every client-facing URL that exists for the objects of ``dossier``."""
    urls = [reverse("dossiers:dossier", args=[dossier.pk])]
    urls += [reverse("dossiers:dossier_category", args=[dossier.pk, c.value]) for c in Category]
    urls += [reverse("dossiers:document_download", args=[d.pk]) for d in dossier.documents.all()]
    urls += [reverse("dossiers:invoice_pdf", args=[i.pk]) for i in dossier.invoices.all()]
    return urls


def guessed_urls():
    return [
        reverse("dossiers:dossier", args=[MISSING_ID]),
        reverse("dossiers:dossier_category", args=[MISSING_ID, "documents"]),
        reverse("dossiers:document_download", args=[MISSING_ID]),
        reverse("dossiers:invoice_pdf", args=[MISSING_ID]),
    ]


def secrets_of(dossier, owner):
    values = [dossier.reference, dossier.short_name, owner.last_name, owner.email]
    values += [d.title for d in dossier.documents.all()] + [
        d.filename for d in dossier.documents.all()
    ]
    values += [i.number for i in dossier.invoices.all()]
    values += [a.subject for a in dossier.appointments.all()]
    return values


def test_another_clients_objects_answer_404_and_reveal_nothing(
    client, client_a, client_b, luces_world
):
    luce_dossier, _ = luces_world
    client.post(reverse("clients:login"), {"username": client_b.email, "password": PASSWORD})
    checked = 0
    for url in urls_for(luce_dossier) + guessed_urls():
        response = client.get(url)
        assert response.status_code == 404, url
        body = response.content.decode() if not response.streaming else ""
        for secret in secrets_of(luce_dossier, client_a):
            assert secret not in body, (url, secret)
        checked += 1
    assert checked == 1 + 4 + 2 + 1 + 4

    # Marc's own lists never mention Luce's items.
    for category in Category:
        response = client.get(reverse("dossiers:category", args=[category.value]))
        body = response.content.decode()
        for secret in secrets_of(luce_dossier, client_a):
            assert secret not in body
    home = client.get(reverse("dossiers:home")).content.decode()
    for secret in secrets_of(luce_dossier, client_a):
        assert secret not in home


def without_csrf(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_missing_id_and_a_forbidden_id_look_the_same(client, client_b, luces_world):
    luce_dossier, _ = luces_world
    client.force_login(client_b)
    forbidden = client.get(reverse("dossiers:dossier", args=[luce_dossier.pk]))
    missing = client.get(reverse("dossiers:dossier", args=[MISSING_ID]))
    assert forbidden.status_code == missing.status_code == 404
    # Identical but for the (masked, per-response) CSRF token of the logout button.
    assert without_csrf(forbidden) == without_csrf(missing)


def test_anonymous_requests_reach_the_login_page(client, luces_world):
    luce_dossier, _ = luces_world
    for url in urls_for(luce_dossier) + guessed_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("clients:login") + "?next="), url


def test_a_category_withheld_from_a_client_is_not_found(client, client_a):
    dossier = shared_dossier(client_a, items=EVERYTHING, invoices=False)
    client.force_login(client_a)
    invoice = dossier.invoices.get()
    assert client.get(reverse("dossiers:invoice_pdf", args=[invoice.pk])).status_code == 404
    url = reverse("dossiers:dossier_category", args=[dossier.pk, "factures"])
    assert client.get(url).status_code == 404
    assert (
        "Factures"
        not in client.get(reverse("dossiers:dossier", args=[dossier.pk])).content.decode()
    )


def test_a_clients_deposits_and_messages_go_with_her_access(client, client_a, client_b):
    """Removed from a dossier (shared with another client still), Luce no longer reaches
    what she deposited or wrote in it: the access decides, not only who sent it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dossiers.factories import DossierAccessFactory
    from dossiers.inbox import services
    from dossiers.inbox.uploads import CheckedFile
    from dossiers.models import Deposit, DossierAccess, Message

    dossier = shared_dossier(client_a, items={"documents": 1})
    DossierAccessFactory(dossier=dossier, client=client_b)
    upload = SimpleUploadedFile("Bulletin.pdf", b"%PDF-1.4\n%%EOF\n")
    [deposit] = services.deposit_files(
        dossier, client_a, [CheckedFile(upload, "Bulletin.pdf", "application/pdf", upload.size)]
    )
    message = services.send_message(dossier, client_a, "Objet", "Texte")
    client.force_login(client_a)
    url = reverse("dossiers:deposit_download", args=[deposit.pk])
    assert client.get(url).status_code == 200
    DossierAccess.objects.filter(dossier=dossier, client=client_a).delete()
    assert client.get(url).status_code == 404
    assert not Deposit.objects.for_client(client_a).exists()
    assert not Message.objects.for_client(client_a).filter(pk=message.pk).exists()
    # Given back her access, she finds them again.
    DossierAccessFactory(dossier=dossier, client=client_a)
    assert client.get(url).status_code == 200
