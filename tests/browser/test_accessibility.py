"""WCAG 2.1 AA: axe-core (from the npm registry) run on every portal page, logged in and
out, at desktop and phone widths. No violation of impact "serious" or "critical"."""

import os
from pathlib import Path

import pytest

from demo import world
from dossiers.models import Dossier

from .conftest import DESKTOP, PHONE
from .test_portal import LUCE, log_in

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"

# (address, status, a text the page must show): a page that is not the one meant (a
# « Page introuvable » instead of a dossier) fails the test instead of passing the audit.
PUBLIC = [
    ("/connexion/", 200, "Se connecter"),
    ("/mot-de-passe-oublie/", 200, "Mot de passe oublié"),
    ("/mot-de-passe-oublie/envoye/", 200, "e-mail"),
    ("/activation/MQ/lien-perime/", 200, "lien"),
    ("/aide/", 200, "Aide"),
    ("/aide/ma-premiere-connexion/", 200, "Ma première connexion"),
    ("/page-introuvable/", 404, "Page introuvable"),
]


def client_pages():
    """Luce's pages, found from the demo data rather than guessed ids."""
    first = Dossier.objects.get(reference=world.LUCE_DOSSIER[0])
    second = Dossier.objects.get(reference=world.LUCE_SECOND_DOSSIER[0])
    return [
        ("/", 200, "Accueil"),
        ("/categories/documents/", 200, "Documents"),
        ("/categories/rendez-vous/", 200, "Rendez-vous"),
        ("/categories/dates-de-procedure/", 200, "Dates de procédure"),
        ("/categories/factures/", 200, "Factures"),
        (f"/dossiers/{first.pk}/", 200, first.reference),
        (f"/dossiers/{first.pk}/documents/", 200, first.reference),
        (f"/dossiers/{second.pk}/", 200, second.reference),
        ("/contact/", 200, "Contacter l'interlocuteur"),
        (f"/dossiers/{first.pk}/contact/", 200, "DELMAS Fabien"),
        ("/mon-compte/", 200, "Mon compte"),
        ("/mon-compte/mot-de-passe/", 200, "mot de passe"),
        ("/mon-compte/coordonnees/", 200, "coordonnées"),
        ("/mon-compte/double-authentification/", 200, "Double authentification"),
        ("/aide/", 200, "Aide"),
    ]


def visit(page, url, status, text):
    response = page.goto(url)
    assert response.status == status, (url, response.status)
    assert text.lower() in page.content().lower(), (url, text)


def serious_violations(page):
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async () => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return results.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.fixture
def axe_page(browser, live_server):
    if not AXE.exists():
        message = "axe-core is missing: run `npm ci --prefix tests/browser` (make does)."
        if os.environ.get("CHROMIUM_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    # The portal's Content-Security-Policy forbids injected scripts: axe is a test tool.
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_no_serious_accessibility_violation_on_any_portal_page(axe_page, demo, record_property):
    page = axe_page
    found = {}
    client = client_pages()
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for url, status, text in PUBLIC:
            visit(page, url, status, text)
            found[f"{url} @{viewport['width']}"] = serious_violations(page)
        # A form with its errors shown.
        page.goto("/connexion/")
        page.fill("#id_username", "personne@example.fr")
        page.fill("#id_password", "mauvais")
        page.click("button[type=submit]")
        found[f"/connexion/ (errors) @{viewport['width']}"] = serious_violations(page)
        log_in(page, *LUCE)
        for url, status, text in client:
            visit(page, url, status, text)
            found[f"{url} (Luce) @{viewport['width']}"] = serious_violations(page)
        page.goto("/mon-compte/coordonnees/")
        page.fill("#id_postal_code", "123")
        page.get_by_role("button", name="Envoyer").click()
        found[f"/mon-compte/coordonnees/ (errors) @{viewport['width']}"] = serious_violations(page)
        page.get_by_role("button", name="Déconnexion").click()
    total = sum(len(v) for v in found.values())
    record_property("axe_serious_or_critical", total)
    print(f"\naxe-core: {len(found)} page views, {total} serious or critical violations")
    # Every page of both lists at both widths, plus the two forms with their errors.
    assert len(found) == 2 * (len(PUBLIC) + len(client) + 2)
    assert total == 0, {url: v for url, v in found.items() if v}
