"""« Le partage de nouveaux éléments », end to end: a publish in the back office, one email.

A shared item is published on its own: the lawyer adds a document from the dossier's
« Éléments partagés » tab and publishes it for the clients from its own form.
"""

import re
from email import message_from_bytes

from playwright.sync_api import expect

from notifications.tests.helpers import send_due_emails

from .test_french_input import log_into_back_office


def test_the_lawyer_publishes_a_document_and_the_client_gets_one_email(
    page, demo, settings, tmp_path, live_server
):
    from dossiers.models import Document

    mail_dir = tmp_path / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = mail_dir
    settings.PORTAL_BASE_URL = live_server.url
    send_due_emails()  # what load_demo announced goes first
    for old in mail_dir.glob("*"):
        old.unlink()

    log_into_back_office(page)
    page.goto("/admin/snippets/dossiers/dossier/")
    page.get_by_role("link", name="2017IIDOS/1529 - ALEXAN").click()
    page.get_by_role("tab", name="Éléments partagés").click()
    page.get_by_role("link", name="Ajouter un document").click()
    expect(page).to_have_url(re.compile(r"/admin/snippets/dossiers/document/add/\?dossier=\d+$"))
    page.locator("input[name=title]").fill("Ordonnance du juge")
    page.locator("input[name=file]").set_input_files(
        files=[
            {
                "name": "Ordonnance.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%%EOF\n",
            }
        ]
    )
    page.get_by_role("button", name="Publier pour les clients").click()
    # Back on the dossier's list of documents, the new one published.
    expect(page).to_have_url(re.compile(r"/admin/snippets/dossiers/document/\?dossier=\d+$"))
    expect(
        page.get_by_text(re.compile("« Ordonnance du juge » a été créé et publié"))
    ).to_be_visible()
    assert Document.objects.get(title="Ordonnance du juge").live

    send_due_emails()  # the worker, once the quiet period is over
    files = list(mail_dir.glob("*.log"))
    assert len(files) == 1
    message = message_from_bytes(files[0].read_bytes())
    assert message["To"] == "academy@secib.fr"
    text = message.get_payload()[0].get_payload(decode=True).decode()
    assert f"{live_server.url}/" in text
    assert "1 document" in text
    assert "2017IIDOS/1529 - ALEXAN" in text
    assert "Ordonnance" not in text
