"""The lawyers' back office: every admin screen opens for a lawyer and never for a client."""

import pytest
from django.urls import reverse

from dossiers.factories import shared_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(client_a):
    from django.core.files.base import ContentFile

    from clients.services import request_contact_change
    from dossiers.inbox import services
    from dossiers.inbox.uploads import CheckedFile

    dossier = shared_dossier(client_a, items={"documents": 1, "invoices": 1})
    dossier.save_revision().publish()
    services.send_message(dossier, client_a, "Demande de RDV", "Bonjour")
    services.deposit_files(
        dossier,
        client_a,
        [CheckedFile(ContentFile(b"%PDF-1.4", name="a.pdf"), "a.pdf", "application/pdf", 8)],
    )
    request_contact_change(client_a, {"city": "LYON", "postal_code": "69001"})
    return dossier


def stored_file_url(field_file, name):
    from dossiers.files import StoredName

    return reverse(
        "dossiers_admin:stored_file", args=[StoredName.token_for(field_file.name, name, 8)]
    )


def lawyer_urls(dossier, client_a):
    from clients.models import ContactChangeRequest
    from dossiers.models import Deposit, Message

    message = Message.objects.get()
    deposit = Deposit.objects.get()
    change = ContactChangeRequest.objects.get()
    return [
        reverse("dossiers_message_modeladmin_index"),
        reverse("dossiers_message_modeladmin_index") + "?handled=no",
        reverse("dossiers_message_modeladmin_inspect", args=[message.pk]),
        reverse("dossiers_deposit_modeladmin_index"),
        reverse("dossiers_deposit_modeladmin_index") + f"?dossier={dossier.pk}",
        reverse("dossiers_deposit_modeladmin_inspect", args=[deposit.pk]),
        reverse("dossiers_admin:deposit_download", args=[deposit.pk]),
        stored_file_url(dossier.documents.get().file, "Pièce.pdf"),
        stored_file_url(dossier.invoices.get().pdf, "Facture.pdf"),
        reverse("clients_contactchangerequest_modeladmin_index"),
        reverse("payments_payment_modeladmin_index"),
        reverse("clients_contactchangerequest_modeladmin_inspect", args=[change.pk]),
        reverse("wagtailsnippets_clients_client:invite", args=[client_a.pk]),
        reverse("wagtailadmin_home"),
        reverse("wagtailsnippets_clients_client:list"),
        reverse("wagtailsnippets_clients_client:list") + "?q=alexander",
        reverse("wagtailsnippets_clients_client:list") + "?is_active=true",
        reverse("wagtailsnippets_clients_client:add"),
        reverse("wagtailsnippets_clients_client:edit", args=[client_a.pk]),
        reverse("wagtailsnippets_clients_client:inspect", args=[client_a.pk]),
        reverse("wagtailsnippets_dossiers_dossier:list"),
        reverse("wagtailsnippets_dossiers_dossier:list") + "?q=alexander",
        reverse("wagtailsnippets_dossiers_dossier:list")
        + f"?status=open&interlocutor={dossier.interlocutor_id}",
        reverse("wagtailsnippets_dossiers_dossier:add"),
        reverse("wagtailsnippets_dossiers_dossier:edit", args=[dossier.pk]),
        reverse("wagtailsnippets_dossiers_dossier:history", args=[dossier.pk]),
    ]


def test_every_back_office_screen_opens_for_a_lawyer(client, lawyer, client_a, dossier):
    client.force_login(lawyer)
    for url in lawyer_urls(dossier, client_a):
        response = client.get(url)
        assert response.status_code == 200, url


def test_the_dossier_list_finds_a_dossier_by_its_client(client, lawyer, client_a, dossier):
    client.force_login(lawyer)
    response = client.get(reverse("wagtailsnippets_dossiers_dossier:list") + "?q=ALEXANDER")
    assert dossier.reference in response.content.decode()


def test_no_back_office_screen_opens_for_a_client(client, client_a, dossier):
    client.force_login(client_a)
    for url in lawyer_urls(dossier, client_a):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response.url.startswith(reverse("wagtailadmin_login")), url


def test_anonymous_visitors_are_sent_to_the_admin_login(client, client_a, dossier):
    for url in lawyer_urls(dossier, client_a):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("wagtailadmin_login")), url


def test_the_firm_settings_open_for_a_firm_admin_only(client, lawyer):
    from wagtail.models import Site

    from clients.factories import UserFactory

    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["portal_pages", "firmsettings", site.pk])
    client.force_login(lawyer)
    assert client.get(url).status_code in (302, 403)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(url).status_code == 200


def test_a_forged_file_token_is_not_found(client, lawyer):
    client.force_login(lawyer)
    url = reverse(
        "dossiers_admin:stored_file", args=["eyJuYW1lIjoiZG9jdW1lbnRzL3gucGRmIn0:forged:signature"]
    )
    assert client.get(url).status_code == 404
