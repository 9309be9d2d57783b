"""« Le dépôt de documents »: what is accepted, what is refused, and that a refusal stores nothing."""

import io
import os
import zipfile

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers.factories import shared_dossier
from dossiers.models import Deposit
from notifications.tests.helpers import send_due_emails

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files():
    root = storages["private"].location
    found = set()
    for folder, _dirs, names in os.walk(root):
        found.update(os.path.join(folder, name) for name in names)
    return found


@pytest.fixture
def dossier(client_a):
    return shared_dossier(client_a)


@pytest.fixture
def luce(client, client_a):
    client.force_login(client_a)
    return client


def deposit_to(http_client, dossier, *files, json=False, **extra):
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return http_client.post(
        reverse("dossiers:dossier_deposit", args=[dossier.pk]),
        {"files": list(files), **extra},
        **headers,
    )


def assert_refused(http_client, dossier, files, message, json=True):
    before = stored_files()
    response = deposit_to(http_client, dossier, *files, json=json)
    if json:
        assert response.status_code == 400
        text = response.json()["message"]
    else:
        assert response.status_code == 302
        text = " ".join(str(m) for m in http_client.get(response.url).context["messages"])
    assert text.startswith("Aucun fichier n'a été déposé")
    assert message in text, text
    assert Deposit.objects.count() == 0
    assert stored_files() == before
    assert OutgoingEmailCount() == 0
    return text


def OutgoingEmailCount():  # noqa: N802 - reads like the quantity it is
    from notifications.models import OutgoingEmail

    return OutgoingEmail.objects.filter(kind="deposit_alert").count()


def test_two_files_are_deposited_under_generated_names_and_the_lawyer_is_told(
    luce, client_a, dossier
):
    response = deposit_to(
        luce, dossier, upload("Bulletin de salaire.pdf", PDF), upload("Photo du sinistre.png", PNG)
    )
    assert response.status_code == 302
    deposits = Deposit.objects.order_by("pk")
    assert [d.filename for d in deposits] == ["Bulletin de salaire.pdf", "Photo du sinistre.png"]
    for deposit in deposits:
        assert deposit.client == client_a and deposit.dossier == dossier
        assert deposit.file.name.startswith("depots/")
        assert "Bulletin" not in deposit.file.name and "Photo" not in deposit.file.name
        assert storages["private"].exists(deposit.file.name)
    assert [d.content_type for d in deposits] == ["application/pdf", "image/png"]

    page = luce.get(reverse("dossiers:dossier", args=[dossier.pk])).content.decode()
    assert "Mes dépôts" in page and "Bulletin de salaire.pdf" in page

    send_due_emails()
    [alert] = mail.outbox
    assert alert.to == [dossier.interlocutor.email]
    assert "ALEXANDER Luce" in alert.subject and str(dossier) in alert.subject
    assert "Bulletin de salaire.pdf" in alert.body
    assert "/admin/dossiers/deposit/" in alert.body


def test_the_drop_zone_gets_a_json_answer_per_file(luce, dossier):
    response = deposit_to(luce, dossier, upload("Contrat.docx", docx_bytes()), json=True)
    assert response.status_code == 200
    answer = response.json()
    assert answer["ok"] and answer["files"][0]["name"] == "Contrat.docx"
    assert luce.get(answer["files"][0]["url"]).status_code == 200


def test_from_accueil_the_client_picks_one_of_their_dossiers(luce, client_b, dossier):
    response = luce.post(
        reverse("dossiers:deposit"), {"dossier": dossier.pk, "files": [upload("a.pdf", PDF)]}
    )
    assert response.status_code == 302
    assert Deposit.objects.get().dossier == dossier


def test_an_oversize_file_is_refused(luce, dossier, settings):
    settings.DEPOSIT_MAX_FILE_SIZE = 1024
    assert_refused(
        luce, dossier, [upload("gros.pdf", PDF + b"0" * 2000)], "dépasse la taille maximale"
    )


def test_a_deposit_larger_than_allowed_per_request_is_refused(luce, dossier, settings):
    settings.DEPOSIT_MAX_REQUEST_SIZE = 150
    files = [upload(f"piece{n}.pdf", PDF + b"0" * 40) for n in range(3)]
    assert_refused(luce, dossier, files, "autorisés par dépôt")


def test_too_many_files_are_refused(luce, dossier, settings):
    settings.DEPOSIT_MAX_FILES = 3
    files = [upload(f"piece{n}.pdf", PDF) for n in range(4)]
    assert_refused(luce, dossier, files, "au plus 3 fichiers")


def test_an_empty_file_is_refused(luce, dossier):
    assert_refused(luce, dossier, [upload("vide.pdf", b"")], "« vide.pdf » est vide")


def test_html_is_refused(luce, dossier):
    html = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    assert_refused(
        luce, dossier, [upload("page.html", html)], "n'est pas un type de fichier accepté"
    )
    # Nor does it pass as plain text.
    assert_refused(
        luce, dossier, [upload("page.txt", html)], "n'est pas un type de fichier accepté"
    )


def test_svg_is_refused(luce, dossier):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    assert_refused(
        luce, dossier, [upload("dessin.svg", svg)], "n'est pas un type de fichier accepté"
    )


def test_an_executable_renamed_pdf_is_refused(luce, dossier):
    assert_refused(luce, dossier, [upload("facture.pdf", EXE)], "« facture.pdf » n'est pas un type")


def test_a_double_extension_is_refused(luce, dossier):
    assert_refused(
        luce, dossier, [upload("facture.pdf.exe", PDF)], "ne correspond pas à son extension"
    )


def test_a_name_with_a_path_and_control_characters_keeps_only_its_safe_base_name(luce, dossier):
    """Django's parser drops the folders and the control characters of an uploaded file's
    name; the file is stored under a generated name in the private storage, nowhere else."""
    before = stored_files()
    response = deposit_to(luce, dossier, upload("../../etc/pass\x07wd\x1b.pdf", PDF))
    assert response.status_code == 302
    deposit = Deposit.objects.get()
    assert deposit.filename == "passwd.pdf"
    [new] = stored_files() - before
    root = os.path.realpath(storages["private"].location)
    assert os.path.realpath(new).startswith(root + os.sep + "depots" + os.sep)
    assert "passwd" not in os.path.basename(new)


def test_one_bad_file_and_nothing_is_stored_without_script(luce, dossier):
    files = [upload("bon.pdf", PDF), upload("mauvais.pdf", EXE)]
    assert_refused(luce, dossier, files, "« mauvais.pdf »", json=False)


def test_another_clients_dossier_is_not_found_and_nothing_is_stored(luce, client_b):
    theirs = shared_dossier(client_b)
    before = stored_files()
    response = deposit_to(luce, theirs, upload("a.pdf", PDF))
    assert response.status_code == 404
    response = luce.post(
        reverse("dossiers:deposit"), {"dossier": theirs.pk, "files": [upload("a.pdf", PDF)]}
    )
    assert response.status_code == 404
    assert Deposit.objects.count() == 0 and stored_files() == before


def test_a_client_sees_and_downloads_only_their_own_deposits(client, client_a, client_b):
    dossier = shared_dossier(client_a, client_b)
    client.force_login(client_a)
    deposit_to(client, dossier, upload("De Luce.pdf", PDF))
    deposit = Deposit.objects.get()
    client.force_login(client_b)
    page = client.get(reverse("dossiers:dossier", args=[dossier.pk])).content.decode()
    assert "De Luce.pdf" not in page
    assert client.get(reverse("dossiers:deposit_download", args=[deposit.pk])).status_code == 404


def test_deposits_need_a_csrf_token(client_a, dossier):
    from django.test import Client as HttpClient

    browser = HttpClient(enforce_csrf_checks=True)
    browser.force_login(client_a)
    response = deposit_to(browser, dossier, upload("a.pdf", PDF))
    assert response.status_code == 403
    assert Deposit.objects.count() == 0


def test_the_lawyer_turns_a_deposit_into_a_shared_document(client, client_a, lawyer, dossier):
    from dossiers.models import Document

    client.force_login(client_a)
    deposit_to(client, dossier, upload("Attestation employeur.pdf", PDF))
    deposit = Deposit.objects.get()

    client.force_login(lawyer)
    response = client.post(reverse("dossiers_admin:deposit_share", args=[deposit.pk]))
    assert response.status_code == 302
    draft = Document.objects.get(dossier=dossier)
    assert response.url == reverse("wagtailsnippets_dossiers_document:edit", args=[draft.pk])
    deposit.refresh_from_db()
    assert deposit.added_to_draft_at is not None
    # A draft only: the client sees it once the lawyer publishes it.
    assert not draft.live
    assert not Document.objects.visible_to(client_a).exists()
    draft.get_latest_revision().publish(user=lawyer)
    shared = Document.objects.visible_to(client_a).get()
    assert shared.title == "Attestation employeur"
    assert shared.filename == "Attestation employeur.pdf"
    assert shared.file.name != deposit.file.name and shared.file.name.startswith("documents/")
    with shared.file.open("rb") as copy:
        assert copy.read() == PDF


@pytest.mark.parametrize(
    "content",
    [
        b"\x0c<html><script>alert(1)</script>",
        "\xa0<html>".encode(),
        b"bonjour\n<svg onload=alert(1)>",
    ],
)
def test_markup_hidden_in_a_text_file_is_refused(luce, dossier, content):
    assert_refused(
        luce, dossier, [upload("notes.txt", content)], "n'est pas un type de fichier accepté"
    )


def test_plain_text_with_comparisons_is_accepted(luce, dossier):
    assert (
        deposit_to(
            luce, dossier, upload("notes.txt", b"montant < 1000 et x<2\n"), json=True
        ).status_code
        == 200
    )


def test_three_files_dropped_one_request_each_make_one_email_naming_them_all(
    luce, client_a, dossier, settings
):
    """The drop zone sends one request per file: the lawyer gets one email, not three."""
    names = ["Bail.pdf", "Quittance.pdf", "Photo.png"]
    for name, content in zip(names, [PDF, PDF, PNG], strict=True):
        assert deposit_to(luce, dossier, upload(name, content), json=True).status_code == 200
    assert OutgoingEmailCount() == 1
    assert send_due_emails(skip_quiet_period=False) == 0  # the quiet period holds it back

    send_due_emails()
    [alert] = mail.outbox
    assert alert.to == [dossier.interlocutor.email]
    assert "ALEXANDER Luce a déposé 3 documents" in alert.subject
    for name in names:
        assert name in alert.body

    # Sent, the alert gathers nothing more: a later deposit starts a new one.
    deposit_to(luce, dossier, upload("Tardif.pdf", PDF), json=True)
    assert OutgoingEmailCount() == 2


def test_deposits_in_two_dossiers_make_one_email_per_dossier(luce, client_a, client_b, dossier):
    from dossiers.factories import DossierAccessFactory, DossierFactory

    other = DossierFactory(interlocutor=dossier.interlocutor)
    DossierAccessFactory(dossier=other, client=client_a)
    deposit_to(luce, dossier, upload("a.pdf", PDF), json=True)
    deposit_to(luce, other, upload("b.pdf", PDF), json=True)
    deposit_to(luce, dossier, upload("c.pdf", PDF), json=True)
    send_due_emails()
    bodies = sorted(message.body for message in mail.outbox)
    assert len(bodies) == 2
    assert "a.pdf" in bodies[0] and "c.pdf" in bodies[0] and "b.pdf" not in bodies[0]
    assert "b.pdf" in bodies[1] and "a.pdf" not in bodies[1]


def test_files_from_two_clients_of_a_dossier_are_listed_with_their_depositor(
    client, client_a, client_b
):
    from django.core.files.base import ContentFile

    from dossiers.inbox import services
    from dossiers.inbox.uploads import CheckedFile

    dossier = shared_dossier(client_a, client_b)
    for who, name in [(client_a, "a.pdf"), (client_b, "b.pdf")]:
        checked = CheckedFile(ContentFile(PDF, name=name), name, "application/pdf", len(PDF))
        services.deposit_files(dossier, who, [checked])
    send_due_emails()
    [alert] = mail.outbox
    assert alert.subject == f"2 documents déposés dans {dossier}"
    assert "a.pdf (" in alert.body and "ALEXANDER Luce" in alert.body
    assert "b.pdf (" in alert.body and "DUPONT Marc" in alert.body
