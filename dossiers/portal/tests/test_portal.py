"""The client's screens: Accueil by category, categories, dossier pages, and their order."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.factories import (
    AppointmentFactory,
    DocumentFactory,
    InvoiceFactory,
    ProcedureDateFactory,
    shared_dossier,
)
from dossiers.models import Appointment

pytestmark = pytest.mark.django_db
HOME = reverse("dossiers:home")


@pytest.fixture
def luce(client, client_a):
    client.force_login(client_a)
    return client


def test_accueil_groups_all_dossiers_items_by_category_with_counts(luce, client_a, client_b):
    first = shared_dossier(client_a, items={"documents": 2, "invoices": 1})
    second = shared_dossier(client_a, items={"documents": 1})
    shared_dossier(client_b, items={"appointments": 4})

    html = luce.get(HOME).content.decode()
    assert "Documents" in html and "3 documents" in html
    assert "Factures" in html and "1 facture" in html
    # Nothing to show: no card (Marc's rendez-vous are not hers).
    assert "Rendez-vous" not in html and "Dates de procédure" not in html
    assert reverse("dossiers:dossier", args=[first.pk]) in html
    assert reverse("dossiers:dossier", args=[second.pk]) in html


def test_a_category_lists_its_items_newest_first_each_with_its_dossier(luce, client_a):
    dossier = shared_dossier(client_a)
    today = timezone.localdate()
    DocumentFactory(dossier=dossier, title="Ancien", date=today - datetime.timedelta(days=30))
    DocumentFactory(dossier=dossier, title="Récent", date=today)
    html = luce.get(reverse("dossiers:category", args=["documents"])).content.decode()
    assert html.index("Récent") < html.index("Ancien")
    assert str(dossier) in html


def test_rendez_vous_come_soonest_first_then_the_past(luce, client_a):
    dossier = shared_dossier(client_a)
    now = timezone.now()
    AppointmentFactory(dossier=dossier, subject="Passé", starts_at=now - datetime.timedelta(days=2))
    AppointmentFactory(
        dossier=dossier, subject="Lointain", starts_at=now + datetime.timedelta(days=9)
    )
    AppointmentFactory(
        dossier=dossier, subject="Prochain", starts_at=now + datetime.timedelta(days=1)
    )
    ordered = [a.subject for a in Appointment.objects.visible_to(luce_user(luce)).for_display()]
    assert ordered == ["Prochain", "Lointain", "Passé"]


def luce_user(http_client):
    from clients.models import User

    return User.objects.get(pk=http_client.session["_auth_user_id"])


def test_dates_and_amounts_are_written_the_french_way(luce, client_a):
    dossier = shared_dossier(client_a)
    AppointmentFactory(
        dossier=dossier,
        starts_at=timezone.make_aware(datetime.datetime(2027, 3, 2, 14, 30)),
        location="Cabinet, 8 rue Armand Moisant",
    )
    ProcedureDateFactory(
        dossier=dossier,
        date=datetime.date(2027, 3, 9),
        time=datetime.time(9, 0),
        jurisdiction="Tribunal judiciaire de Montpellier",
    )
    InvoiceFactory(
        dossier=dossier,
        number="FA-1",
        amount=Decimal("1250.00"),
        issue_date=datetime.date(2027, 1, 5),
        due_date=datetime.date(2027, 2, 4),
    )
    rdv = luce.get(reverse("dossiers:category", args=["rendez-vous"])).content.decode()
    assert "mardi 2 mars 2027 à 14\u00a0h\u00a030" in rdv
    assert "Cabinet, 8 rue Armand Moisant" in rdv
    dates = luce.get(reverse("dossiers:category", args=["dates-de-procedure"])).content.decode()
    assert "mardi 9 mars 2027 à 9\u00a0h\u00a000" in dates
    assert "Tribunal judiciaire de Montpellier" in dates
    invoices = luce.get(reverse("dossiers:category", args=["factures"])).content.decode()
    assert "1\u00a0250,00\u00a0€" in invoices
    assert "mardi 5 janvier 2027" in invoices and "jeudi 4 février 2027" in invoices
    assert "À régler" in invoices
    assert reverse("dossiers:invoice_pdf", args=[dossier.invoices.get().pk]) in invoices


def test_the_dossier_page_shows_its_reference_interlocutor_and_only_its_categories(luce, client_a):
    dossier = shared_dossier(client_a, items={"documents": 2})
    shared_dossier(client_a, items={"invoices": 1})
    html = luce.get(reverse("dossiers:dossier", args=[dossier.pk])).content.decode()
    assert str(dossier) in html
    assert dossier.interlocutor.display_name in html
    assert "2 documents" in html
    assert "Factures" not in html


def test_an_empty_or_unknown_category_is_not_found(luce, client_a):
    dossier = shared_dossier(client_a, items={"documents": 1})
    assert luce.get(reverse("dossiers:category", args=["factures"])).status_code == 404
    assert luce.get(reverse("dossiers:category", args=["inconnue"])).status_code == 404
    url = reverse("dossiers:dossier_category", args=[dossier.pk, "rendez-vous"])
    assert luce.get(url).status_code == 404


def test_lists_are_paginated(luce, client_a):
    shared_dossier(client_a, items={"documents": 30})
    first = luce.get(reverse("dossiers:category", args=["documents"])).content.decode()
    assert "Page 1 sur 2" in first
    second = luce.get(reverse("dossiers:category", args=["documents"]) + "?page=2")
    assert second.status_code == 200


def test_the_firms_people_are_sent_to_the_back_office(client, lawyer):
    client.force_login(lawyer)
    response = client.get(HOME)
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def test_the_cached_cards_follow_what_is_shared(luce, client_a):
    """The category cards are cached; a new item, a new access or a revoked one shows at once."""
    dossier = shared_dossier(client_a, items={"documents": 1})
    assert "1 document" in luce.get(HOME).content.decode()
    DocumentFactory(dossier=dossier, title="Pièce toute nouvelle")
    html = luce.get(HOME).content.decode()
    assert "2 documents" in html and "Pièce toute nouvelle" in html
    page = reverse("dossiers:dossier", args=[dossier.pk])
    assert "2 documents" in luce.get(page).content.decode()
    access = dossier.accesses.get()
    access.documents = False
    access.save()
    assert "Documents" not in luce.get(page).content.decode()
    assert "2 documents" not in luce.get(HOME).content.decode()
