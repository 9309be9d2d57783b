"""French input in the dossier editor, typed in Chromium with the French locale: what the
lawyer types is what the client reads, and what cannot be read is refused, never rewritten."""

import datetime
import re
from decimal import Decimal

from playwright.sync_api import expect

LAWYER = ("fabien.delmas@aaps-avocats.com", "Delmas-Demo-2026")
LUCE = ("academy@secib.fr", "a12RJ3d11P")
REFERENCE = "2017IIDOS/1529"


def log_into_back_office(page):
    page.goto("/admin/login/")
    page.fill("input[name=username]", LAWYER[0])
    page.fill("input[name=password]", LAWYER[1])
    page.get_by_role("button", name="S'identifier").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def open_dossier(page):
    from dossiers.models import Dossier

    dossier = Dossier.objects.get(reference=REFERENCE)
    page.goto(f"/admin/snippets/dossiers/dossier/edit/{dossier.pk}/")
    expect(page.locator("input[name=reference]")).to_have_value(REFERENCE)
    return dossier


def new_row(page, tab, relation):
    """Adds an item in ``tab`` and returns a function giving its fields by name."""
    page.get_by_role("tab", name=tab, exact=True).click()
    page.locator(f"#id_{relation}-ADD").click()
    total = int(page.locator(f"#id_{relation}-TOTAL_FORMS").input_value())
    return lambda name: page.locator(f"#id_{relation}-{total - 1}-{name}")


def type_and_leave(page, field, text):
    """Types like a lawyer does, then leaves the field (blur)."""
    field.click()
    field.press_sequentially(text)
    page.keyboard.press("Tab")
    expect(field).not_to_be_focused()


def publish(page):
    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Publier").click()


def test_dates_and_amounts_typed_the_french_way_reach_the_client_exactly(page, demo):
    from dossiers.models import Appointment, Invoice, ProcedureDate

    log_into_back_office(page)
    dossier = open_dossier(page)

    appointment = new_row(page, "Rendez-vous", "appointments")
    appointment("subject").fill("Point sur la procédure")
    type_and_leave(page, appointment("starts_at"), "14/12/2026 10:00")
    expect(appointment("starts_at")).to_have_value("14/12/2026 10:00")

    procedure_date = new_row(page, "Dates de procédure", "procedure_dates")
    type_and_leave(page, procedure_date("date"), "15/01/2027")
    expect(procedure_date("date")).to_have_value("15/01/2027")
    procedure_date("jurisdiction").fill("Tribunal judiciaire de Nanterre")

    invoice = new_row(page, "Factures", "invoices")
    invoice("number").fill("FA-2027-0001")
    type_and_leave(page, invoice("amount"), "480,00")
    expect(invoice("amount")).to_have_value("480,00")
    invoice("issue_date").fill("")
    type_and_leave(page, invoice("issue_date"), "15/01/2027")
    expect(invoice("issue_date")).to_have_value("15/01/2027")

    publish(page)
    expect(page.get_by_text(re.compile("publié", re.I)).first).to_be_visible()

    saved = Invoice.objects.get(number="FA-2027-0001")
    assert saved.amount == Decimal("480.00")
    assert saved.issue_date == datetime.date(2027, 1, 15)
    assert ProcedureDate.objects.get(
        dossier=dossier, jurisdiction="Tribunal judiciaire de Nanterre"
    ).date == datetime.date(2027, 1, 15)
    starts_at = Appointment.objects.get(subject="Point sur la procédure").starts_at
    assert starts_at.astimezone(datetime.UTC).isoformat() == "2026-12-14T09:00:00+00:00"

    # The editor shows them back the French way.
    open_dossier(page)
    page.get_by_role("tab", name="Factures", exact=True).click()
    expect(page.locator("input[name$='-amount'][value='480,00']")).to_have_count(1)

    # What the client reads.
    page.context.clear_cookies()
    page.goto("/connexion/")
    page.get_by_label(re.compile("^Identifiant")).fill(LUCE[0])
    page.get_by_label(re.compile("^Mot de passe")).fill(LUCE[1])
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"/dossiers/{dossier.pk}/rendez-vous/")
    expect(page.locator(".item", has_text="Point sur la procédure")).to_contain_text(
        "lundi 14 décembre 2026 à 10 h 00"
    )
    page.goto(f"/dossiers/{dossier.pk}/dates-de-procedure/")
    expect(page.locator(".item", has_text="Tribunal judiciaire de Nanterre")).to_contain_text(
        "vendredi 15 janvier 2027"
    )
    page.goto(f"/dossiers/{dossier.pk}/factures/")
    invoice_item = page.locator(".item", has_text="FA-2027-0001")
    expect(invoice_item).to_contain_text("480,00\u00a0€")
    expect(invoice_item).to_contain_text("vendredi 15 janvier 2027")


def test_what_cannot_be_read_exactly_is_refused_on_its_field_and_kept_as_typed(page, demo):
    from dossiers.models import Dossier, Invoice

    log_into_back_office(page)
    dossier = open_dossier(page)
    revisions = dossier.revisions.count()

    invoice = new_row(page, "Factures", "invoices")
    invoice("number").fill("FA-2027-0002")
    type_and_leave(page, invoice("amount"), "1,250.00")
    invoice("issue_date").fill("")
    type_and_leave(page, invoice("issue_date"), "31/02/2027")
    expect(invoice("issue_date")).to_have_value("31/02/2027")
    appointment = new_row(page, "Rendez-vous", "appointments")
    appointment("subject").fill("Rendez-vous impossible")
    type_and_leave(page, appointment("starts_at"), "2027-13-01 10:00")
    expect(appointment("starts_at")).to_have_value("2027-13-01 10:00")

    publish(page)
    expect(page.get_by_text(re.compile("n'a pas pu être enregistré")).first).to_be_visible()
    # Each tab with an error says how many.
    page.get_by_role("tab", name=re.compile("^Factures")).click()
    amount = page.locator("input[name$='-amount'][value='1,250.00']")
    expect(amount).to_have_count(1)
    amount_field = page.locator("[data-field]", has=amount)
    expect(amount_field).to_contain_text("Saisissez un montant")
    issue_date = page.locator("input[name$='-issue_date'][value='31/02/2027']")
    expect(page.locator("[data-field]", has=issue_date)).to_contain_text("date valide")
    page.get_by_role("tab", name=re.compile("^Rendez-vous")).click()
    starts_at = page.locator("input[name$='-starts_at'][value='2027-13-01 10:00']")
    expect(page.locator("[data-field]", has=starts_at)).to_contain_text("valide")

    assert not Invoice.objects.filter(number="FA-2027-0002").exists()
    assert Dossier.objects.get(pk=dossier.pk).revisions.count() == revisions
    # Leave the editor now (it releases its editing session), not while the test ends.
    page.goto("/admin/")
    page.wait_for_load_state("networkidle")
