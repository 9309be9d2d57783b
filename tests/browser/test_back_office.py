import re

from playwright.sync_api import expect

from .test_french_input import log_into_back_office
from .test_portal import LUCE, log_in


def test_the_lawyer_logs_into_the_back_office_and_finds_the_dossier(page, demo):
    page.goto("/admin/login/")
    expect(page.locator("input[name=username]")).to_be_visible()
    page.fill("input[name=username]", "fabien.delmas@aaps-avocats.com")
    page.fill("input[name=password]", "Delmas-Demo-2026")
    page.get_by_role("button", name="S'identifier").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto("/admin/snippets/dossiers/dossier/")
    page.get_by_role("link", name="2017IIDOS/1529 - ALEXAN").click()
    expect(page.locator("input[name=reference]")).to_have_value("2017IIDOS/1529")
    page.get_by_role("tab", name="Éléments partagés").click()
    page.get_by_role("link", name="Voir et publier").first.click()
    expect(page.get_by_text("Convocation à l'audience")).to_be_visible()


def test_the_lawyer_sees_what_waits_and_picks_a_client_by_email(page, demo):
    from clients.factories import ClientFactory

    ClientFactory(last_name="ALEXANDER", first_name="Luce", email="luce.homonyme@example.fr")
    page.goto("/admin/login/")
    page.fill("input[name=username]", "fabien.delmas@aaps-avocats.com")
    page.fill("input[name=password]", "Delmas-Demo-2026")
    page.get_by_role("button", name="S'identifier").click()
    expect(page.get_by_role("heading", name="À traiter")).to_be_visible()
    expect(page.locator("[data-home-tasks]")).to_contain_text("Tout le cabinet")

    # A new dossier is Fabien's; its client chosen by email among two ALEXANDER Luce.
    page.goto("/admin/snippets/dossiers/dossier/add/")
    expect(page.locator("select[name=interlocutor] option:checked")).to_have_text(
        re.compile("DELMAS Fabien")
    )
    page.locator("#id_accesses-ADD").click()
    page.locator("#id_accesses-0-client-chooser .chooser__choose-button").click()
    search = page.locator(".modal input[name=q]")
    expect(search).to_be_visible()
    search.fill("homonyme")
    result = page.locator(".modal").get_by_role("link", name="ALEXANDER Luce")
    expect(result).to_have_count(1)
    expect(page.locator(".modal")).to_contain_text("luce.homonyme@example.fr")
    result.click()
    title = page.locator("#id_accesses-0-client-title")
    expect(title).to_have_text("ALEXANDER Luce (luce.homonyme@example.fr)")


def test_the_lawyer_drops_several_files_and_publishes_them_in_one_action(page, demo):
    """From the dossier's screen: several files dropped at once become drafts, the
    lawyer renames none, selects them all and publishes them; Luce then sees them."""
    from dossiers.factories import PDF_BYTES
    from dossiers.models import Document

    log_into_back_office(page)
    page.goto("/admin/snippets/dossiers/dossier/")
    page.get_by_role("link", name="2017IIDOS/1529 - ALEXAN").click()
    page.get_by_role("tab", name="Éléments partagés").click()
    page.get_by_role("link", name="Ajouter plusieurs documents").click()
    page.locator("input[name=files]").set_input_files(
        [
            {"name": f"{title}.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
            for title in ("Ordonnance de référé", "Rapport d'expertise")
        ]
    )
    page.get_by_role("button", name="Ajouter en brouillon").click()
    expect(page.get_by_text("2 documents ajoutés en brouillon")).to_be_visible()
    expect(page.get_by_text("Ordonnance de référé").first).to_be_visible()
    assert Document.objects.filter(live=False).count() == 2

    # The listing shows only the drafts: select them all and publish them at once.
    page.wait_for_load_state("networkidle")  # the bulk actions are drawn by script
    page.locator("[data-bulk-action-select-all-checkbox]").first.check()
    page.locator("[data-bulk-action-footer]").get_by_role(
        "link", name="Publier les éléments sélectionnés pour les clients"
    ).click()
    expect(page.get_by_text("Cela concerne 2 éléments du dossier")).to_be_visible()
    page.get_by_role("button", name="Oui, publier pour les clients").click()
    expect(page.get_by_text("2 éléments publiés")).to_be_visible()
    assert Document.objects.filter(live=False).count() == 0

    page.context.clear_cookies()
    log_in(page, *LUCE)
    page.goto("/categories/documents/")
    expect(page.get_by_text("Ordonnance de référé").first).to_be_visible()
    expect(page.get_by_text("Rapport d'expertise").first).to_be_visible()


def test_the_bulk_bar_shows_its_buttons_whole(page, demo):
    """« Publier pour les clients », not « Publier pour les c… » (Wagtail cuts at 160 px);
    and the count in the firm's words, not « fragments »."""
    from dossiers.models import Dossier

    log_into_back_office(page)
    dossier = Dossier.objects.get(reference="2017IIDOS/1529")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/admin/snippets/dossiers/document/?dossier={dossier.pk}")
    page.locator("input[data-bulk-action-select-all-checkbox]").first.check()
    button = page.locator(".bulk-actions-choices .bulk-action-btn", has_text="Publier")
    expect(button).to_have_text("Publier pour les clients")
    assert button.evaluate("b => b.scrollWidth <= b.clientWidth")
    expect(page.locator("[data-bulk-action-num-objects]")).to_have_text(
        "Les 3 éléments de cette page"
    )
