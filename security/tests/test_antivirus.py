"""Uploads and the antivirus: EICAR refused, nothing served before it is scanned clean."""

import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers.factories import shared_dossier
from dossiers.inbox.services import rescan_pending_deposits
from dossiers.models import Deposit

from .clamd_standin import EICAR, ClamdStandIn

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.fixture
def clamd(settings):
    server = ClamdStandIn()
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", server.port
    yield server
    server.stop()


@pytest.fixture
def clamd_down(settings):
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CLAMD_HOST, settings.CLAMD_PORT, settings.CLAMD_TIMEOUT = "127.0.0.1", port, 2
    return port


@pytest.fixture
def luce(client, client_a):
    client.force_login(client_a)
    return client


def deposit(http_client, dossier, name, content):
    return http_client.post(
        reverse("dossiers:dossier_deposit", args=[dossier.pk]),
        {"files": [SimpleUploadedFile(name, content)]},
        HTTP_ACCEPT="application/json",
    )


def test_the_eicar_test_file_is_refused(luce, client_a, clamd, record_property):
    dossier = shared_dossier(client_a)
    response = deposit(luce, dossier, "eicar.txt", EICAR)
    assert response.status_code == 400
    assert "contient un virus" in response.json()["message"]
    assert "Eicar-Test-Signature" in response.json()["message"]
    assert not Deposit.objects.exists()
    record_property("eicar", "refused")
    print("\nEICAR: refused")


def test_a_clean_file_is_scanned_and_served(luce, client_a, clamd):
    dossier = shared_dossier(client_a)
    assert deposit(luce, dossier, "piece.pdf", PDF).status_code == 200
    stored = Deposit.objects.get()
    assert stored.scan_status == Deposit.Scan.CLEAN and clamd.scanned == 1
    assert luce.get(reverse("dossiers:deposit_download", args=[stored.pk])).status_code == 200


def test_with_the_scanner_down_a_file_waits_and_is_not_served(
    luce, client_a, lawyer, client, clamd_down, settings
):
    dossier = shared_dossier(client_a)
    assert deposit(luce, dossier, "piece.pdf", PDF).status_code == 200
    waiting = Deposit.objects.get()
    assert waiting.scan_status == Deposit.Scan.PENDING
    assert luce.get(reverse("dossiers:deposit_download", args=[waiting.pk])).status_code == 404
    page = luce.get(reverse("dossiers:dossier", args=[dossier.pk])).content.decode()
    assert (
        "En attente de l&#x27;analyse antivirus" in page
        or "En attente de l'analyse antivirus" in page
    )

    from django.test import Client as HttpClient

    back_office = HttpClient()
    back_office.force_login(lawyer)
    response = back_office.get(reverse("dossiers_admin:deposit_download", args=[waiting.pk]))
    assert response.status_code == 302  # refused, with a message

    assert rescan_pending_deposits() == 0  # still down: it keeps waiting
    server = ClamdStandIn()
    settings.CLAMD_PORT = server.port
    try:
        assert rescan_pending_deposits() == 1
    finally:
        server.stop()
    waiting.refresh_from_db()
    assert waiting.scan_status == Deposit.Scan.CLEAN
    assert luce.get(reverse("dossiers:deposit_download", args=[waiting.pk])).status_code == 200


def test_a_file_found_infected_later_is_deleted(luce, client_a, clamd_down, settings):
    dossier = shared_dossier(client_a)
    deposit(luce, dossier, "notes.txt", b"Notes\n" + EICAR)
    waiting = Deposit.objects.get()
    name = waiting.file.name
    server = ClamdStandIn()
    settings.CLAMD_PORT = server.port
    try:
        rescan_pending_deposits()
    finally:
        server.stop()
    waiting.refresh_from_db()
    assert waiting.scan_status == Deposit.Scan.INFECTED
    assert not waiting.file.storage.exists(name)
    assert luce.get(reverse("dossiers:deposit_download", args=[waiting.pk])).status_code == 404
