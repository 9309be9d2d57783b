"""Draft and publish: only the published state of a dossier ever reaches its clients."""

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from dossiers.factories import DocumentFactory, shared_dossier
from dossiers.models import Document, Dossier
from dossiers.sharing import publishing
from dossiers.tests.helpers import add_inline, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, lawyer):
    client.force_login(lawyer)
    return client


def test_a_draft_reaches_no_client_until_it_is_published(admin_client, client_a):
    dossier = shared_dossier(client_a, items={"documents": 1})
    add_url = reverse("wagtailsnippets_dossiers_document:add") + f"?dossier={dossier.pk}"
    data = {
        "dossier": dossier.pk,
        "title": "Jugement",
        "date": "20/11/2026",
        "file": upload("Jugement du 20 novembre.pdf"),
    }
    response = admin_client.post(add_url, data)  # « Enregistrer le brouillon »
    assert response.status_code == 302

    # A draft: the client still sees the one published document.
    assert Document.objects.visible_to(client_a).count() == 1
    draft = Document.objects.get(title="Jugement")
    assert not draft.live and draft.latest_revision_id is not None
    # The draft's file is stored already, under a generated name, not the client's.
    assert storages["private"].exists(draft.file.name)
    assert "Jugement" not in draft.file.name
    assert draft.filename == "Jugement du 20 novembre.pdf"

    edit_url = reverse("wagtailsnippets_dossiers_document:edit", args=[draft.pk])
    response = admin_client.post(
        edit_url,
        {"dossier": dossier.pk, "title": "Jugement", "date": "20/11/2026", "action-publish": "1"},
    )
    assert response.status_code == 302

    visible = Document.objects.visible_to(client_a)
    assert visible.count() == 2
    published = visible.get(title="Jugement")
    assert published.shared_at is not None
    assert published.filename == "Jugement du 20 novembre.pdf"
    with published.file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF")


def test_changes_to_a_shared_item_wait_in_its_draft(admin_client, client_a):
    dossier = shared_dossier(client_a, items={"documents": 1})
    document = dossier.documents.get()
    edit_url = reverse("wagtailsnippets_dossiers_document:edit", args=[document.pk])
    data = {"dossier": dossier.pk, "title": "Titre corrigé", "date": "02/01/2027"}
    assert admin_client.post(edit_url, data).status_code == 302
    document.refresh_from_db()
    assert document.has_unpublished_changes
    assert Document.objects.visible_to(client_a).get().title == document.title != "Titre corrigé"
    assert admin_client.post(edit_url, {**data, "action-publish": "1"}).status_code == 302
    assert Document.objects.visible_to(client_a).get().title == "Titre corrigé"


def test_unpublishing_hides_the_whole_dossier(admin_client, client_a):
    dossier = shared_dossier(client_a, items={"documents": 2})
    dossier.save_revision().publish()

    response = admin_client.post(f"/admin/snippets/dossiers/dossier/unpublish/{dossier.pk}/", {})
    assert response.status_code == 302
    assert not Dossier.objects.visible_to(client_a).exists()
    assert not Document.objects.visible_to(client_a).exists()


def test_the_share_date_survives_later_publishes(lawyer, client_a):
    dossier = shared_dossier(client_a)
    document = DocumentFactory(dossier=dossier, live=False, first_published_at=None)
    publishing.publish(dossier, {Document: [document.pk]}, by=lawyer)
    document.refresh_from_db()
    shared_at = document.shared_at
    assert shared_at is not None

    draft = document.get_latest_revision_as_object()
    draft.title = "Pièce renommée"
    draft.save_revision(user=lawyer).publish(user=lawyer)
    document.refresh_from_db()
    assert document.title == "Pièce renommée"
    assert document.shared_at == shared_at


def test_a_new_dossier_saved_as_draft_is_not_visible(admin_client, lawyer, client_a):
    data = {
        "reference": "2026NOUV/0001",
        "short_name": "NOUVEAU",
        "interlocutor": str(lawyer.pk),
        "status": "open",
        "accesses-TOTAL_FORMS": "0",
        "accesses-INITIAL_FORMS": "0",
    }
    add_inline(data, "accesses", {"client": str(client_a.pk), "documents": "on"})

    response = admin_client.post("/admin/snippets/dossiers/dossier/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]

    dossier = Dossier.objects.get(reference="2026NOUV/0001")
    # Even a published document of a draft dossier stays out of the clients' sight.
    DocumentFactory(dossier=dossier, title="Mandat")
    assert not dossier.live
    assert not Dossier.objects.visible_to(client_a).exists()
    assert not Document.objects.visible_to(client_a).exists()


@pytest.mark.parametrize("service", ["publish", "withdraw"])
def test_the_publish_services_refuse_another_dossiers_ids_called_directly(
    service, client_a, client_b, lawyer
):
    """Not only the bulk action's check: the service itself refuses a selection holding an
    id of another dossier, whatever the mix, and changes nothing."""
    from dossiers.factories import InvoiceFactory

    mine = shared_dossier(client_a)
    theirs = shared_dossier(client_b, items={"documents": 1})
    own = DocumentFactory(dossier=mine, live=service == "withdraw", first_published_at=None)
    other_document = theirs.documents.get()
    other_invoice = InvoiceFactory(dossier=theirs, live=service == "withdraw")
    before = sorted(Document.objects.values_list("pk", "live"))
    for selection in (
        {Document: [other_document.pk]},
        {Document: [own.pk, other_document.pk]},
        {Document: [own.pk], type(other_invoice): [other_invoice.pk]},
        {Document: [own.pk, 987654]},
        {Document: []},
        {Document: ["abc"]},
    ):
        with pytest.raises(publishing.SelectionError):
            getattr(publishing, service)(mine, selection, by=lawyer)
    assert sorted(Document.objects.values_list("pk", "live")) == before
    assert type(other_invoice).objects.get(pk=other_invoice.pk).live == (service == "withdraw")
