"""Le dépôt de documents, l'envoi d'un message, la modification de mes coordonnées:
Luce acts in the portal, Fabien DELMAS handles each in the back office."""

import re

from playwright.sync_api import expect

from notifications.tests.helpers import send_due_emails

from .test_french_input import log_into_back_office
from .test_portal import LUCE, field, log_in

PDF = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def drop_files(page, selector, files):
    """Drag files from the desktop and drop them on ``selector``."""
    transfer = page.evaluate_handle(
        """(files) => {
            const transfer = new DataTransfer();
            for (const file of files) {
                transfer.items.add(new File([file.content], file.name, {type: file.type}));
            }
            return transfer;
        }""",
        files,
    )
    page.dispatch_event(selector, "dragenter", {"dataTransfer": transfer})
    page.dispatch_event(selector, "drop", {"dataTransfer": transfer})


def test_luce_acts_and_fabien_handles_it_in_the_back_office(page, demo, browser, live_server):
    log_in(page, *LUCE)

    # Two files at once, dropped on her dossier's drop zone.
    page.get_by_role("link", name="2017IIDOS/1529 - ALEXAN").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier 2017IIDOS/1529 - ALEXAN")
    expect(page.locator("form.deposit-form--enhanced")).to_have_count(1)  # the script is ready
    drop_files(
        page,
        "[data-dropzone]",
        [
            {"name": "Bulletin de salaire.pdf", "type": "application/pdf", "content": PDF},
            {"name": "Avis d'imposition.pdf", "type": "application/pdf", "content": PDF},
        ],
    )
    uploads = page.locator(".upload")
    expect(uploads).to_have_count(2)
    expect(page.locator(".upload--done")).to_have_count(2)
    deposits = page.locator("[data-deposit-list] .item")
    expect(deposits).to_have_count(2)
    page.reload()
    expect(page.locator("#depots")).to_contain_text("Bulletin de salaire.pdf")
    expect(page.locator("#depots")).to_contain_text("Avis d'imposition.pdf")

    # A file refused says why, and is not listed.
    drop_files(
        page,
        "[data-dropzone]",
        [{"name": "virus.pdf", "type": "application/pdf", "content": "MZ\u0090\u0000"}],
    )
    expect(page.locator(".upload--refused")).to_contain_text("n'est pas un type de fichier accepté")

    # One more from Accueil, choosing the dossier.
    page.get_by_role("link", name="Accueil").first.click()
    expect(page.locator("form.deposit-form--enhanced")).to_have_count(1)
    page.get_by_label(re.compile("^Dossier")).select_option(
        label="2017IIDOS/1529 - ALEXAN (DELMAS Fabien)"
    )
    page.locator("input[type=file][name=files]").set_input_files(
        files=[
            {
                "name": "Justificatif de domicile.pdf",
                "mimeType": "application/pdf",
                "buffer": PDF.encode(),
            }
        ]
    )
    expect(page.locator(".upload--done")).to_have_count(1)

    # « Contacter l'interlocuteur ».
    page.get_by_role("link", name="2017IIDOS/1529 - ALEXAN").click()
    page.get_by_role("link", name="Contacter l'interlocuteur : DELMAS Fabien").click()
    expect(page.get_by_text("DOSSIER", exact=False).first).to_be_visible()
    field(page, "Objet").fill("Demande de RDV")
    field(page, "Message").fill("Bonjour Maître, pourrions-nous nous voir la semaine prochaine ?")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("Votre message a été envoyé à DELMAS Fabien.")).to_be_visible()

    # « Mettre à jour mes coordonnées ».
    page.get_by_role("link", name="Mon compte").click()
    page.get_by_role("link", name="Mettre à jour mes coordonnées").click()
    expect(field(page, "Ville")).to_have_value("PEROLS")
    field(page, "Adresse").fill("3 place de la Comédie")
    field(page, "Code postal").fill("34000")
    field(page, "Ville").fill("MONTPELLIER")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("en attente de validation")).to_be_visible()

    # Fabien, in the back office.
    lawyer = browser.new_context(base_url=live_server.url, locale="fr-FR")
    back_office = lawyer.new_page()
    log_into_back_office(back_office)
    back_office.goto("/admin/dossiers/deposit/")
    for name in (
        "Bulletin de salaire.pdf",
        "Avis d'imposition.pdf",
        "Justificatif de domicile.pdf",
    ):
        expect(back_office.get_by_text(name)).to_be_visible()
    expect(back_office.get_by_text("virus.pdf")).to_have_count(0)

    back_office.goto("/admin/dossiers/message/")
    back_office.get_by_text("Demande de RDV").first.click()
    expect(back_office.get_by_text("pourrions-nous nous voir")).to_be_visible()
    back_office.get_by_label("Votre réponse").fill("Volontiers : mardi à 14 h 30 au cabinet.")
    back_office.get_by_role("button", name="Envoyer la réponse").click()
    expect(back_office.get_by_text("Votre réponse a été envoyée à ALEXANDER Luce.")).to_be_visible()

    back_office.goto("/admin/clients/contactchangerequest/")
    back_office.get_by_text("ALEXANDER Luce").first.click()
    row = back_office.get_by_role("row", name=re.compile("^Adresse Impasse"))
    expect(row).to_contain_text("Impasse Adam 1er")
    expect(row).to_contain_text("3 place de la Comédie")
    back_office.get_by_role("button", name="Appliquer").click()
    expect(
        back_office.get_by_text("Les coordonnées d'ALEXANDER Luce sont mises à jour.")
    ).to_be_visible()
    lawyer.close()
    send_due_emails()

    # Luce sees the answer and her new details.
    page.get_by_role("link", name="Accueil").first.click()
    page.get_by_role("link", name="2017IIDOS/1529 - ALEXAN").click()
    expect(page.locator("#messages")).to_contain_text("Volontiers : mardi à 14 h 30 au cabinet.")
    page.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_text("3 place de la Comédie")).to_be_visible()
    expect(page.get_by_text("MONTPELLIER")).to_be_visible()
