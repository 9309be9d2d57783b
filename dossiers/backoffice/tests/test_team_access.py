"""Per-dossier access for the firm's staff: with the firm's setting on, a lawyer outside a
dossier's team sees nothing of it, from any back-office address, and its team works.

One dossier (the secret one) and every record that hangs from it share the id 618: its
items, a deposit, a message, a payment, its client and her contact change. Every admin URL
pattern is then walked with 618 for each of its arguments (and each of our models for a
pattern that takes a model), by GET and by POST with plausible fields, as a lawyer of
the firm outside the team: each answer is a 404, or a page that names none of the
secret's words; and afterwards nothing of the secret changed.
"""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from clients.factories import ClientFactory, LawyerFactory
from clients.models import ContactChangeRequest
from dossiers.backoffice.home import contact_changes_to_decide, messages_to_handle
from dossiers.factories import (
    PDF_BYTES,
    AppointmentFactory,
    DocumentFactory,
    DossierAccessFactory,
    DossierFactory,
    InvoiceFactory,
    ProcedureDateFactory,
    shared_dossier,
)
from dossiers.models import Deposit, Dossier, Message, TeamAccessSettings
from payments.models import Payment
from security.tests.test_password_only_staff import url_templates

pytestmark = pytest.mark.django_db

SECRET = 618
SECRET_WORDS = [
    "SECRET618",
    "Agathe",
    "SECRÈTE",
    "agathe@secret618.fr",
    "Pièce secrète",
    "FT-SECRET",
    "Dépôt secret",
    "Objet secret",
]
# Models an admin pattern may name by app label and model name (bulk actions, editing
# sessions): each is tried.
NAMED_MODELS = [
    ("dossiers", "dossier"),
    ("dossiers", "document"),
    ("dossiers", "appointment"),
    ("dossiers", "proceduredate"),
    ("dossiers", "invoice"),
    ("dossiers", "deposit"),
    ("dossiers", "message"),
    ("clients", "client"),
    ("clients", "contactchangerequest"),
    ("payments", "payment"),
]
PLAUSIBLE = {
    "reference": "2026VOL/0001",
    "short_name": "VOL",
    "status": "open",
    "title": "Volé",
    "subject": "Volé",
    "body": "Volé",
    "team": "1",
    "handled": "1",
    "decision": "accept",
    "action-publish": "1",
    "first_name": "Voleur",
    "last_name": "VOLEUR",
    "email": "voleur@example.com",
    # An item added to the secret dossier, of each kind.
    "dossier": str(SECRET),
    "starts_at": "2027-01-04 10:00",
    "date": "2027-01-04",
    "issue_date": "2027-01-04",
    "location": "Ailleurs",
    "jurisdiction": "Ailleurs",
    "number": "FT-VOL",
    "amount": "10,00",
}


@pytest.fixture
def team_only(db):
    settings = TeamAccessSettings.load()
    settings.team_only = True
    settings.save()
    return settings


@pytest.fixture
def secret(db):
    owner = LawyerFactory(first_name="Hélène", last_name="MARTIN")
    member = LawyerFactory(first_name="Paul", last_name="ROUX")
    client = ClientFactory(
        pk=SECRET, first_name="Agathe", last_name="SECRÈTE", email="agathe@secret618.fr"
    )
    dossier = DossierFactory(
        pk=SECRET, reference="2026SECRET618", short_name="SECRET618", interlocutor=owner
    )
    dossier.team.add(member)
    DossierAccessFactory(dossier=dossier, client=client)
    DocumentFactory(pk=SECRET, dossier=dossier, title="Pièce secrète")
    AppointmentFactory(pk=SECRET, dossier=dossier, subject="Pièce secrète rendez-vous")
    ProcedureDateFactory(pk=SECRET, dossier=dossier, jurisdiction="Pièce secrète tribunal")
    invoice = InvoiceFactory(pk=SECRET, dossier=dossier, number="FT-SECRET")
    Deposit.objects.create(
        pk=SECRET,
        dossier=dossier,
        client=client,
        file=ContentFile(PDF_BYTES, name="Dépôt secret.pdf"),
        filename="Dépôt secret.pdf",
        file_size=len(PDF_BYTES),
        content_type="application/pdf",
        scan_status=Deposit.Scan.CLEAN,
    )
    Message.objects.create(
        pk=SECRET, dossier=dossier, client=client, subject="Objet secret", body="Secrète"
    )
    Payment.objects.create(
        pk=SECRET,
        invoice=invoice,
        client=client,
        dossier=dossier,
        invoice_number=invoice.number,
        amount=Decimal("618.00"),
        status=Payment.Status.TO_VERIFY,
    )
    # What Wagtail's site history would list: changes of the dossier and of an item.
    for instance in (dossier, invoice):
        log(instance=instance, action="wagtail.edit", user=owner)
    ContactChangeRequest.objects.create(
        pk=SECRET,
        client=client,
        last_name="Secrète",
        first_name="Agathe",
        email="agathe.secrete@example.com",
        address="1 rue Secrète",
        postal_code="75001",
        city="PARIS",
    )
    return {"owner": owner, "member": member, "client": client, "dossier": dossier}


def admin_urls():
    """Every admin URL pattern with 618 for its ids (each of our models when it takes one)."""
    urls = set()
    for template, params in url_templates():
        if not template.startswith("/admin/"):
            continue
        values = dict.fromkeys(params, str(SECRET))
        if "app_label" not in params:
            urls.add(template % values)
            urls.add(template % values + f"?dossier={SECRET}&id={SECRET}")
            continue
        for app_label, model_name in NAMED_MODELS:
            for action in ("delete", "publish_for_clients", "withdraw_from_sharing"):
                named = {**values, "app_label": app_label, "model_name": model_name}
                if "action" in params:
                    named["action"] = action
                urls.add(template % named + f"?id={SECRET}")
    return sorted(urls)


def state():
    """What a walk must not change: the secret's rows, its team, its audit entries' count."""
    dossier = Dossier.objects.get(pk=SECRET)
    return {
        "dossier": (dossier.reference, dossier.live, dossier.status, dossier.interlocutor_id),
        "team": sorted(dossier.team.values_list("pk", flat=True)),
        "accesses": sorted(dossier.accesses.values_list("client_id", "documents", "invoices")),
        "items": [
            (
                model.__name__,
                list(model.objects.filter(dossier_id=SECRET).values_list("pk", "live")),
            )
            for model in (
                DocumentFactory._meta.model,
                AppointmentFactory._meta.model,
                ProcedureDateFactory._meta.model,
                InvoiceFactory._meta.model,
            )
        ],
        "message": list(Message.objects.filter(pk=SECRET).values_list("handled_at", "subject")),
        "deposits": Deposit.objects.filter(dossier_id=SECRET).count(),
        "payment": list(Payment.objects.filter(pk=SECRET).values_list("status", "reviewed_by")),
        "change": list(ContactChangeRequest.objects.filter(pk=SECRET).values_list("status")),
        "client": list(
            ContactChangeRequest.objects.model.client.field.related_model.objects.filter(
                pk=SECRET
            ).values_list("email", "last_name", "is_active")
        ),
    }


def walk(user):
    """Every admin URL by GET and POST as ``user``; {"METHOD url": (status, body)}."""
    browser = HttpClient(raise_request_exception=False)
    browser.force_login(user)
    answers = {}
    for url in admin_urls():
        for method in ("get", "post"):
            if "logout" in url:
                continue
            response = getattr(browser, method)(url, PLAUSIBLE if method == "post" else None)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            answers[f"{method.upper()} {url}"] = (response.status_code, body)
    return answers


def leaks(answers):
    found = {}
    for request, (status, body) in answers.items():
        if status == 404:
            continue
        text = body.decode("utf-8", "replace")
        named = [word for word in SECRET_WORDS if word in text]
        if named:
            found[request] = (status, named)
    return found


def test_outside_the_team_every_admin_address_is_a_404_or_shows_nothing(
    team_only, secret, record_property
):
    outsider = LawyerFactory(first_name="Fabien", last_name="DELMAS")
    shared_dossier(ClientFactory(), items={"documents": 1})  # others' rows exist too
    before = state()
    entries = ModelLogEntry.objects.filter(object_id=str(SECRET)).count()
    answers = walk(outsider)
    record_property("admin_requests_outside_the_team", len(answers))
    print(f"\nOutside the team: {len(answers)} requests over every admin URL pattern.")
    assert len(answers) > 600
    assert leaks(answers) == {}
    assert state() == before
    assert ModelLogEntry.objects.filter(object_id=str(SECRET)).count() == entries
    # The addresses that name the secret are 404s, not refusals that confirm it exists.
    for name in [
        f"GET /admin/snippets/dossiers/dossier/edit/{SECRET}/",
        f"GET /admin/snippets/dossiers/document/edit/{SECRET}/",
        f"GET /admin/snippets/clients/client/edit/{SECRET}/",
        f"GET /admin/dossiers/deposit/inspect/{SECRET}/",
        f"GET /admin/dossiers/depots/{SECRET}/telecharger/",
        f"GET /admin/dossiers/message/inspect/{SECRET}/",
        f"GET /admin/payments/payment/inspect/{SECRET}/",
        f"GET /admin/dossiers/{SECRET}/equipe/",
        f"GET /admin/snippets/dossiers/dossier/history/{SECRET}/",
    ]:
        assert answers[name][0] == 404, name


@pytest.mark.parametrize("who", ["owner", "member"])
def test_the_team_sees_and_works_on_its_dossier(team_only, secret, who):
    browser = HttpClient()
    browser.force_login(secret[who])
    for url, word in [
        ("/admin/snippets/dossiers/dossier/", "SECRET618"),
        (f"/admin/snippets/dossiers/dossier/edit/{SECRET}/", "SECRET618"),
        (f"/admin/snippets/dossiers/document/?dossier={SECRET}", "Pièce secrète"),
        (f"/admin/snippets/dossiers/document/edit/{SECRET}/", "Pièce secrète"),
        (f"/admin/snippets/clients/client/edit/{SECRET}/", "agathe@secret618.fr"),
        ("/admin/snippets/clients/client/", "agathe@secret618.fr"),
        ("/admin/dossiers/deposit/", "Dépôt secret"),
        (f"/admin/dossiers/deposit/inspect/{SECRET}/", "Dépôt secret"),
        ("/admin/dossiers/message/", "Objet secret"),
        (f"/admin/dossiers/message/inspect/{SECRET}/", "Objet secret"),
        (f"/admin/payments/payment/inspect/{SECRET}/", "FT-SECRET"),
        (f"/admin/dossiers/{SECRET}/equipe/", "ROUX"),
    ]:
        response = browser.get(url)
        assert response.status_code == 200, url
        assert word in response.content.decode(), url
    assert browser.get(f"/admin/dossiers/depots/{SECRET}/telecharger/").status_code == 200


def test_with_the_setting_off_everyone_sees_everything(secret):
    outsider = LawyerFactory()
    browser = HttpClient()
    browser.force_login(outsider)
    assert browser.get(f"/admin/snippets/dossiers/dossier/edit/{SECRET}/").status_code == 200
    assert "SECRET618" in browser.get("/admin/snippets/dossiers/dossier/").content.decode()


def test_the_firms_admins_see_everything(team_only, secret):
    admin = LawyerFactory(is_superuser=True)
    browser = HttpClient()
    browser.force_login(admin)
    assert browser.get(f"/admin/snippets/dossiers/dossier/edit/{SECRET}/").status_code == 200
    assert "Objet secret" in browser.get("/admin/dossiers/message/").content.decode()


def test_the_interlocutor_changes_the_team_and_each_change_is_audited(team_only, secret):
    newcomer = LawyerFactory(first_name="Inès", last_name="NOUVELLE")
    browser = HttpClient()
    browser.force_login(secret["owner"])
    url = reverse("dossiers_admin:team", args=[SECRET])
    response = browser.post(url, {"team": [newcomer.pk]})
    assert response.status_code == 302
    assert list(secret["dossier"].team.all()) == [newcomer]
    entry = ModelLogEntry.objects.get(action="espace.team")
    assert entry.object_id == str(SECRET)
    assert entry.user_id == secret["owner"].pk
    assert entry.data["added"] == ["NOUVELLE Inès"]
    assert entry.data["removed"] == ["ROUX Paul"]
    # The newcomer sees it now; the member who left no longer does.
    for user, status in [(newcomer, 200), (secret["member"], 404)]:
        other = HttpClient()
        other.force_login(user)
        edit = f"/admin/snippets/dossiers/dossier/edit/{SECRET}/"
        assert other.get(edit).status_code == status


def test_a_team_member_reads_the_team_but_does_not_change_it(team_only, secret):
    browser = HttpClient()
    browser.force_login(secret["member"])
    url = reverse("dossiers_admin:team", args=[SECRET])
    response = browser.post(url, {"team": []})
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")  # Wagtail's "no permission"
    assert list(secret["dossier"].team.all()) == [secret["member"]]
    assert not ModelLogEntry.objects.filter(action="espace.team").exists()


def test_the_home_page_counts_only_what_the_lawyer_may_see(team_only, secret, rf):
    outsider = LawyerFactory()
    for user, expected in [(outsider, 0), (secret["member"], 1)]:
        request = rf.get("/admin/")
        request.user = user
        request.session = {}
        task = messages_to_handle(request)
        assert task.firm == expected
        changes = contact_changes_to_decide(request)
        assert changes.firm == expected


LISTINGS = [
    "/admin/",
    "/admin/snippets/dossiers/dossier/",
    "/admin/snippets/clients/client/",
    "/admin/dossiers/message/",
    "/admin/dossiers/deposit/",
    "/admin/payments/payment/",
    "/admin/clients/contactchangerequest/",
]


def firm_of(count, lawyer):
    """``count`` dossiers, each with a team of two (``lawyer`` in every other one), a
    client, a document and a message."""
    for number in range(count):
        client = ClientFactory()
        dossier = shared_dossier(client, items={"documents": 1})
        dossier.team.add(LawyerFactory(), *([lawyer] if number % 2 else []))
        Message.objects.create(dossier=dossier, client=client, subject="Question", body="?")


def test_the_listings_queries_do_not_grow_with_dossiers_and_teams(team_only, secret):
    lawyer = LawyerFactory()
    browser = HttpClient()
    browser.force_login(lawyer)

    def counts():
        found = {}
        for url in LISTINGS:
            browser.get(url)  # the first visit fills the caches (settings, permissions)
            with CaptureQueriesContext(connection) as captured:
                assert browser.get(url).status_code == 200, url
            found[url] = len(captured)
        return found

    firm_of(2, lawyer)
    few = counts()
    firm_of(20, lawyer)
    many = counts()
    print(f"\nQueries per listing, 2 then 22 dossiers: {few} / {many}")
    assert many == few


def test_a_client_of_two_teams_shows_only_the_lawyers_own_dossiers(team_only, secret):
    """Agathe is also a client of the outsider's dossier: the outsider sees her, and
    nothing of the secret dossier through her."""
    outsider = LawyerFactory()
    mine = DossierFactory(interlocutor=outsider, short_name="MIEN")
    DossierAccessFactory(dossier=mine, client=secret["client"])
    browser = HttpClient()
    browser.force_login(outsider)
    for url in [
        f"/admin/snippets/clients/client/edit/{SECRET}/",
        f"/admin/snippets/clients/client/inspect/{SECRET}/",
        f"/admin/snippets/dossiers/dossier/edit/{mine.pk}/",
        "/admin/snippets/dossiers/dossier/",
    ]:
        response = browser.get(url)
        assert response.status_code == 200, url
        assert "SECRET618" not in response.content.decode(), url
    assert browser.get(f"/admin/snippets/clients/client/usage/{SECRET}/").status_code == 404


def test_turning_the_setting_on_in_the_settings_applies_at_once(secret):
    outsider = LawyerFactory()
    browser = HttpClient()
    browser.force_login(outsider)
    edit = f"/admin/snippets/dossiers/dossier/edit/{SECRET}/"
    assert browser.get(edit).status_code == 200  # off: the setting is read and kept
    setting = TeamAccessSettings.load()
    url = reverse("wagtailsettings:edit", args=["dossiers", "teamaccesssettings", setting.pk])
    admin = HttpClient()
    admin.force_login(LawyerFactory(is_superuser=True))
    assert admin.post(url, {"team_only": "on"}).status_code == 302
    assert TeamAccessSettings.objects.get().team_only
    assert browser.get(edit).status_code == 404
    # Lawyers do not change it back.
    browser.post(url, {})
    assert TeamAccessSettings.objects.get().team_only


@pytest.mark.parametrize("setting_on", [False, True])
def test_the_scopes_give_nothing_to_someone_outside_the_firm(db, secret, setting_on):
    """A client (not staff) reaching a scope by mistake gets no row, setting on or off."""
    from clients.models import Client
    from common.scopes import scoped

    if setting_on:
        settings = TeamAccessSettings.load()
        settings.team_only = True
        settings.save()
    for model in (Dossier, Message, Deposit, Payment, Client, ContactChangeRequest):
        assert not scoped(model.objects.all(), secret["client"]).exists(), model
