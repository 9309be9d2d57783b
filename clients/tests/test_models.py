import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from clients.factories import PASSWORD, ClientFactory
from clients.models import Client, Lawyer, User

pytestmark = pytest.mark.django_db


def test_the_email_is_the_identifier_whatever_its_case():
    client = ClientFactory(email="  Luce.Alexander@Example.FR ")
    assert client.email == "luce.alexander@example.fr"
    assert (
        authenticate(
            RequestFactory().post("/connexion/"),
            username="LUCE.ALEXANDER@example.fr",
            password=PASSWORD,
        )
        == client
    )


def test_two_accounts_cannot_share_an_email_in_any_case():
    ClientFactory(email="luce@example.fr")
    other = ClientFactory(email="other@example.fr")
    # Even a write that skips save() (and its normalisation) is refused by the database.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=other.pk).update(email="LUCE@example.fr")


def test_a_client_saved_through_the_client_model_never_gets_staff_rights():
    client = Client(email="c@example.fr", first_name="Luce", last_name="Alexander", is_staff=True)
    client.is_superuser = True
    client.save()
    client.refresh_from_db()
    assert not client.is_staff and not client.is_superuser
    assert not client.has_usable_password()


def test_the_firm_names_people_last_name_first():
    assert ClientFactory(first_name="Fabien", last_name="Delmas").display_name == "DELMAS Fabien"


def test_clients_and_lawyers_are_told_apart(lawyer, client_a):
    assert list(Client.objects.all()) == [client_a]
    assert list(Lawyer.objects.all()) == [lawyer]
    assert client_a.is_client and not lawyer.is_client
