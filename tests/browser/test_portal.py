"""The manual, walked in a browser by Luce ALEXANDER of the demo."""

import re
from pathlib import Path

from django.core import mail
from playwright.sync_api import expect

from notifications.tests.helpers import send_due_emails

from .conftest import PHONE

LUCE = ("academy@secib.fr", "a12RJ3d11P")


def field(page, label):
    """A form field by its exact label (a required one ends with an asterisk)."""
    return page.get_by_label(re.compile("^" + re.escape(label) + r"( \*)?$"))


def log_in(page, identifier, password):
    page.goto("/connexion/")
    field(page, "Identifiant").fill(identifier)
    field(page, "Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_luce_walks_the_manual(page, demo):
    log_in(page, *LUCE)
    expect(page.get_by_role("heading", name="Accueil", level=1)).to_be_visible()
    nav = page.get_by_role("navigation", name="Menu principal")
    for label in ("Accueil", "Mon compte", "Déconnexion"):
        expect(nav.get_by_text(label, exact=True)).to_be_visible()
    footer = page.locator("footer")
    expect(footer).to_contain_text("AAPS AVOCATS")
    expect(footer).to_contain_text("8 rue Armand Moisant - 75015 Paris")
    expect(footer).to_contain_text("01 43 06 91 47")
    expect(footer).to_contain_text("contact@aaps-avocats.com")

    # Accueil: every category, all dossiers together, with its count.
    cards = page.locator(".card")
    expect(cards).to_have_count(4)
    expect(page.get_by_role("link", name=re.compile(r"^Documents : 5 documents"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Factures : 1 facture"))).to_be_visible()

    # A category: its items, each with its dossier.
    page.get_by_role("link", name=re.compile(r"^Rendez-vous")).click()
    expect(page.get_by_role("heading", name="Rendez-vous", level=1)).to_be_visible()
    expect(page.locator(".item")).to_have_count(1)
    expect(page.locator(".item")).to_contain_text("2017IIDOS/1529 - ALEXAN")
    expect(page.locator(".item")).to_contain_text(re.compile(r"\d{4} à \d{1,2}\sh\s\d{2}"))
    page.get_by_role("link", name="Accueil").first.click()

    # The dossier, and a download.
    page.get_by_role("link", name="2017IIDOS/1529 - ALEXAN").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier 2017IIDOS/1529 - ALEXAN")
    expect(page.locator(".page-header")).to_contain_text("Interlocuteur : DELMAS Fabien")
    page.get_by_role("link", name=re.compile(r"^Documents : 3 documents")).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Télécharger : Convocation")).click()
    download = download_info.value
    assert download.suggested_filename == "Convocation audience.pdf"
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"

    # Her second dossier holds documents only: no empty category is shown.
    page.get_by_role("link", name="Accueil").first.click()
    page.get_by_role("link", name="2019IIDOS/0412 - ALEXAN-SCI").click()
    expect(page.locator(".card")).to_have_count(1)
    expect(page.get_by_role("link", name=re.compile(r"^Documents : 2 documents"))).to_be_visible()
    for hidden in ("Rendez-vous", "Dates de procédure", "Factures"):
        expect(page.get_by_role("link", name=re.compile(f"^{hidden}"))).to_have_count(0)

    # Mon compte → Modifier mon mot de passe.
    page.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_text("Impasse Adam 1er")).to_be_visible()
    page.get_by_role("link", name="Modifier mon mot de passe").click()
    field(page, "Mot de passe actuel").fill(LUCE[1])
    field(page, "Nouveau mot de passe").fill("Ma nouvelle phrase 2026")
    field(page, "Nouveau mot de passe (confirmation)").fill("Ma nouvelle phrase 2026")
    page.get_by_role("button", name="Modifier mon mot de passe").click()
    expect(page.get_by_text("Votre mot de passe a été modifié.")).to_be_visible()

    # Déconnexion, then the new password works and the old one does not.
    page.get_by_role("button", name="Déconnexion").click()
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    log_in(page, LUCE[0], LUCE[1])
    expect(page.get_by_text("Identifiant ou mot de passe incorrect.")).to_be_visible()
    log_in(page, LUCE[0], "Ma nouvelle phrase 2026")
    expect(page.get_by_role("heading", name="Accueil", level=1)).to_be_visible()


def test_a_first_connection_from_the_invitation_email(page, demo, settings, live_server):
    from clients.models import Client
    from clients.services import invite_client

    settings.PORTAL_BASE_URL = live_server.url
    newcomer = Client.objects.create(
        email="nouvelle.cliente@example.fr", first_name="Nina", last_name="NOUVEAU"
    )
    invite_client(newcomer)
    send_due_emails()
    [message] = [m for m in mail.outbox if m.to == [newcomer.email]]
    assert f"{live_server.url}/connexion/" in message.body
    link = re.search(r"https?://\S+/activation/\S+/", message.body).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", name="Première connexion")).to_be_visible()
    expect(page.get_by_text("nouvelle.cliente@example.fr")).to_be_visible()
    field(page, "Nouveau mot de passe").fill("court")
    field(page, "Nouveau mot de passe (confirmation)").fill("court")
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    expect(page.get_by_text("Ce mot de passe est trop court")).to_be_visible()
    field(page, "Nouveau mot de passe").fill("Nina plante un baobab violet")
    field(page, "Nouveau mot de passe (confirmation)").fill("Nina plante un baobab violet")
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    expect(page.get_by_role("heading", name="Accueil", level=1)).to_be_visible()
    expect(page.get_by_text("Bienvenue sur votre espace client.").first).to_be_visible()

    # The link has served: it says so, and offers a new one.
    page.get_by_role("button", name="Déconnexion").click()
    page.goto(link)
    expect(page.get_by_role("heading", name="Ce lien n'est plus valable")).to_be_visible()
    expect(page.get_by_role("button", name="M'envoyer un nouveau lien")).to_be_visible()


def test_the_portal_reads_well_on_a_phone(page, demo):
    page.set_viewport_size(PHONE)
    log_in(page, *LUCE)
    expect(page.get_by_role("heading", name="Accueil", level=1)).to_be_visible()
    # Nothing wider than the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
