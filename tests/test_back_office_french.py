"""The back office reads in French, with each model's own French forms: every page of its
menu (found in the rendered sidebar, not listed by hand) and every add form, for the firm's
admin and for a lawyer, holds none of the English or « un(e) »-style words seen before."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import django
import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

FIRM_ADMIN = "admin@aaps-avocats.com"
LAWYER = "fabien.delmas@aaps-avocats.com"

ENGLISH = [
    "Any date",
    "Today",
    "Past 7 days",
    "This month",
    "This year",
    "No date",
    "Has date",
    "True",
    "False",
]
ENGLISH_WORDS = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in ENGLISH) + r")\b")
# « un(e) », « Nouvel(le) », « enregistré(e) », « Le(la) »: a form for no gender at all.
GENERIC_GENDER = re.compile(r"\w\((?:e|le|la|es)\)|\((?:le|la)\)", re.IGNORECASE)
# French puts a (non-breaking) space before a colon: « Verrou : … », never « Verrou: … ».
UNSPACED_COLON = re.compile(r"[^\W\d_]:(?=\s)")
# A content-management system's words, and an amount written as a program would
# (« 1250.00 », « EUR », « Devise eur »).
CMS_WORDS = re.compile(
    r"fragment|inspect|journal de modèle|ce/cette|\bChoisir (?:client|dossier)\b"
    r"|Retourner à la liste|\b\d+\.\d\d\b|\bEUR\b|\bDevise\b",
    re.IGNORECASE,
)


class VisibleText(HTMLParser):
    """What a reader sees or hears: text outside scripts and styles, and the attributes
    that are read out or shown (titles, placeholders, labels, values of buttons)."""

    READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "data-w-tooltip-content-value"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        for name, value in attrs:
            if value and name in self.READ_ATTRIBUTES:
                self.parts.append(value)
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.parts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(page):
    parser = VisibleText()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def menu_urls(page):
    """Every address of the sidebar's menu, read from the JSON that Wagtail draws it from."""
    props = re.search(r'<script[^>]*id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S)
    assert props, "no sidebar in the page"
    urls = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("url"), str):
                urls.append(node["url"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.group(1)))
    return list(dict.fromkeys(url for url in urls if url.startswith("/admin/")))


ADD_LINK = re.compile(r'href="(/admin/[^"?#]*/(?:add|create|new)/[^"?#]*)"')


def add_urls(page):
    return ADD_LINK.findall(page)


def problems(text):
    found = [
        text[max(0, m.start() - 40) : m.end() + 20]
        for pattern in (ENGLISH_WORDS, GENERIC_GENDER, UNSPACED_COLON, CMS_WORDS)
        for m in pattern.finditer(text)
    ]
    return sorted(set(found))


def walk_back_office(client, email):
    """Opens every menu page and every add form linked from them; returns what each held."""
    from clients.models import User

    client.force_login(User.objects.get(email=email))
    home = client.get("/admin/", follow=True).content.decode()
    pages, forms, found = [], [], {}
    to_visit = menu_urls(home)
    seen = set()
    while to_visit:
        url = to_visit.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        if response.status_code != 200:
            continue
        path = urlsplit(response.request["PATH_INFO"]).path
        is_form = bool(re.search(r"/(?:add|create|new)/", path))
        (forms if is_form else pages).append(url)
        page = response.content.decode()
        if problems(visible_text(page)):
            found[url] = problems(visible_text(page))
        if not is_form:
            to_visit.extend(add for add in add_urls(page) if add not in seen)
    return pages, forms, found


@pytest.fixture
def demo():
    """The demo world, with a record in every listing: a listing shows its filters only
    when it has something to filter."""
    from axes.models import AccessAttempt
    from django.core.files.base import ContentFile

    from clients.services import request_contact_change
    from dossiers.inbox import services
    from dossiers.inbox.uploads import CheckedFile
    from dossiers.models import Dossier

    call_command("load_demo")
    dossier = Dossier.objects.get(reference="2017IIDOS/1529")
    luce = dossier.accesses.first().client
    services.send_message(dossier, luce, "Demande de rendez-vous", "Bonjour")
    pdf = CheckedFile(ContentFile(b"%PDF-1.4", name="a.pdf"), "a.pdf", "application/pdf", 8)
    services.deposit_files(dossier, luce, [pdf])
    request_contact_change(luce, {"city": "LYON", "postal_code": "69001"})
    AccessAttempt.objects.create(
        username="x@example.fr",
        ip_address="192.0.2.1",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/connexion/",
        user_agent="test",
    )


@pytest.mark.parametrize("email", [FIRM_ADMIN, LAWYER])
def test_every_menu_page_and_add_form_reads_in_french(client, demo, email):
    pages, forms, found = walk_back_office(client, email)
    print(f"{email}: {len(pages)} pages, {len(forms)} add forms walked")
    assert len(pages) >= 5 and forms
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def messages_of(response):
    # Wagtail renders a form's error message as HTML.
    return [visible_text(str(message)) for message in response.context["messages"]]


def test_the_dossier_and_client_forms_speak_of_their_model_in_proper_french(client, lawyer):
    from clients.models import Client
    from dossiers.factories import DossierFactory

    client.force_login(lawyer)
    dossiers = "/admin/snippets/dossiers/dossier/"
    listing = visible_text(client.get(dossiers).content.decode())
    assert "Ajouter un dossier" in listing

    add_form = visible_text(client.get(f"{dossiers}add/").content.decode())
    assert "Nouveau dossier" in add_form and "Ajouter un client" in add_form
    dossier = DossierFactory()
    edit_form = visible_text(client.get(f"{dossiers}edit/{dossier.pk}/").content.decode())
    for button in (
        "Ajouter un document",
        "Ajouter un rendez-vous",
        "Ajouter une date de procédure",
        "Ajouter une facture",
    ):
        assert button in edit_form, button
    for model, title in (
        ("document", "Nouveau document"),
        ("appointment", "Nouveau rendez-vous"),
        ("proceduredate", "Nouvelle date de procédure"),
        ("invoice", "Nouvelle facture"),
    ):
        url = f"/admin/snippets/dossiers/{model}/add/?dossier={dossier.pk}"
        assert title in visible_text(client.get(url).content.decode()), title

    refused = client.post(f"{dossiers}add/", {"reference": ""}, follow=True)
    assert "Le dossier n'a pas pu être créé : corrigez les erreurs ci-dessous." in messages_of(
        refused
    )

    clients = "/admin/snippets/clients/client/"
    data = {"last_name": "MARTIN", "first_name": "Lucie", "email": "lucie@example.fr"}
    created = client.post(f"{clients}add/", {**data, "is_active": "on"}, follow=True)
    assert "Le client « MARTIN Lucie » a été créé. Modifier" in messages_of(created)
    new_client = Client.objects.get(email="lucie@example.fr")
    not_saved = client.post(f"{clients}edit/{new_client.pk}/", {**data, "email": "x"}, follow=True)
    assert "Le client n'a pas pu être enregistré : corrigez les erreurs ci-dessous." in (
        messages_of(not_saved)
    )


def test_the_clients_listing_says_oui_or_non_for_an_active_account(client, lawyer, client_a):
    client.force_login(lawyer)
    text = visible_text(client.get("/admin/snippets/clients/client/").content.decode())
    assert "Oui" in text and not ENGLISH_WORDS.search(text)


def test_an_empty_record_listing_says_so_in_proper_french(client, lawyer):
    client.force_login(lawyer)
    for url, sentence in (
        ("/admin/dossiers/message/", "Aucun message pour l'instant."),
        ("/admin/clients/contactchangerequest/", "Aucune demande de modification"),
    ):
        text = visible_text(client.get(url).content.decode())
        assert sentence in text, text


def test_the_inspect_views_labels_are_capitalised(client, lawyer, client_a):
    from dossiers.factories import shared_dossier
    from dossiers.inbox import services

    dossier = shared_dossier(client_a)
    dossier.save_revision().publish()
    message = services.send_message(dossier, client_a, "Objet", "Bonjour")
    client.force_login(lawyer)
    page = client.get(f"/admin/dossiers/message/inspect/{message.pk}/").content.decode()
    labels = re.findall(r"<dt[^>]*>\s*([^<]+?)\s*</dt>", page)
    assert labels, page
    assert all(label[0].isupper() for label in labels), labels


def test_the_login_page_and_the_sidebar_bear_the_firms_name_not_wagtails(client, demo):
    from clients.models import User
    from portal_pages.models import FirmSettings

    firm = FirmSettings.current().name
    login = client.get("/admin/login/").content.decode()
    assert f"Connexion à {firm}" in visible_text(login)
    assert re.search(rf"<title>[^<]* - {re.escape(firm)}</title>", login)
    assert "Wagtail" not in re.search(r"<main.*</main>", login, re.S).group(0)
    assert "Mot de passe" in visible_text(login) and "Password" not in visible_text(login)

    client.force_login(User.objects.get(email=LAWYER))
    home = client.get("/admin/").content.decode()
    logo = re.search(r"<template data-wagtail-sidebar-branding-logo>(.*?)</template>", home, re.S)
    assert firm in logo.group(1)
    assert re.search(rf"<title>[^<]* - {re.escape(firm)}</title>", home)


def test_the_firms_logo_replaces_wagtails_bird(client, lawyer):
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection

    from portal_pages.models import FirmSettings

    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    from wagtail.images.models import Image

    firm = FirmSettings.current()
    firm.name = "AAPS AVOCATS"
    firm.logo = Image.objects.create(title="Logo", file=get_test_image_file())
    firm.save()
    client.force_login(lawyer)
    home = client.get("/admin/").content.decode()
    logo = re.search(r"<template data-wagtail-sidebar-branding-logo>(.*?)</template>", home, re.S)
    assert '<img alt="AAPS AVOCATS"' in logo.group(1)
    client.logout()
    login = client.get("/admin/login/").content.decode()
    assert 'alt="AAPS AVOCATS"' in login


def test_the_listing_filters_read_in_french_and_take_french_dates(client, demo):
    from clients.models import User

    client.force_login(User.objects.get(email=FIRM_ADMIN))
    messages = visible_text(client.get("/admin/dossiers/message/").content.decode())
    for words in ("Toutes les dates", "Aujourd'hui", "7 derniers jours", "Ce mois-ci"):
        assert words in messages, words
    clients = visible_text(client.get("/admin/snippets/clients/client/").content.decode())
    assert "Oui" in clients and "Non" in clients
    assert not ENGLISH_WORDS.search(messages + clients)

    # A date filter (the site history's) is typed jj/mm/aaaa, and read so.
    history = client.get("/admin/reports/site-history/?timestamp_from=15/01/2026")
    page = history.content.decode()
    assert 'value="15/01/2026"' in page
    assert '"format": "d/m/Y"' in page or "&quot;format&quot;: &quot;d/m/Y&quot;" in page


def test_a_clients_inspect_view_says_oui_or_non(client, lawyer, client_a):
    client.force_login(lawyer)
    page = client.get(f"/admin/snippets/clients/client/inspect/{client_a.pk}/").content.decode()
    text = visible_text(page)
    assert "Compte actif" in text or "Actif" in text, text
    assert not ENGLISH_WORDS.search(text), ENGLISH_WORDS.findall(text)
    assert "Actif Oui" in text and "None" not in text, text


def test_lifting_a_lockout_is_told_without_a_generic_gender(client, demo):
    from axes.models import AccessAttempt

    from clients.models import User
    from common.records import admin_url

    client.force_login(User.objects.get(email=FIRM_ADMIN))
    attempt = AccessAttempt.objects.get()
    response = client.post(admin_url(AccessAttempt, "delete", attempt.pk), follow=True)
    told = " ".join(messages_of(response))
    assert told.startswith("Suppression effectuée : "), told
    assert not GENERIC_GENDER.search(told), told


def test_a_dossiers_shared_items_read_in_french(client, demo):
    """The screens of a dossier's items, reached from its editor rather than the menu:
    each list (filtered too), each add form, the drop of several documents, a bulk
    action's confirmation."""
    from clients.models import User
    from dossiers.models import ITEM_MODELS, Document, Dossier

    client.force_login(User.objects.get(email=LAWYER))
    dossier = Dossier.objects.get(reference="2017IIDOS/1529")
    document = Document.objects.filter(dossier=dossier).first()
    urls = [
        f"/admin/snippets/dossiers/dossier/edit/{dossier.pk}/",
        f"/admin/dossiers/{dossier.pk}/documents/ajout/",
        f"/admin/snippets/dossiers/document/edit/{document.pk}/",
        "/admin/bulk/dossiers/document/publish_for_clients/"
        f"?id={document.pk}&next=/admin/snippets/dossiers/document/%3Fdossier%3D{dossier.pk}",
    ]
    for model in ITEM_MODELS.values():
        base = f"/admin/snippets/dossiers/{model._meta.model_name}/"
        urls += [
            f"{base}?dossier={dossier.pk}",
            f"{base}?dossier={dossier.pk}&state=draft&q=x",
            f"{base}add/?dossier={dossier.pk}",
        ]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if problems(visible_text(response.content.decode())):
            found[url] = problems(visible_text(response.content.decode()))
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_records_histories_and_choosers_read_as_a_lawyer_would(client, demo):
    """A lawyer's screens of one record (inspect views, histories, choosers, a paid
    invoice's payment): no CMS word, no « ce/cette », amounts in euros."""
    from clients.models import ContactChangeRequest, User
    from dossiers.models import Deposit, Document, Dossier, Invoice, Message
    from payments.models import Payment

    client.force_login(User.objects.get(email=LAWYER))
    dossier = Dossier.objects.get(reference="2017IIDOS/1529")
    document = Document.objects.filter(dossier=dossier).first()
    luce = dossier.accesses.first().client
    invoice = Invoice.objects.first()
    invoice.amount = "1250.50"
    invoice.save()
    payment = Payment.objects.create(
        invoice=invoice,
        client=luce,
        invoice_number=invoice.number,
        amount=invoice.amount,
        status=Payment.Status.PAID,
    )
    urls = [
        f"/admin/snippets/dossiers/dossier/history/{dossier.pk}/",
        f"/admin/snippets/dossiers/document/history/{document.pk}/",
        f"/admin/snippets/dossiers/dossier/edit/{dossier.pk}/",
        f"/admin/snippets/clients/client/inspect/{luce.pk}/",
        "/admin/snippets/clients/client/",
        "/admin/snippets/choose/clients/client/",
        "/admin/snippets/choose/dossiers/dossier/",
        "/admin/dossiers/deposit/",
        f"/admin/dossiers/deposit/inspect/{Deposit.objects.first().pk}/",
        "/admin/dossiers/message/",
        f"/admin/dossiers/message/inspect/{Message.objects.first().pk}/",
        "/admin/payments/payment/",
        f"/admin/payments/payment/inspect/{payment.pk}/",
        "/admin/clients/contactchangerequest/",
        f"/admin/clients/contactchangerequest/inspect/{ContactChangeRequest.objects.first().pk}/",
        f"/admin/snippets/dossiers/invoice/?dossier={invoice.dossier_id}",
    ]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            page = json.loads(page)["html"]  # a chooser's modal
        if problems(visible_text(page)):
            found[url] = problems(visible_text(page))
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
    listing = visible_text(client.get("/admin/payments/payment/").content.decode())
    assert "1 250,50 €" in listing
    invoices = f"/admin/snippets/dossiers/invoice/?dossier={invoice.dossier_id}"
    assert "1 250,50 €" in visible_text(client.get(invoices).content.decode())
    chooser = json.loads(client.get("/admin/snippets/choose/clients/client/").content)["html"]
    assert "Choisir un client" in visible_text(chooser)
    editor = visible_text(
        client.get(f"/admin/snippets/dossiers/dossier/edit/{dossier.pk}/").content.decode()
    )
    assert "Choisir un autre client" in editor


def test_a_records_history_is_for_those_who_may_see_the_record(client, demo):
    """wagtail-modeladmin's history view checks no permission of its own."""
    from axes.models import AccessAttempt

    from clients.models import User
    from notifications.models import OutgoingEmail

    attempt = AccessAttempt.objects.get()
    email = OutgoingEmail.objects.first()
    client.force_login(User.objects.get(email=LAWYER))
    for url in [
        f"/admin/axes/accessattempt/history/{attempt.pk}/",
        f"/admin/notifications/outgoingemail/history/{email.pk}/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response.url == "/admin/", url
    client.force_login(User.objects.get(email=FIRM_ADMIN))
    assert client.get(f"/admin/axes/accessattempt/history/{attempt.pk}/").status_code == 200


def test_wagtails_list_of_snippet_types_leads_home(client, lawyer):
    client.force_login(lawyer)
    response = client.get("/admin/snippets/")
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/snippets/dossiers/dossier/").status_code == 200


SITE_PACKAGES = Path(django.__file__).parent.parent


def english_sentences():
    """The sentences of Wagtail's, wagtail-modeladmin's and Django's catalogues (three
    words or more) that have a French translation: shown in English, one was missed."""
    catalogues = [
        *SITE_PACKAGES.glob("wagtail/**/locale/fr/LC_MESSAGES/django.po"),
        *SITE_PACKAGES.glob("wagtail_modeladmin/locale/fr/LC_MESSAGES/django.po"),
        SITE_PACKAGES / "django/conf/locale/fr/LC_MESSAGES/django.po",
        *SITE_PACKAGES.glob("django/contrib/*/locale/fr/LC_MESSAGES/django.po"),
    ]
    found = set()
    for catalogue in catalogues:
        pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', catalogue.read_text(), re.M)
        for msgid, msgstr in pairs:
            if msgid != msgstr and len(msgid.split()) >= 3 and ENGLISH_SENTENCE.fullmatch(msgid):
                found.add(msgid)
    return sorted(found, key=len, reverse=True)


ENGLISH_SENTENCE = re.compile(r"[A-Za-z ,.'’?!-]+")
# Django stores permission names in English when it makes them (the groups' editor
# shows them so): the one place left.
STORED_IN_ENGLISH = re.compile(r"^/admin/groups/(?:edit/\d+|add)/$")


@pytest.mark.parametrize("who", ["firm admin", "lawyer", "client"])
def test_every_page_of_every_role_reads_in_french(client, demo, who):
    """Every URL pattern of the project (ids of the demo's first records), as the firm's
    admin, a lawyer and a client: no sentence of the frameworks shown in English; and for
    the lawyer and the client, none of the CMS words, « un(e) » forms or amounts as a
    program writes them."""
    from clients.models import User
    from dossiers.models import Document, Dossier
    from security.tests.test_password_only_staff import every_url

    english = re.compile("|".join(re.escape(sentence) for sentence in english_sentences()))
    dossier = Dossier.objects.get(reference="2017IIDOS/1529")
    luce = dossier.accesses.first().client
    if who == "client":
        user = luce
    else:
        user = User.objects.get(email=FIRM_ADMIN if who == "firm admin" else LAWYER)
    browser = client.__class__(raise_request_exception=False)
    browser.force_login(user)
    pages, found = 0, {}
    # The demo's records: ids from 1 on SQLite, wherever the sequences stand on PostgreSQL.
    ids = {1, dossier.pk, luce.pk, Document.objects.filter(dossier=dossier).first().pk}
    urls = sorted({url for pk in ids for url in every_url(str(pk))})
    for url in urls:
        if re.search(r"logout|deconnexion", url):
            continue
        response = browser.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        text = visible_text(response.content.decode())
        shown = [] if STORED_IN_ENGLISH.match(url) else sorted(set(english.findall(text)))
        if who != "firm admin":
            shown += problems(text)
        if shown:
            found[url] = shown
    print(f"\n{who}: {pages} pages read")
    assert pages >= {"firm admin": 120, "lawyer": 60, "client": 15}[who]
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_a_dossiers_item_listing_names_its_dossier_in_the_filter(client, lawyer, client_a):
    """The active filter's chip says which dossier, not its internal id."""
    from dossiers.factories import shared_dossier

    dossier = shared_dossier(client_a, items={"documents": 2})
    shared_dossier(client_a, items={"documents": 3})
    client.force_login(lawyer)
    page = client.get(f"/admin/snippets/dossiers/document/?dossier={dossier.pk}")
    text = visible_text(page.content.decode())
    assert f"Dossier : {dossier}" in text and "Il y a 2 correspondances" in text
    assert not re.search(r"Dossier : \d+\b", text)


def test_the_emails_read_in_french(demo):
    """The emails of the demo's usual day (invitation, shares, a reset, an unlock link, a
    message and its answer, a contact change, a second factor reset), as sent: the same
    rules as the pages, their addresses aside."""
    from django.core import mail

    from clients import services
    from clients.models import CONTACT_FIELDS
    from dossiers.inbox import services as inbox
    from dossiers.models import Dossier
    from notifications.tests.helpers import html_of, send_due_emails

    dossier = Dossier.objects.get(reference="2017IIDOS/1529")
    luce, lawyer = dossier.accesses.first().client, dossier.interlocutor
    mail.outbox.clear()
    services.invite_client(luce)
    services.request_password_reset(luce.email)
    services.request_unlock_link(luce.email)
    message = inbox.send_message(dossier, luce, "Question", "Bonjour")
    inbox.answer_message(message, lawyer, "Réponse")
    values = {field: getattr(luce, field) for field in CONTACT_FIELDS}
    change = services.request_contact_change(
        luce, {**values, "email": "luce.nouvelle@example.fr", "city": "LYON"}
    )
    services.apply_contact_change(change, lawyer)
    services.reset_two_factor(luce, lawyer)
    send_due_emails()
    english = re.compile("|".join(re.escape(sentence) for sentence in english_sentences()))
    found = {}
    for email in mail.outbox:
        html = html_of(email)
        text = " ".join([email.subject, email.body, visible_text(html) if html else ""])
        text = re.sub(r"https?://\S+", "", text)  # addresses are not words
        shown = problems(text) + english.findall(text)
        if shown:
            found[email.subject] = shown
    assert len(mail.outbox) >= 9
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
