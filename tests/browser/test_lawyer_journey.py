"""A lawyer, from the back office's login to a new client's first login: a client and a
dossier created, several documents dropped at once, a rendez-vous, a procedure date and
an invoice typed the French way, everything published with the main action; the client
gets one first-connection email saying what was shared, chooses a password, and reads
exactly what was typed."""

import re

from django.core import mail
from playwright.sync_api import expect

from notifications.tests.helpers import send_due_emails

from .test_french_input import client_reads_what_was_typed, log_into_back_office, type_and_leave
from .test_portal import field

NEWCOMER = "claire.martin@example.fr"
REFERENCE = "2026IIDOS/0777"


def publish_form(page, message):
    """« Publier pour les clients », the form's main button; then Wagtail's message."""
    main = page.locator("footer button[name=action-publish]")
    expect(main).to_have_text(re.compile(r"^\s*Publier"))
    main.click()
    expect(page.get_by_text(re.compile(message)).first).to_be_visible()


def add_item(page, dossier, label):
    page.goto(f"/admin/snippets/dossiers/dossier/edit/{dossier.pk}/")
    page.get_by_role("tab", name="Éléments partagés", exact=True).click()
    page.get_by_role("link", name=label, exact=True).click()
    return lambda name: page.locator(f"#id_{name}")


def test_a_lawyer_shares_a_new_dossier_with_a_new_client(page, demo, settings, live_server):
    from dossiers.factories import PDF_BYTES
    from dossiers.models import Dossier

    settings.PORTAL_BASE_URL = live_server.url
    send_due_emails()  # what load_demo announced goes first
    mail.outbox.clear()
    log_into_back_office(page)

    # 1. The client.
    page.goto("/admin/snippets/clients/client/add/")
    page.locator("#id_last_name").fill("MARTIN")
    page.locator("#id_first_name").fill("Claire")
    page.locator("#id_email").fill(NEWCOMER)
    page.get_by_role("button", name="Enregistrer").first.click()
    expect(page.get_by_text("Le client « MARTIN Claire » a été créé.")).to_be_visible()

    # 2. The dossier, with that client chosen by email, published for the clients.
    page.goto("/admin/snippets/dossiers/dossier/add/")
    page.locator("#id_reference").fill(REFERENCE)
    page.locator("#id_short_name").fill("MARTIN")
    page.locator("#id_accesses-ADD").click()
    page.locator("#id_accesses-0-client-chooser .chooser__choose-button").click()
    page.locator(".modal input[name=q]").fill(NEWCOMER)
    page.locator(".modal").get_by_role("link", name="MARTIN Claire").click()
    publish_form(page, "a été créé et publié")
    dossier = Dossier.objects.get(reference=REFERENCE)
    assert dossier.live and dossier.accesses.get().client.email == NEWCOMER

    # 3. Several documents at once, published together from their list.
    page.goto(f"/admin/snippets/dossiers/dossier/edit/{dossier.pk}/")
    page.get_by_role("tab", name="Éléments partagés", exact=True).click()
    page.get_by_role("link", name="Ajouter plusieurs documents").click()
    page.locator("input[name=files]").set_input_files(
        [
            {"name": f"{title}.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
            for title in ("Assignation", "Bordereau de pièces", "Lettre de mission")
        ]
    )
    page.get_by_role("button", name="Ajouter en brouillon").click()
    expect(page.get_by_text("3 documents ajoutés en brouillon")).to_be_visible()
    page.wait_for_load_state("networkidle")  # the bulk actions are drawn by script
    page.locator("[data-bulk-action-select-all-checkbox]").first.check()
    page.locator("[data-bulk-action-footer]").get_by_role(
        "link", name="Publier les éléments sélectionnés pour les clients"
    ).click()
    page.get_by_role("button", name="Oui, publier pour les clients").click()
    expect(page.get_by_text("3 éléments publiés")).to_be_visible()

    # 4. A rendez-vous, a procedure date and an invoice, typed the French way.
    appointment = add_item(page, dossier, "Ajouter un rendez-vous")
    appointment("subject").fill("Premier rendez-vous")
    type_and_leave(page, appointment("starts_at"), "14/12/2026 10:00")
    publish_form(page, "a été créé et publié")
    procedure_date = add_item(page, dossier, "Ajouter une date de procédure")
    type_and_leave(page, procedure_date("date"), "15/01/2027")
    procedure_date("jurisdiction").fill("Tribunal judiciaire de Créteil")
    publish_form(page, "a été créée et publiée")
    invoice = add_item(page, dossier, "Ajouter une facture")
    invoice("number").fill("FA-2026-0777")
    type_and_leave(page, invoice("amount"), "480,00")
    invoice("issue_date").fill("")
    type_and_leave(page, invoice("issue_date"), "15/01/2027")
    publish_form(page, "a été créée et publiée")

    # 5. One email to the new client: their way in, and what was shared.
    send_due_emails()
    [message] = [m for m in mail.outbox if m.to == [NEWCOMER]]
    for text in (
        "3 documents",
        "1 rendez-vous",
        "1 date de procédure",
        "1 facture",
        f"{REFERENCE} - MARTIN",
        NEWCOMER,
    ):
        assert text in message.body, text
    link = re.search(r"https?://\S+/activation/\S+/", message.body).group(0)

    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", name="Première connexion")).to_be_visible()
    field(page, "Nouveau mot de passe").fill("Claire plante un baobab violet")
    field(page, "Nouveau mot de passe (confirmation)").fill("Claire plante un baobab violet")
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    expect(page.get_by_role("heading", name="Accueil", level=1)).to_be_visible()

    # Exactly what the lawyer typed.
    page.goto(f"/dossiers/{dossier.pk}/documents/")
    for title in ("Assignation", "Bordereau de pièces", "Lettre de mission"):
        expect(page.get_by_text(title, exact=True).first).to_be_visible()
    client_reads_what_was_typed(
        page, dossier, "Premier rendez-vous", "Tribunal judiciaire de Créteil", "FA-2026-0777"
    )
