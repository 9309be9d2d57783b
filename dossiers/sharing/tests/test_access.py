"""The one gate: what a client may see of dossiers and shared items."""

import pytest

from clients.factories import ClientFactory
from dossiers.factories import (
    AppointmentFactory,
    DocumentFactory,
    DossierAccessFactory,
    DossierFactory,
    InvoiceFactory,
    shared_dossier,
)
from dossiers.models import Appointment, Category, Document, Dossier, Invoice, ProcedureDate

pytestmark = pytest.mark.django_db

EVERYTHING = {"documents": 2, "appointments": 1, "procedure_dates": 1, "invoices": 1}


def test_a_client_sees_the_published_dossiers_they_belong_to_and_nothing_else(client_a, client_b):
    mine = shared_dossier(client_a, items=EVERYTHING)
    theirs = shared_dossier(client_b, items=EVERYTHING)

    assert list(Dossier.objects.visible_to(client_a)) == [mine]
    assert list(Dossier.objects.visible_to(client_b)) == [theirs]
    for category in Category:
        visible = category.model.objects.visible_to(client_a)
        assert visible.count() == EVERYTHING[category.access_field]
        assert all(item.dossier_id == mine.pk for item in visible)


def test_a_dossier_that_is_not_live_shows_nothing(client_a):
    draft = shared_dossier(client_a, items=EVERYTHING)
    Dossier.objects.filter(pk=draft.pk).update(live=False)

    assert not Dossier.objects.visible_to(client_a).exists()
    for category in Category:
        assert not category.model.objects.visible_to(client_a).exists()


def test_categories_are_granted_per_client_and_per_dossier(client_a):
    accountant = ClientFactory(last_name="COMPTABLE")
    dossier = shared_dossier(client_a, items=EVERYTHING)
    DossierAccessFactory(
        dossier=dossier,
        client=accountant,
        documents=False,
        appointments=False,
        procedure_dates=False,
        invoices=True,
    )
    # On another dossier the same accountant sees documents only.
    other = DossierFactory()
    DossierAccessFactory(dossier=other, client=accountant, invoices=False)
    DocumentFactory(dossier=other)
    InvoiceFactory(dossier=other)

    assert set(Invoice.objects.visible_to(accountant)) == set(dossier.invoices.all())
    assert list(Document.objects.visible_to(accountant)) == list(other.documents.all())
    assert not Appointment.objects.visible_to(accountant).exists()
    assert not ProcedureDate.objects.visible_to(accountant).exists()
    # Luce's own access to the same dossier is untouched.
    assert Document.objects.visible_to(client_a).count() == 2


def test_inactive_and_anonymous_users_see_nothing(client_a):
    from django.contrib.auth.models import AnonymousUser

    shared_dossier(client_a, items=EVERYTHING)
    client_a.is_active = False
    client_a.save()

    for user in (client_a, AnonymousUser()):
        assert not Dossier.objects.visible_to(user).exists()
        for category in Category:
            assert not category.model.objects.visible_to(user).exists()


def test_a_lawyer_is_not_a_client_of_the_dossiers_they_handle(lawyer, client_a):
    shared_dossier(client_a, items=EVERYTHING)
    assert not Dossier.objects.visible_to(lawyer).exists()
    assert not Appointment.objects.visible_to(lawyer).exists()


def test_item_visibility_does_not_multiply_rows_with_several_clients(client_a, client_b):
    dossier = shared_dossier(client_a, client_b)
    AppointmentFactory.create_batch(3, dossier=dossier)

    assert Appointment.objects.visible_to(client_a).count() == 3
    assert Appointment.objects.visible_to(client_b).count() == 3
