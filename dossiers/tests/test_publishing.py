"""Draft and publish: only the published state of a dossier ever reaches its clients."""

import pytest
from django.core.files.storage import storages

from dossiers.factories import shared_dossier
from dossiers.models import Document, Dossier

from .helpers import add_inline, dossier_edit_url, edit_form_data, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, lawyer):
    client.force_login(lawyer)
    return client


def test_a_draft_reaches_no_client_until_it_is_published(admin_client, client_a):
    dossier = shared_dossier(client_a, items={"documents": 1})
    data = edit_form_data(admin_client, dossier)
    index = add_inline(data, "documents", {"title": "Jugement", "date": "2026-11-20"})
    data[f"documents-{index}-file"] = upload("Jugement du 20 novembre.pdf")

    response = admin_client.post(dossier_edit_url(dossier), data)
    assert response.status_code == 302

    # The draft is in a revision; the client still sees the one published document.
    assert Document.objects.visible_to(client_a).count() == 1
    dossier.refresh_from_db()
    assert dossier.has_unpublished_changes
    draft = dossier.get_latest_revision_as_object()
    new_document = next(doc for doc in draft.documents.all() if doc.title == "Jugement")
    # The draft's file is stored already, under a generated name, not the client's.
    assert storages["private"].exists(new_document.file.name)
    assert "Jugement" not in new_document.file.name
    assert new_document.filename == "Jugement du 20 novembre.pdf"

    data = edit_form_data(admin_client, dossier)
    data["action-publish"] = "action-publish"
    response = admin_client.post(dossier_edit_url(dossier), data)
    assert response.status_code == 302

    visible = Document.objects.visible_to(client_a)
    assert visible.count() == 2
    published = visible.get(title="Jugement")
    assert published.first_published_at is not None
    assert published.filename == "Jugement du 20 novembre.pdf"
    with published.file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF")


def test_unpublishing_hides_the_whole_dossier(admin_client, client_a):
    dossier = shared_dossier(client_a, items={"documents": 2})
    dossier.save_revision().publish()

    response = admin_client.post(f"/admin/snippets/dossiers/dossier/unpublish/{dossier.pk}/", {})
    assert response.status_code == 302
    assert not Dossier.objects.visible_to(client_a).exists()
    assert not Document.objects.visible_to(client_a).exists()


def test_first_publication_date_survives_later_publishes(lawyer, client_a):
    dossier = shared_dossier(client_a)
    dossier.documents = [Document(title="Première pièce", file=upload())]
    dossier.save_revision(user=lawyer).publish(user=lawyer)
    first = Document.objects.get(title="Première pièce")
    first_date = first.first_published_at
    assert first_date is not None

    live = Dossier.objects.get(pk=dossier.pk)
    live.short_name = "RENOMMÉ"
    live.documents.add(Document(title="Deuxième pièce", file=upload()))
    live.save_revision(user=lawyer).publish(user=lawyer)

    first.refresh_from_db()
    second = Document.objects.get(title="Deuxième pièce")
    assert first.first_published_at == first_date
    assert second.first_published_at is not None
    assert second.first_published_at > first_date


def test_a_new_dossier_saved_as_draft_is_not_visible(admin_client, lawyer, client_a):
    data = {
        "reference": "2026NOUV/0001",
        "short_name": "NOUVEAU",
        "interlocutor": str(lawyer.pk),
        "status": "open",
        "accesses-TOTAL_FORMS": "0",
        "accesses-INITIAL_FORMS": "0",
    }
    for relation in ("documents", "appointments", "procedure_dates", "invoices"):
        data[f"{relation}-TOTAL_FORMS"] = "0"
        data[f"{relation}-INITIAL_FORMS"] = "0"
    add_inline(data, "accesses", {"client": str(client_a.pk), "documents": "on"})
    index = add_inline(data, "documents", {"title": "Mandat", "date": "2026-11-01"})
    data[f"documents-{index}-file"] = upload("Mandat.pdf")

    response = admin_client.post("/admin/snippets/dossiers/dossier/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]

    dossier = Dossier.objects.get(reference="2026NOUV/0001")
    assert not dossier.live
    assert not Dossier.objects.visible_to(client_a).exists()
    assert not Document.objects.visible_to(client_a).exists()
