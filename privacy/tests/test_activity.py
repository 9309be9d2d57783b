"""« Mon activité »: the client's own actions and logins, and what was shared with them."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from clients.factories import PASSWORD
from dossiers.factories import DocumentFactory, InvoiceFactory, shared_dossier
from dossiers.inbox import services
from dossiers.inbox.uploads import CheckedFile
from privacy.activity import device

pytestmark = pytest.mark.django_db
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1"
)


def test_the_client_reads_their_logins_downloads_deposits_and_what_was_shared(
    client, client_a, client_b
):
    dossier = shared_dossier(client_a, invoices=False)
    document = DocumentFactory(dossier=dossier, title="Conclusions adverses")
    InvoiceFactory(dossier=dossier, number="FA-CACHEE")  # a category Luce may not see
    marcs = shared_dossier(client_b)
    DocumentFactory(dossier=marcs, title="Pièce de Marc")
    client.post(
        reverse("clients:login"),
        {"username": client_a.email, "password": PASSWORD},
        HTTP_USER_AGENT=IPHONE,
    )
    client.get(reverse("dossiers:document_download", args=[document.pk]))
    services.deposit_files(
        dossier,
        client_a,
        [CheckedFile(ContentFile(b"%PDF-1.4", name="Bail.pdf"), "Bail.pdf", "application/pdf", 8)],
    )
    other = client.__class__()
    other.post(reverse("clients:login"), {"username": client_b.email, "password": PASSWORD})

    page = client.get(reverse("privacy:activity")).content.decode()
    assert "Mobile Safari sur iOS (iPhone)" in page
    assert "Conclusions adverses" in page  # shared with her, and downloaded
    assert "Bail.pdf" in page
    for secret in ("Pièce de Marc", "FA-CACHEE", client_b.email):
        assert secret not in page


def test_devices_are_named_approximately():
    assert device(IPHONE) == "Mobile Safari sur iOS (iPhone)"
    assert device("") == "appareil inconnu"


def test_only_clients_read_an_activity(client, lawyer):
    client.force_login(lawyer)
    assert client.get(reverse("privacy:activity")).status_code == 302
