"""The back office under its Content-Security-Policy: every main screen works, none is refused.

Chromium reports each refusal twice: a `securitypolicyviolation` event in the page (or
frame) and a console message; both are collected, from every frame, and must stay empty.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import Collection

from common.records import admin_url

LAWYER = ("fabien.delmas@aaps-avocats.com", "Delmas-Demo-2026")
FIRM_ADMIN = ("admin@aaps-avocats.com", "Admin-Demo-2026")

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} refused ${event.blockedURI || "inline"} on ${document.location.pathname}`
    + ` (${event.sourceFile || ""}:${event.lineNumber})`
  );
});
"""
HOSTILE = "Pièce <img src=x onerror=alert(1)>"


@pytest.fixture
def violations(page):
    found = []
    page.context.expose_function("reportCspViolation", lambda text: found.append(text))
    page.context.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and found.append(f"console: {message.text}")
        ),
    )
    return found


def log_in(page, who):
    page.goto("/admin/login/")
    page.fill("input[name=username]", who[0])
    page.fill("input[name=password]", who[1])
    page.get_by_role("button", name="S'identifier").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    # The sidebar is drawn by Wagtail's scripts: they ran.
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert "Content-Security-Policy" in {name.title() for name in response.headers}, url
    page.wait_for_load_state("networkidle")


def back_office_screens():
    """The main screens' addresses, after the client wrote a message and deposited a file,
    both with markup in what they typed (shown as text, and a script would be refused)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dossiers.inbox.services import send_message
    from dossiers.models import Deposit, Dossier
    from notifications.models import OutgoingEmail
    from portal_pages.models import HelpPage

    dossier = Dossier.objects.filter(reference="2017IIDOS/1529").get()
    client = dossier.accesses.first().client
    message = send_message(dossier, client, HOSTILE, f"Bonjour,\n{HOSTILE}")
    deposit = Deposit(dossier=dossier, client=client, content_type="application/pdf")
    deposit.file = SimpleUploadedFile(f"{HOSTILE}.pdf", b"%PDF-1.4\n%%EOF\n")
    deposit.save()
    return {
        "dashboard": "/admin/",
        "dossiers": reverse("wagtailsnippets_dossiers_dossier:list"),
        "dossier": reverse("wagtailsnippets_dossiers_dossier:edit", args=[dossier.pk]),
        "clients": reverse("wagtailsnippets_clients_client:list"),
        "client": reverse("wagtailsnippets_clients_client:edit", args=[client.pk]),
        "messages": reverse("dossiers_message_modeladmin_index"),
        "message": reverse("dossiers_message_modeladmin_inspect", args=[message.pk]),
        "deposits": reverse("dossiers_deposit_modeladmin_index"),
        "deposit": reverse("dossiers_deposit_modeladmin_inspect", args=[deposit.pk]),
        "payments": reverse("payments_payment_modeladmin_index"),
        "emails": admin_url(OutgoingEmail, "index"),
        "email": admin_url(OutgoingEmail, "inspect", OutgoingEmail.objects.first().pk),
        "help page": reverse("wagtailadmin_pages:edit", args=[HelpPage.objects.first().pk]),
        "pages": reverse("wagtailadmin_explore_root"),
        "settings": reverse("wagtailsettings:edit", args=["portal_pages", "firmsettings"]),
    }


def test_the_lawyer_works_in_the_back_office_without_a_csp_violation(page, demo, violations):
    log_in(page, LAWYER)
    screens = back_office_screens()
    for name in ("dossiers", "clients", "client", "messages", "message", "deposits", "deposit"):
        visit(page, screens[name])

    visit(page, screens["dossier"])
    expect(page.locator("input[name=reference]")).to_have_value("2017IIDOS/1529")
    tabs = page.get_by_role("tab")
    for index in range(tabs.count()):
        tabs.nth(index).click()
        expect(tabs.nth(index)).to_have_attribute("aria-selected", "true")
    # A shared item is added from its own form, reached from the « Éléments partagés »
    # tab: the form runs the scripts of its widgets (the dossier's chooser, a date picker).
    page.get_by_role("tab", name="Éléments partagés").click()
    page.get_by_role("link", name="Ajouter un document").click()
    expect(page).to_have_url(re.compile(r"/admin/snippets/dossiers/document/add/\?dossier="))
    page.wait_for_load_state("networkidle")
    expect(page.locator("#id_dossier-title")).to_have_text("2017IIDOS/1529 - ALEXAN")
    page.locator("#id_title").fill(HOSTILE)
    page.locator("#id_date").click()
    expect(page.locator(".xdsoft_datetimepicker:visible").first).to_be_visible()
    page.keyboard.press("Escape")
    page.locator("#id_file").set_input_files(
        files=[{"name": "Pièce.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    # Published for the clients, it is shown in the dossier's list of documents, whose
    # bulk actions are drawn by script when an item is selected.
    page.get_by_role("button", name="Publier pour les clients").click()
    expect(page).to_have_url(re.compile(r"/admin/snippets/dossiers/document/\?dossier="))
    page.wait_for_load_state("networkidle")
    row = page.get_by_role("row", name=re.compile(re.escape(HOSTILE)))
    expect(row).to_be_visible()
    row.locator("[data-bulk-action-checkbox]").check()
    footer = page.locator("[data-bulk-action-footer]")
    publish = footer.get_by_role("link", name="Publier les éléments sélectionnés pour les clients")
    expect(publish).to_be_visible()
    expect(publish).to_have_text("Publier pour les clients")

    assert not violations, "\n".join(sorted(set(violations)))


def test_the_firm_admin_works_in_the_back_office_without_a_csp_violation(page, demo, violations):
    log_in(page, FIRM_ADMIN)
    screens = back_office_screens()
    for name in ("dossiers", "clients", "messages", "deposits", "payments", "emails", "pages"):
        visit(page, screens[name])
    for name in ("email", "message", "deposit"):
        visit(page, screens[name])

    # A help page, and its preview, which Wagtail shows in a frame of the edit view.
    visit(page, screens["help page"])
    page.locator("[data-side-panel-toggle=preview]").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_be_visible()
    page.wait_for_load_state("networkidle")

    # The firm's settings; a chooser opens in a modal built by script. (Its upload form
    # needs Wagtail's root collection, which a test database flushed before lost.)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    visit(page, screens["settings"])
    page.locator("#id_logo-chooser").get_by_role("button", name=re.compile("Choisir")).click()
    expect(page.get_by_role("dialog")).to_be_visible()
    page.wait_for_load_state("networkidle")
    visit(page, screens["dashboard"])
    assert not violations, "\n".join(sorted(set(violations)))
