"""WCAG 2.1 AA: axe-core (from the npm registry) run on every portal page, logged in and
out, at desktop and phone widths. No violation of impact "serious" or "critical"."""

import os
from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE
from .test_portal import LUCE, log_in

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"

PUBLIC = [
    "/connexion/",
    "/mot-de-passe-oublie/",
    "/mot-de-passe-oublie/envoye/",
    "/activation/MQ/lien-perime/",
    "/aide/",
    "/aide/ma-premiere-connexion/",
    "/page-introuvable/",
]
CLIENT = [
    "/",
    "/categories/documents/",
    "/categories/rendez-vous/",
    "/categories/dates-de-procedure/",
    "/categories/factures/",
    "/dossiers/1/",
    "/dossiers/1/documents/",
    "/dossiers/2/",
    "/contact/",
    "/dossiers/1/contact/",
    "/mon-compte/",
    "/mon-compte/mot-de-passe/",
    "/mon-compte/coordonnees/",
    "/mon-compte/double-authentification/",
    "/aide/",
]


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
    checked = 0
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for url in PUBLIC:
            page.goto(url)
            found[f"{url} @{viewport['width']}"] = serious_violations(page)
            checked += 1
        # A form with its errors shown.
        page.goto("/connexion/")
        page.fill("#id_username", "personne@example.fr")
        page.fill("#id_password", "mauvais")
        page.click("button[type=submit]")
        found[f"/connexion/ (errors) @{viewport['width']}"] = serious_violations(page)
        log_in(page, *LUCE)
        for url in CLIENT:
            page.goto(url)
            found[f"{url} (Luce) @{viewport['width']}"] = serious_violations(page)
            checked += 1
        page.goto("/mon-compte/coordonnees/")
        page.fill("#id_postal_code", "123")
        page.get_by_role("button", name="Envoyer").click()
        found[f"/mon-compte/coordonnees/ (errors) @{viewport['width']}"] = serious_violations(page)
        page.get_by_role("button", name="Déconnexion").click()
    total = sum(len(v) for v in found.values())
    record_property("axe_serious_or_critical", total)
    print(f"\naxe-core: {len(found)} page views, {total} serious or critical violations")
    assert total == 0, {url: v for url, v in found.items() if v}
