"""The manual's world: the firm, its lawyer and admin, Luce and Marc, their dossiers, the help.

Every step looks its object up by a natural key (an email, a reference, a slug) and
creates it only when missing, so that loading twice changes nothing.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from clients.models import Client, Lawyer, User
from clients.roles import LAWYERS_GROUP, ensure_lawyers_group
from dossiers.files import commit_private_files
from dossiers.models import Appointment, Document, Dossier, DossierAccess, Invoice, ProcedureDate
from dossiers.sharing import publishing
from portal_pages.models import FirmSettings, HelpIndexPage, HelpPage, PortalHomePage
from portal_pages.setup import ensure_portal_pages

from . import help_content
from .pdf import simple_pdf

FIRM = {
    "name": "AAPS AVOCATS",
    "address": "8 rue Armand Moisant - 75015 Paris",
    "phone": "01 43 06 91 47",
    "email": "contact@aaps-avocats.com",
    "online_payment_enabled": True,
}
LAWYER = {
    "email": "fabien.delmas@aaps-avocats.com",
    "password": "Delmas-Demo-2026",
    "first_name": "Fabien",
    "last_name": "DELMAS",
}
ADMIN = {
    "email": "admin@aaps-avocats.com",
    "password": "Admin-Demo-2026",
    "first_name": "Claire",
    "last_name": "MARTIN",
}
LUCE = {
    "email": "academy@secib.fr",
    "password": "a12RJ3d11P",
    "first_name": "Luce",
    "last_name": "ALEXANDER",
    "address": "Impasse Adam 1er",
    "postal_code": "34470",
    "city": "PEROLS",
    "phone": "04 67 15 98 42",
    "mobile": "06 15 25 65 25",
}
MARC = {
    "email": "marc.dupont@example.fr",
    "password": "Dupont-Demo-2026",
    "first_name": "Marc",
    "last_name": "DUPONT",
    "address": "12 rue des Lilas",
    "postal_code": "69003",
    "city": "LYON",
    "phone": "04 78 00 00 00",
    "mobile": "06 00 00 00 00",
}
LUCE_DOSSIER = ("2017IIDOS/1529", "ALEXAN")
LUCE_SECOND_DOSSIER = ("2019IIDOS/0412", "ALEXAN-SCI")
MARC_DOSSIER = ("2021IIDOS/0087", "DUPONT")


def _pdf(filename, title, *lines):
    return ContentFile(simple_pdf(title, lines), name=filename)


def _at(days, hour=0, minute=0):
    """A moment ``days`` from today, at the given local time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _user(model, details, **flags):
    details = dict(details)
    password = details.pop("password")
    email = details.pop("email")
    user = User.objects.filter(email=email).first()
    if user is None:
        user = model(email=email, **details, **flags)
        user.set_password(password)
        user.save()
    return model.objects.get(pk=user.pk) if model is not User else user


def _dossier(reference, short_name, lawyer, clients, items, by):
    if Dossier.objects.filter(reference=reference).exists():
        return Dossier.objects.get(reference=reference)
    dossier = Dossier(reference=reference, short_name=short_name, interlocutor=lawyer, live=False)
    dossier.accesses = [DossierAccess(client=client) for client in clients]
    dossier.save()
    dossier.save_revision(user=by).publish(user=by)
    # Each item as a lawyer adds it (a draft with its revision), then all published at once.
    for relation, objects in items.items():
        for item in objects:
            item.dossier, item.live = dossier, False
            commit_private_files(item)
            item.save()
            item.save_revision(user=by, log_action="wagtail.create")
        model = getattr(Dossier, relation).rel.related_model
        publishing.publish(dossier, {model: [item.pk for item in objects]}, by=by)
    return dossier


def load_firm():
    ensure_portal_pages()
    site = Site.objects.get(is_default_site=True)
    firm = FirmSettings.for_site(site)
    if firm.name != FIRM["name"]:
        for field, value in FIRM.items():
            setattr(firm, field, value)
        firm.save()
    return firm


def load_people():
    ensure_lawyers_group()
    lawyer = _user(Lawyer, LAWYER, is_staff=True)
    lawyer.groups.add(Group.objects.get(name=LAWYERS_GROUP))
    admin = _user(User, ADMIN, is_staff=True, is_superuser=True)
    luce = _user(Client, LUCE)
    marc = _user(Client, MARC)
    return admin, lawyer, luce, marc


def load_dossiers(lawyer, luce, marc):
    _dossier(
        *LUCE_DOSSIER,
        lawyer,
        [luce],
        {
            "documents": [
                Document(
                    title="Convocation à l'audience",
                    date=timezone.localdate() - datetime.timedelta(days=12),
                    file=_pdf(
                        "Convocation audience.pdf",
                        "Convocation a l'audience",
                        "Dossier 2017IIDOS/1529 - ALEXAN",
                        "Tribunal judiciaire de Montpellier.",
                    ),
                ),
                Document(
                    title="Conclusions en réponse",
                    date=timezone.localdate() - datetime.timedelta(days=5),
                    file=_pdf(
                        "Conclusions en réponse.pdf",
                        "Conclusions en reponse",
                        "Dossier 2017IIDOS/1529 - ALEXAN",
                    ),
                ),
                Document(
                    title="Compte rendu de rendez-vous",
                    date=timezone.localdate() - datetime.timedelta(days=2),
                    file=_pdf(
                        "Compte rendu.pdf",
                        "Compte rendu de rendez-vous",
                        "Points abordes : calendrier de la procedure, pieces a fournir.",
                    ),
                ),
            ],
            "appointments": [
                Appointment(
                    subject="Préparation de l'audience",
                    starts_at=_at(10, 14, 30),
                    ends_at=_at(10, 15, 30),
                    location="Cabinet AAPS AVOCATS, 8 rue Armand Moisant - 75015 Paris",
                )
            ],
            "procedure_dates": [
                ProcedureDate(
                    kind=ProcedureDate.Kind.HEARING,
                    date=timezone.localdate() + datetime.timedelta(days=24),
                    time=datetime.time(9, 0),
                    jurisdiction="Tribunal judiciaire de Montpellier",
                    note="Audience de plaidoirie.",
                )
            ],
            "invoices": [
                Invoice(
                    number="FA-2026-0153",
                    issue_date=timezone.localdate() - datetime.timedelta(days=7),
                    due_date=timezone.localdate() + datetime.timedelta(days=23),
                    amount=Decimal("1250.00"),
                    pdf=_pdf(
                        "Facture FA-2026-0153.pdf",
                        "Facture FA-2026-0153",
                        "Honoraires - dossier 2017IIDOS/1529 - ALEXAN",
                        "Montant TTC : 1 250,00 EUR",
                    ),
                )
            ],
        },
        by=lawyer,
    )
    _dossier(
        *LUCE_SECOND_DOSSIER,
        lawyer,
        [luce],
        {
            "documents": [
                Document(
                    title="Statuts de la SCI",
                    date=timezone.localdate() - datetime.timedelta(days=30),
                    file=_pdf("Statuts SCI.pdf", "Statuts de la SCI", "Projet de statuts."),
                ),
                Document(
                    title="Procès-verbal d'assemblée générale",
                    date=timezone.localdate() - datetime.timedelta(days=20),
                    file=_pdf("PV AG.pdf", "Proces-verbal d'assemblee generale"),
                ),
            ]
        },
        by=lawyer,
    )
    _dossier(
        *MARC_DOSSIER,
        lawyer,
        [marc],
        {
            "documents": [
                Document(
                    title="Assignation",
                    date=timezone.localdate() - datetime.timedelta(days=9),
                    file=_pdf("Assignation DUPONT.pdf", "Assignation", "Dossier DUPONT."),
                )
            ],
            "appointments": [
                Appointment(
                    subject="Premier rendez-vous",
                    starts_at=_at(6, 10, 0),
                    ends_at=_at(6, 11, 0),
                    location="Visioconférence",
                )
            ],
            "procedure_dates": [
                ProcedureDate(
                    kind=ProcedureDate.Kind.DEADLINE,
                    date=timezone.localdate() + datetime.timedelta(days=15),
                    jurisdiction="Tribunal judiciaire de Lyon",
                    note="Délai pour conclure.",
                )
            ],
            "invoices": [
                Invoice(
                    number="FA-2026-0160",
                    issue_date=timezone.localdate() - datetime.timedelta(days=3),
                    due_date=timezone.localdate() + datetime.timedelta(days=27),
                    amount=Decimal("480.00"),
                    pdf=_pdf("Facture FA-2026-0160.pdf", "Facture FA-2026-0160"),
                )
            ],
        },
        by=lawyer,
    )


def load_pages(by):
    home = PortalHomePage.objects.get()
    if not home.welcome_text:
        home.welcome_text = (
            "<p>Bienvenue sur votre espace client. Retrouvez ici les éléments que votre "
            "avocat partage avec vous.</p>"
        )
        home.login_text = (
            "<p>Connectez-vous avec l'identifiant et le mot de passe reçus par e-mail.</p>"
        )
        home.save_revision(user=by).publish(user=by)
    index = HelpIndexPage.objects.get()
    if not index.intro:
        index.intro = help_content.INTRO
        index.save_revision(user=by).publish(user=by)
    for title, slug, body in help_content.SECTIONS:
        if not HelpPage.objects.filter(slug=slug).exists():
            page = index.add_child(instance=HelpPage(title=title, slug=slug, body=body))
            page.save_revision(user=by).publish(user=by)


# The demo's accounts have published passwords: never in a real portal.
REFUSAL = (
    "Demo data is not allowed with these settings (DEMO_DATA_ALLOWED is false): its "
    "accounts, a superuser among them, have passwords published in the README."
)


@transaction.atomic
def load_demo():
    if not settings.DEMO_DATA_ALLOWED:
        raise ImproperlyConfigured(REFUSAL)
    load_firm()
    admin, lawyer, luce, marc = load_people()
    load_dossiers(lawyer, luce, marc)
    load_pages(by=admin)
