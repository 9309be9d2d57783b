"""French input in the back office, typed in Chromium with the French locale: what the
lawyer types is what the client reads, and what cannot be read is refused, never rewritten.

Each shared item (rendez-vous, date de procédure, facture) is added from its own form,
opened from the dossier's « Éléments partagés » tab, and published for the clients there.
"""

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


def new_item(page, model, add_label):
    """Opens the dossier's « Éléments partagés » tab, follows ``add_label`` (« Ajouter une
    facture ») to the item's own add form, and returns a function giving its fields by
    name."""
    dossier = open_dossier(page)
    page.get_by_role("tab", name="Éléments partagés", exact=True).click()
    page.get_by_role("link", name=add_label, exact=True).click()
    expect(page).to_have_url(
        re.compile(rf"/admin/snippets/dossiers/{model}/add/\?dossier={dossier.pk}$")
    )
    # The dossier is chosen already.
    expect(page.locator("input[name=dossier]")).to_have_value(str(dossier.pk))
    return lambda name: page.locator(f"#id_{name}")


def type_and_leave(page, field, text):
    """Types like a lawyer does, then leaves the field (blur)."""
    field.click()
    field.press_sequentially(text)
    page.keyboard.press("Tab")
    expect(field).not_to_be_focused()


def client_reads_what_was_typed(page, dossier, appointment, procedure_date, invoice):
    """The client's pages show the rendez-vous typed `14/12/2026 10:00`, the procedure
    date and the invoice typed `15/01/2027`, and the amount typed `480,00`, in French."""
    page.goto(f"/dossiers/{dossier.pk}/rendez-vous/")
    expect(page.locator(".item", has_text=appointment)).to_contain_text(
        re.compile(r"lundi 14 décembre 2026 à 10\sh\s00")  # non-breaking spaces
    )
    page.goto(f"/dossiers/{dossier.pk}/dates-de-procedure/")
    expect(page.locator(".item", has_text=procedure_date)).to_contain_text(
        "vendredi 15 janvier 2027"
    )
    page.goto(f"/dossiers/{dossier.pk}/factures/")
    invoice_item = page.locator(".item", has_text=invoice)
    expect(invoice_item).to_contain_text("480,00\u00a0€")
    expect(invoice_item).to_contain_text("vendredi 15 janvier 2027")


def publish(page):
    """« Publier pour les clients », the item form's main action."""
    page.get_by_role("button", name="Publier pour les clients").click()


def expect_published(page, model, dossier):
    """Back on the dossier's list of items of ``model``, the new one published."""
    expect(page).to_have_url(
        re.compile(rf"/admin/snippets/dossiers/{model}/\?dossier={dossier.pk}$")
    )
    expect(page.get_by_text(re.compile(r"a été créée? et publiée?"))).to_be_visible()


def test_dates_and_amounts_typed_the_french_way_reach_the_client_exactly(page, demo):
    from dossiers.models import Appointment, Dossier, Invoice, ProcedureDate

    log_into_back_office(page)
    dossier = Dossier.objects.get(reference=REFERENCE)

    appointment = new_item(page, "appointment", "Ajouter un rendez-vous")
    appointment("subject").fill("Point sur la procédure")
    type_and_leave(page, appointment("starts_at"), "14/12/2026 10:00")
    expect(appointment("starts_at")).to_have_value("14/12/2026 10:00")
    publish(page)
    expect_published(page, "appointment", dossier)

    procedure_date = new_item(page, "proceduredate", "Ajouter une date de procédure")
    type_and_leave(page, procedure_date("date"), "15/01/2027")
    expect(procedure_date("date")).to_have_value("15/01/2027")
    procedure_date("jurisdiction").fill("Tribunal judiciaire de Nanterre")
    publish(page)
    expect_published(page, "proceduredate", dossier)

    invoice = new_item(page, "invoice", "Ajouter une facture")
    invoice("number").fill("FA-2027-0001")
    type_and_leave(page, invoice("amount"), "480,00")
    expect(invoice("amount")).to_have_value("480,00")
    invoice("issue_date").fill("")
    type_and_leave(page, invoice("issue_date"), "15/01/2027")
    expect(invoice("issue_date")).to_have_value("15/01/2027")
    publish(page)
    expect_published(page, "invoice", dossier)

    saved = Invoice.objects.get(number="FA-2027-0001")
    assert saved.live
    assert saved.amount == Decimal("480.00")
    assert saved.issue_date == datetime.date(2027, 1, 15)
    procedure = ProcedureDate.objects.get(
        dossier=dossier, jurisdiction="Tribunal judiciaire de Nanterre"
    )
    assert procedure.live
    assert procedure.date == datetime.date(2027, 1, 15)
    meeting = Appointment.objects.get(subject="Point sur la procédure")
    assert meeting.live and meeting.dossier == dossier
    assert meeting.starts_at.astimezone(datetime.UTC).isoformat() == "2026-12-14T09:00:00+00:00"

    # The invoice's editor shows them back the French way.
    page.goto(f"/admin/snippets/dossiers/invoice/edit/{saved.pk}/")
    expect(page.locator("input[name=amount]")).to_have_value("480,00")
    expect(page.locator("input[name=issue_date]")).to_have_value("15/01/2027")

    # What the client reads.
    page.context.clear_cookies()
    page.goto("/connexion/")
    page.get_by_label(re.compile("^Identifiant")).fill(LUCE[0])
    page.get_by_label(re.compile("^Mot de passe")).fill(LUCE[1])
    page.get_by_role("button", name="Se connecter").click()
    client_reads_what_was_typed(
        page, dossier, "Point sur la procédure", "Tribunal judiciaire de Nanterre", "FA-2027-0001"
    )


def test_what_cannot_be_read_exactly_is_refused_on_its_field_and_kept_as_typed(page, demo):
    from wagtail.models import Revision

    from dossiers.models import Appointment, Invoice

    log_into_back_office(page)
    revisions = Revision.objects.count()

    invoice = new_item(page, "invoice", "Ajouter une facture")
    invoice("number").fill("FA-2027-0002")
    type_and_leave(page, invoice("amount"), "1,250.00")
    invoice("issue_date").fill("")
    type_and_leave(page, invoice("issue_date"), "31/02/2027")
    expect(invoice("issue_date")).to_have_value("31/02/2027")
    publish(page)
    expect(page.get_by_text(re.compile("La facture n'a pas pu être créée"))).to_be_visible()
    # Still the add form, each field with its error and what was typed in it.
    expect(page).to_have_url(re.compile(r"/admin/snippets/dossiers/invoice/add/"))
    amount = page.locator("input[name=amount][value='1,250.00']")
    expect(amount).to_have_count(1)
    expect(page.locator("[data-field]", has=amount)).to_contain_text("Saisissez un montant")
    issue_date = page.locator("input[name=issue_date][value='31/02/2027']")
    expect(page.locator("[data-field]", has=issue_date)).to_contain_text("date valide")

    appointment = new_item(page, "appointment", "Ajouter un rendez-vous")
    appointment("subject").fill("Rendez-vous impossible")
    type_and_leave(page, appointment("starts_at"), "2027-13-01 10:00")
    expect(appointment("starts_at")).to_have_value("2027-13-01 10:00")
    publish(page)
    expect(page.get_by_text(re.compile("Le rendez-vous n'a pas pu être créé"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"/admin/snippets/dossiers/appointment/add/"))
    starts_at = page.locator("input[name=starts_at][value='2027-13-01 10:00']")
    expect(page.locator("[data-field]", has=starts_at)).to_contain_text("valide")

    assert not Invoice.objects.filter(number="FA-2027-0002").exists()
    assert not Appointment.objects.filter(subject="Rendez-vous impossible").exists()
    # Neither the items nor the dossier got a revision.
    assert Revision.objects.count() == revisions
    # Leave the editor now (it releases its editing session), not while the test ends.
    page.goto("/admin/")
    page.wait_for_load_state("networkidle")
