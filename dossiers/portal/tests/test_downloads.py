"""Secure files: access checked on every request, streamed, never reachable by URL."""

from urllib.parse import quote

import pytest
from django.core.files.storage import storages
from django.http import FileResponse
from django.urls import reverse

from dossiers.factories import shared_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client_a):
    return shared_dossier(client_a, items={"documents": 1}).documents.get()


def test_a_download_is_a_private_streamed_attachment(client, client_a, document):
    client.force_login(client_a)
    response = client.get(reverse("dossiers:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert isinstance(response, FileResponse) and response.streaming
    assert response["Content-Disposition"].startswith("attachment;")
    assert quote(document.filename) in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_non_ascii_file_name_is_offered_intact(client, client_a):
    from dossiers.factories import DocumentFactory

    dossier = shared_dossier(client_a)
    doc = DocumentFactory(dossier=dossier, title="Procès-verbal")
    client.force_login(client_a)
    response = client.get(reverse("dossiers:document_download", args=[doc.pk]))
    assert "filename*=utf-8''Proc%C3%A8s-verbal.pdf" in response["Content-Disposition"]


def test_a_file_cannot_be_fetched_by_any_direct_url(client, client_a, document):
    name = document.file.name
    assert "Pièce" not in name  # stored under a generated name
    with pytest.raises(ValueError):
        storages["private"].url(name)
    client.force_login(client_a)
    for guess in (f"/media/{name}", f"/{name}", f"/static/{name}", f"/private/{name}"):
        assert client.get(guess).status_code == 404, guess
    assert storages["private"].location != storages["default"].location


def test_the_invoice_pdf_downloads_the_same_way(client, client_a):
    invoice = shared_dossier(client_a, items={"invoices": 1}).invoices.get()
    client.force_login(client_a)
    response = client.get(reverse("dossiers:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"].startswith("attachment;")
