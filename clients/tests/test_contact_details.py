"""« Mettre à jour mes coordonnées »: a request the lawyer applies or rejects."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from clients.factories import PASSWORD
from clients.models import ContactChangeRequest
from dossiers.factories import shared_dossier
from notifications.tests.helpers import send_due_emails

pytestmark = pytest.mark.django_db
FORM = reverse("clients:contact_details")

NEW = {
    "last_name": "ALEXANDER",
    "first_name": "Luce",
    "email": "luce.alexander@example.fr",
    "address": "3 place de la Comédie",
    "postal_code": "34000",
    "city": "MONTPELLIER",
    "phone": "04.67.00.00.01",
    "mobile": "+33 6 15 25 65 25",
}


@pytest.fixture
def luce(client, client_a, lawyer):
    dossier = shared_dossier(client_a)
    dossier.interlocutor = lawyer
    dossier.save()
    client.force_login(client_a)
    return client


def test_the_form_has_the_manuals_fields_prefilled(luce, client_a):
    html = luce.get(FORM).content.decode()
    for label in (
        "Nom",
        "Prénom",
        "E-mail",
        "Adresse",
        "Code postal",
        "Ville",
        "Tél",
        "Mobile",
        "Envoyer",
    ):
        assert label in html
    assert f'value="{client_a.email}"' in html and 'value="1 rue de la Paix"' in html


def test_a_request_waits_for_the_lawyer_who_sees_both_values(luce, client, client_a, lawyer):
    response = luce.post(FORM, NEW)
    assert response.status_code == 302
    change = ContactChangeRequest.objects.get()
    assert change.status == ContactChangeRequest.Status.PENDING
    assert (change.phone, change.mobile) == ("04 67 00 00 01", "06 15 25 65 25")
    client_a.refresh_from_db()
    assert client_a.address == "1 rue de la Paix"  # nothing changes before the lawyer applies
    account = luce.get(reverse("clients:account")).content.decode()
    assert "en attente de validation" in account and "3 place de la Comédie" in account

    send_due_emails()
    [alert] = mail.outbox
    assert alert.to == [lawyer.email] and "3 place de la Comédie" in alert.body

    client.force_login(lawyer)
    page = client.get(
        reverse("clients_contactchangerequest_modeladmin_inspect", args=[change.pk])
    ).content.decode()
    assert "Valeur actuelle" in page and "Valeur proposée" in page
    assert "1 rue de la Paix" in page and "3 place de la Comédie" in page


def test_applying_updates_the_client_and_the_new_email_needs_confirming(
    luce, client, client_a, lawyer
):
    luce.post(FORM, NEW)
    change = ContactChangeRequest.objects.get()
    old_email = client_a.email
    client.force_login(lawyer)
    response = client.post(reverse("contact_changes:apply", args=[change.pk]))
    assert response.status_code == 302
    client_a.refresh_from_db()
    assert (client_a.address, client_a.city, client_a.postal_code) == (
        "3 place de la Comédie",
        "MONTPELLIER",
        "34000",
    )
    assert client_a.email == old_email  # not before the new address is confirmed

    mail.outbox.clear()
    send_due_emails()
    outcome = next(m for m in mail.outbox if m.to == [old_email] and "appliqué" in m.body)
    # The former address is told of the change of login too, with « Ce n'est pas moi ».
    assert any("pas-moi" in m.body for m in mail.outbox if m.to == [old_email])
    assert "appliqué" in outcome.body
    confirmation = next(m for m in mail.outbox if m.to == ["luce.alexander@example.fr"])
    link = re.search(
        r"http://testserver(/mon-compte/confirmer-email/\S+/)", confirmation.body
    ).group(1)

    client.logout()
    assert client.get(link).status_code == 200  # a page with a button: a visit changes nothing
    client_a.refresh_from_db()
    assert client_a.email == old_email
    client.post(link)
    client_a.refresh_from_db()
    assert client_a.email == "luce.alexander@example.fr"
    login = client.post(
        reverse("clients:login"), {"username": "luce.alexander@example.fr", "password": PASSWORD}
    )
    assert login.status_code == 302
    assert "plus valable" in client.post(link).content.decode()  # single use


def test_rejecting_leaves_everything_and_tells_the_client(luce, client, client_a, lawyer):
    luce.post(FORM, NEW)
    change = ContactChangeRequest.objects.get()
    client.force_login(lawyer)
    client.post(reverse("contact_changes:reject", args=[change.pk]))
    change.refresh_from_db()
    client_a.refresh_from_db()
    assert change.status == ContactChangeRequest.Status.REJECTED
    assert client_a.address == "1 rue de la Paix"
    mail.outbox.clear()
    send_due_emails()
    assert any("n'a pas appliqué" in m.body for m in mail.outbox if m.to == [client_a.email])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postal_code", "3447", "code postal français de 5 chiffres"),
        ("postal_code", "ABCDE", "code postal français de 5 chiffres"),
        ("phone", "12345", "numéro de téléphone de 10 chiffres"),
        ("email", "pas-une-adresse", "adresse e-mail valide"),
        ("last_name", "", "Ce champ est obligatoire."),
    ],
)
def test_invalid_details_are_refused_in_french_and_nothing_is_stored(luce, field, value, message):
    response = luce.post(FORM, {**NEW, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ContactChangeRequest.objects.exists()


def test_at_least_one_phone_number_is_needed(luce):
    response = luce.post(FORM, {**NEW, "phone": "", "mobile": ""})
    assert "au moins un numéro de téléphone" in response.content.decode()
    assert not ContactChangeRequest.objects.exists()


def test_fields_the_client_must_not_set_are_ignored(luce, client_a, client_b):
    luce.post(FORM, {**NEW, "client": client_b.pk, "status": "applied"})
    change = ContactChangeRequest.objects.get()
    assert change.client == client_a
    assert change.status == ContactChangeRequest.Status.PENDING


def test_a_new_request_replaces_the_pending_one(luce):
    luce.post(FORM, NEW)
    luce.post(FORM, {**NEW, "city": "LATTES"})
    change = ContactChangeRequest.objects.get()
    assert change.city == "LATTES"
