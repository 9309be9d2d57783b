"""« Télécharger mes données »: built by the worker, emailed, served once to its owner."""

import datetime
import io
import json
import zipfile

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from common.records import admin_url
from dossiers.factories import DocumentFactory, shared_dossier
from dossiers.inbox import services as dossiers_services
from notifications.tests.helpers import send_due_emails, sent_to
from privacy import exports, services
from privacy.models import DataExport

pytestmark = pytest.mark.django_db


def prepared(client, client_a):
    """Luce asks; the worker builds it (what its task does); the email goes."""
    client.force_login(client_a)
    response = client.post(reverse("privacy:data_request"))
    assert response.status_code == 302
    export = DataExport.objects.get(client=client_a)
    exports.build(export)
    mail.outbox.clear()
    send_due_emails()
    [email] = sent_to(client_a.email)
    return DataExport.objects.get(pk=export.pk), email


@pytest.fixture
def luce_world(client_a, client_b):
    dossier = shared_dossier(client_a)
    DocumentFactory(dossier=dossier, title="Conclusions")
    dossiers_services.send_message(dossier, client_a, "Question", "Où en est mon dossier ?")
    marcs = shared_dossier(client_b)
    DocumentFactory(dossier=marcs, title="Pièce de Marc")
    dossiers_services.send_message(marcs, client_b, "Secret de Marc", "…")
    return dossier


def test_the_client_gets_their_data_once_through_the_emailed_link(client, client_a, luce_world):
    export, email = prepared(client, client_a)
    url = reverse("privacy:data_download", args=[export.pk])
    assert url in email.body
    # A HEAD (a link checker, a mail app's preview) does not spend the link.
    head = client.head(url)
    assert head.status_code == 200 and head["Content-Type"] == "application/zip"
    response = client.get(url)
    assert response.status_code == 200
    day = timezone.localdate().isoformat()
    assert f'filename="mes-donnees-{day}.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    for expected in (
        "compte.json",
        "messages.json",
        "depots.json",
        "activite.json",
        "activite.csv",
    ):
        assert expected in names, names
    account = json.loads(archive.read("compte.json"))
    assert account["email"] == client_a.email
    assert "Où en est mon dossier" in archive.read("messages.json").decode()
    assert any(name.endswith("Conclusions.pdf") for name in names)
    everything = b"".join(archive.read(name) for name in names)
    assert b"Marc" not in everything
    # Once: the link is spent.
    assert client.get(url).status_code == 404


def test_a_second_request_while_one_is_prepared_is_refused_politely(client, client_a):
    client.force_login(client_a)
    client.post(reverse("privacy:data_request"))
    response = client.post(reverse("privacy:data_request"), follow=True)
    assert "déjà en cours de préparation" in response.content.decode()
    assert DataExport.objects.filter(client=client_a).count() == 1


def test_the_link_serves_only_its_owner_and_only_while_valid(
    client, client_a, client_b, luce_world
):
    export, _email = prepared(client, client_a)
    url = reverse("privacy:data_download", args=[export.pk])
    client.force_login(client_b)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # the login page first: only in a session
    DataExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(client_a)
    assert client.get(url).status_code == 404
    assert services.purge_exports() == 1
    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED and not export.file


def test_the_firm_sees_the_requests(client, client_a, admin_user):
    services.request_export(client_a)
    client.force_login(admin_user)
    page = client.get(admin_url(DataExport, "index")).content.decode()
    assert client_a.email in page or client_a.last_name in page
