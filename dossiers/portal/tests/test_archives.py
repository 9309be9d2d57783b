"""« Télécharger tout le dossier »: one streamed ZIP of exactly what the client may see."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from dossiers.factories import PDF_BYTES, DocumentFactory, InvoiceFactory, shared_dossier
from dossiers.inbox import services
from dossiers.inbox.uploads import CheckedFile
from dossiers.models import Deposit

pytestmark = pytest.mark.django_db


def deposit(dossier, client, name, status=Deposit.Scan.NOT_SCANNED):
    checked = CheckedFile(ContentFile(PDF_BYTES, name=name), name, "application/pdf", 8, status)
    return services.deposit_files(dossier, client, [checked])[0]


def archive_of(response):
    assert response.status_code == 200, response.status_code
    assert response.streaming and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def luce_dossier(client_a, client_b):
    dossier = shared_dossier(client_a, client_b)
    DocumentFactory(dossier=dossier, title="Conclusions")
    DocumentFactory(dossier=dossier, title="Conclusions")  # the same title twice
    DocumentFactory(dossier=dossier, title="Pièce 1/2 : ../../etc")
    InvoiceFactory(dossier=dossier, number="FA-2026-0153")
    deposit(dossier, client_a, "Mon bail.pdf")
    deposit(dossier, client_a, "En attente.pdf", Deposit.Scan.PENDING)
    deposit(dossier, client_b, "Dépôt de Marc.pdf")  # a co-client's: not Luce's
    hidden = shared_dossier(client_a)
    DocumentFactory(dossier=hidden, title="Autre dossier")
    return dossier


def test_the_whole_dossier_holds_what_the_client_sees_and_a_summary(client, client_a, luce_dossier):
    client.force_login(client_a)
    archive = archive_of(client.get(reverse("dossiers:dossier_archive", args=[luce_dossier.pk])))
    names = archive.namelist()
    files = sorted(n for n in names if n != "sommaire.csv")
    assert len(files) == 5, files
    assert [n for n in files if n.startswith("Documents/")] == sorted(
        n for n in files if n.startswith("Documents/")
    )
    assert sum(n.endswith(" Conclusions.pdf") for n in files) == 1
    assert sum(n.endswith(" Conclusions (2).pdf") for n in files) == 1
    assert any(n.startswith("Factures/") and "FA-2026-0153" in n for n in files)
    assert any(n.startswith("Mes dépôts/") and n.endswith("Mon bail.pdf") for n in files)
    assert not any("attente" in n or "Marc" in n or "Autre" in n for n in names)
    assert all(".." not in n.split("/") and n.count("/") == 1 for n in files)
    assert all(archive.read(n) == PDF_BYTES for n in files)
    summary = archive.read("sommaire.csv").decode("utf-8-sig")
    assert summary.count("\n") == 6 and "Facture" in summary and "/20" in summary
    entry = ModelLogEntry.objects.filter(action="espace.download").latest("pk")
    assert entry.user_id == client_a.pk and entry.data["archive"] and entry.data["files"] == 5


def test_tout_telecharger_holds_the_documents_only(client, client_a, luce_dossier):
    client.force_login(client_a)
    url = reverse("dossiers:documents_archive", args=[luce_dossier.pk])
    files = [n for n in archive_of(client.get(url)).namelist() if n != "sommaire.csv"]
    assert len(files) == 3 and all(n.startswith("Documents/") for n in files)


def test_a_client_without_the_invoices_gets_no_invoice(client, client_a, client_b):
    dossier = shared_dossier(client_a, invoices=False)
    DocumentFactory(dossier=dossier)
    InvoiceFactory(dossier=dossier)
    client.force_login(client_a)
    names = archive_of(client.get(reverse("dossiers:dossier_archive", args=[dossier.pk])))
    assert not any(n.startswith("Factures/") for n in names.namelist())


def test_another_clients_dossier_is_not_found(client, client_b, client_a):
    theirs = shared_dossier(client_a)
    DocumentFactory(dossier=theirs)
    client.force_login(client_b)
    for name in ("dossiers:dossier_archive", "dossiers:documents_archive"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
        assert client.get(reverse(name, args=[99999])).status_code == 404
