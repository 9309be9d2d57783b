"""The audit trail: one entry per event, with who, when and from where; no secret in it."""

import json
from collections import Counter
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.urls import reverse
from wagtail.models import ModelLogEntry

from clients.factories import PASSWORD
from dossiers.factories import InvoiceFactory, shared_dossier
from dossiers.models import Document

pytestmark = pytest.mark.django_db


def test_each_event_leaves_one_entry_and_no_secret(client_a, lawyer, settings, record_property):
    dossier = shared_dossier(client_a, items={"documents": 1})
    dossier.interlocutor = lawyer
    dossier.save()
    ModelLogEntry.objects.all().delete()

    portal = HttpClient(REMOTE_ADDR="192.0.2.77")
    portal.post(reverse("clients:login"), {"username": client_a.email, "password": "pas-le-bon"})
    portal.post(reverse("clients:login"), {"username": client_a.email, "password": PASSWORD})
    portal.get(reverse("dossiers:document_download", args=[Document.objects.get().pk]))
    portal.post(
        reverse("dossiers:dossier_deposit", args=[dossier.pk]),
        {"files": [SimpleUploadedFile("piece.pdf", b"%PDF-1.4\n%%EOF\n")]},
    )
    portal.post(
        reverse("dossiers:dossier_contact", args=[dossier.pk]),
        {"subject": "Objet", "body": "Texte"},
    )
    portal.post(
        reverse("clients:contact_details"),
        {
            "last_name": "ALEXANDER",
            "first_name": "Luce",
            "email": client_a.email,
            "address": "2 rue Neuve",
            "postal_code": "34000",
            "city": "MONTPELLIER",
            "phone": "0467000001",
            "mobile": "",
        },
    )
    portal.post(reverse("clients:logout"))

    from payments.models import Payment
    from payments.services import settle

    invoice = InvoiceFactory(dossier=dossier, amount=Decimal("10.00"))
    payment = Payment.objects.create(
        invoice=invoice, client=client_a, invoice_number=invoice.number, amount=invoice.amount
    )
    settle(payment, Payment.Status.PAID)

    dossier.save_revision(user=lawyer).publish(user=lawyer)

    counts = Counter(
        ModelLogEntry.objects.filter(action__startswith="espace.").values_list("action", flat=True)
    )
    expected = {
        "espace.login_failed",
        "espace.login",
        "espace.download",
        "espace.deposit",
        "espace.message",
        "espace.contact_change",
        "espace.logout",
        "espace.payment",
        "espace.publish",
    }
    record_property("audit_rows_per_event", dict(counts))
    print(f"\nAudit rows per event type: {dict(sorted(counts.items()))}")
    assert set(counts) == expected
    assert all(count == 1 for count in counts.values()), counts

    login = ModelLogEntry.objects.get(action="espace.login")
    assert login.user_id == client_a.pk and login.data["ip"] == "192.0.2.77"
    assert ModelLogEntry.objects.get(action="espace.publish").user_id == lawyer.pk
    everything = json.dumps(list(ModelLogEntry.objects.values("label", "data")))
    for secret in (PASSWORD, "pas-le-bon", settings.SECRET_KEY):
        assert secret not in everything


def test_the_firm_reads_the_trail_in_the_back_office(client, client_a):
    from clients.factories import UserFactory

    HttpClient().post(reverse("clients:login"), {"username": client_a.email, "password": PASSWORD})
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Connexion réussie" in page
