"""Shared items published on their own: each with its drafts and revisions, a selection
published or withdrawn in one action whose cost follows the selection, not the dossier,
and a bulk action that cannot reach another dossier's items."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from dossiers.factories import (
    AppointmentFactory,
    DocumentFactory,
    InvoiceFactory,
    shared_dossier,
)
from dossiers.models import Appointment, Document, Invoice
from dossiers.sharing import publishing
from dossiers.sharing.announcements import SHARE_DIGEST
from dossiers.tests.helpers import dossier_edit_url, upload
from notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def listing_url(model, dossier, **params):
    url = reverse(f"wagtailsnippets_dossiers_{model._meta.model_name}:list")
    return f"{url}?{urlencode({'dossier': dossier.pk, **params})}"


def bulk_url(model, action, ids, next_url):
    url = reverse("wagtail_bulk_action", args=["dossiers", model._meta.model_name, action])
    return f"{url}?{urlencode([('id', pk) for pk in ids] + [('next', next_url)])}"


def drafts(dossier, count, factory=DocumentFactory):
    return factory.create_batch(count, dossier=dossier, live=False, first_published_at=None)


def test_a_draft_item_is_not_seen_until_published(client_a, lawyer_session):
    dossier = shared_dossier(client_a, items={"documents": 1})
    (draft,) = drafts(dossier, 1)
    assert list(Document.objects.visible_to(client_a)) == [dossier.documents.get(live=True)]
    lawyer_session.post(
        bulk_url(Document, "publish_for_clients", [draft.pk], listing_url(Document, dossier))
    )
    assert draft in Document.objects.visible_to(client_a)
    draft.refresh_from_db()
    assert draft.live and draft.shared_at is not None and draft.live_revision_id is None


@pytest.mark.parametrize("count", [1, 10, 50])
def test_publishing_n_items_costs_at_most_30_plus_5n_queries(
    count, client_a, client_b, lawyer_session
):
    dossier = shared_dossier(client_a, client_b, items={"documents": 200})
    selection = drafts(dossier, count)
    url = bulk_url(
        Document,
        "publish_for_clients",
        [item.pk for item in selection],
        listing_url(Document, dossier),
    )
    with CaptureQueriesContext(connection) as queries:
        response = lawyer_session.post(url)
    assert response.status_code == 302
    assert len(queries) <= 30 + 5 * count, len(queries)
    assert Document.objects.filter(dossier=dossier, live=True).count() == 200 + count
    # One pending digest per client, not one row per item and client.
    assert OutgoingEmail.objects.filter(kind=SHARE_DIGEST).count() == 2


def test_withdrawing_n_items_costs_at_most_30_plus_5n_queries(client_a, lawyer_session):
    dossier = shared_dossier(client_a, items={"documents": 200})
    selection = list(dossier.documents.all()[:50])
    url = bulk_url(
        Document,
        "withdraw_from_sharing",
        [item.pk for item in selection],
        listing_url(Document, dossier),
    )
    with CaptureQueriesContext(connection) as queries:
        lawyer_session.post(url)
    assert len(queries) <= 30 + 5 * 50, len(queries)
    assert Document.objects.visible_to(client_a).count() == 150


def test_publishing_changes_of_a_shared_item_applies_its_draft(client_a, lawyer_session, lawyer):
    dossier = shared_dossier(client_a)
    (appointment,) = AppointmentFactory.create_batch(1, dossier=dossier)
    appointment.announced_as = appointment.fingerprint()
    appointment.save()
    draft = appointment.get_latest_revision_as_object()
    draft.location = "Tribunal judiciaire de Lyon"
    draft.save_revision(user=lawyer)
    appointment.refresh_from_db()
    assert appointment.has_unpublished_changes
    # Clients still see the published version.
    assert Appointment.objects.visible_to(client_a).get().location == "Cabinet"
    lawyer_session.post(
        bulk_url(
            Appointment, "publish_for_clients", [appointment.pk], listing_url(Appointment, dossier)
        )
    )
    shown = Appointment.objects.visible_to(client_a).get()
    assert shown.location == "Tribunal judiciaire de Lyon"
    assert not shown.has_unpublished_changes
    # The place changed: its client is told at once (an essential email).
    assert OutgoingEmail.objects.filter(kind="date_changed", user=client_a).count() == 1


def test_a_bulk_action_cannot_touch_another_dossiers_items(client_a, client_b, lawyer_session):
    mine = shared_dossier(client_a)
    other = shared_dossier(client_b, items={"documents": 2})
    mine_draft = drafts(mine, 1)
    theirs = list(other.documents.all())
    for ids in ([item.pk for item in theirs], [mine_draft[0].pk, theirs[0].pk]):
        response = lawyer_session.post(
            bulk_url(Document, "withdraw_from_sharing", ids, listing_url(Document, mine)),
            follow=True,
        )
        assert "rien n’a été modifié" in response.content.decode().lower().replace("'", "’")
    assert Document.objects.visible_to(client_b).count() == 2
    assert not Document.objects.get(pk=mine_draft[0].pk).live
    # "Select all in the listing" selects the listing's dossier's items only.
    url = reverse("wagtail_bulk_action", args=["dossiers", "document", "publish_for_clients"])
    lawyer_session.post(
        f"{url}?{urlencode({'dossier': mine.pk, 'id': 'all', 'next': listing_url(Document, mine)})}"
    )
    assert Document.objects.get(pk=mine_draft[0].pk).live
    assert Document.objects.filter(dossier=other, live=False).count() == 0
    # Without a dossier, a bulk action changes nothing.
    lawyer_session.post(
        bulk_url(Document, "withdraw_from_sharing", [theirs[0].pk], reverse("wagtailadmin_home"))
    )
    assert Document.objects.visible_to(client_b).count() == 2


def test_publishing_one_new_document_from_its_editor(client_a, lawyer, lawyer_session):
    dossier = shared_dossier(client_a, items={"documents": 300})
    url = reverse("wagtailsnippets_dossiers_document:add") + f"?dossier={dossier.pk}"
    form = lawyer_session.get(url)
    assert form.status_code == 200
    data = {
        "dossier": dossier.pk,
        "title": "Assignation",
        "date": "15/01/2027",
        "file": upload("Assignation.pdf"),
        "action-publish": "action-publish",
    }
    with CaptureQueriesContext(connection) as queries:
        response = lawyer_session.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    statements = [q["sql"] for q in queries.captured_queries]
    # 23 queries (5 of them the admin's session, user and permissions), and 4 transactions
    # (Wagtail's save, its creation and its revision, then the publish with what it tells
    # clients), each two statements: 31, within the 30 queries of the target.
    transaction_control = [sql for sql in statements if "SAVEPOINT" in sql]
    assert len(statements) - len(transaction_control) <= 23, statements
    assert len(statements) <= 31, statements
    document = Document.objects.get(title="Assignation")
    assert document.live and document.shared_at and str(document.date) == "2027-01-15"
    assert document.live_revision_id == document.latest_revision_id
    # The publish is in the document's history, with its revision, as Wagtail writes it.
    entry = ModelLogEntry.objects.get(action="wagtail.publish", object_id=str(document.pk))
    assert entry.revision_id == document.live_revision_id and entry.user_id == lawyer.pk
    assert document in Document.objects.visible_to(client_a)
    assert OutgoingEmail.objects.filter(kind=SHARE_DIGEST, user=client_a).count() == 1


def test_the_dossier_screen_and_listings_stay_constant(client_a, lawyer_session):
    small = shared_dossier(client_a, items={"documents": 3, "invoices": 1})
    large = shared_dossier(client_a, items={"documents": 150, "invoices": 60})
    counts = {}
    lawyer_session.get(dossier_edit_url(small))  # the first request fills per-process caches
    for name, dossier in (("small", small), ("large", large)):
        with CaptureQueriesContext(connection) as editor:
            response = lawyer_session.get(dossier_edit_url(dossier))
        assert response.status_code == 200
        assert len(response.content) < 300_000
        with CaptureQueriesContext(connection) as listing:
            page = lawyer_session.get(listing_url(Invoice, dossier))
        assert page.status_code == 200
        counts[name] = (len(editor), len(listing))
    assert counts["small"] == counts["large"], counts


def test_the_listing_filters_drafts_and_searches(client_a, lawyer_session):
    dossier = shared_dossier(client_a, items={"documents": 3})
    (draft,) = drafts(dossier, 1)
    draft.title = "Projet de protocole"
    draft.save()
    shared = dossier.documents.filter(live=True).first().title
    html = lawyer_session.get(listing_url(Document, dossier, state="draft")).content.decode()
    assert "Projet de protocole" in html and f"{shared}<" not in html
    html = lawyer_session.get(listing_url(Document, dossier, q="protocole")).content.decode()
    assert "Projet de protocole" in html and f"{shared}<" not in html
    html = lawyer_session.get(listing_url(Document, dossier, state="shared")).content.decode()
    assert "Projet de protocole" not in html and shared in html
    other = shared_dossier(client_a, items={"documents": 1})
    html = lawyer_session.get(listing_url(Document, other)).content.decode()
    assert "Projet de protocole" not in html


def test_fan_out_writes_rows_per_item_and_per_client(client_a, django_capture_on_commit_callbacks):
    from clients.factories import ClientFactory

    clients = [client_a, *ClientFactory.create_batch(19, last_login=client_a.last_login)]
    dossier = shared_dossier(*clients)
    deliveries = DBTaskResult.objects.filter(task_path__endswith="deliver_due_emails")
    tasks_before = deliveries.count()
    for _ in range(5):
        batch = drafts(dossier, 20, factory=DocumentFactory)
        with django_capture_on_commit_callbacks(execute=True):
            publishing.publish(dossier, {Document: [item.pk for item in batch]})
    # 100 items to 20 clients: 20 digests (one per client), and one delivery task.
    assert OutgoingEmail.objects.filter(kind=SHARE_DIGEST).count() == 20
    assert deliveries.count() - tasks_before == 1


def test_invoice_items_publish_and_withdraw(client_a, lawyer_session):
    dossier = shared_dossier(client_a)
    invoice = InvoiceFactory(dossier=dossier, live=False, first_published_at=None)
    lawyer_session.post(
        bulk_url(Invoice, "publish_for_clients", [invoice.pk], listing_url(Invoice, dossier))
    )
    assert Invoice.objects.visible_to(client_a).count() == 1
    lawyer_session.post(
        bulk_url(Invoice, "withdraw_from_sharing", [invoice.pk], listing_url(Invoice, dossier))
    )
    assert Invoice.objects.visible_to(client_a).count() == 0


def test_an_item_says_plainly_what_its_clients_see(client_a, lawyer_session):
    dossier = shared_dossier(client_a, items={"documents": 1})
    (draft,) = drafts(dossier, 1)
    edit = reverse("wagtailsnippets_dossiers_document:edit", args=[draft.pk])
    html = lawyer_session.get(edit).content.decode()
    assert "Brouillon : vos clients ne voient pas encore cet élément." in html
    live = dossier.documents.get(live=True)
    html = lawyer_session.get(
        reverse("wagtailsnippets_dossiers_document:edit", args=[live.pk])
    ).content.decode()
    assert "Publié : les clients du dossier qui ont accès à cette catégorie" in html


def test_a_new_file_in_a_shared_items_draft_is_stored(client_a, lawyer_session):
    from django.core.files.storage import storages

    dossier = shared_dossier(client_a, items={"documents": 1})
    document = dossier.documents.get()
    edit = reverse("wagtailsnippets_dossiers_document:edit", args=[document.pk])
    data = {
        "dossier": dossier.pk,
        "title": "Version signée",
        "date": "02/01/2027",
        "file": upload("Version signée.pdf"),
    }
    assert lawyer_session.post(edit, data).status_code == 302
    draft = Document.objects.get(pk=document.pk).get_latest_revision_as_object()
    assert draft.filename == "Version signée.pdf"
    assert storages["private"].exists(draft.file.name)
    # Clients still get the published file until the draft is published.
    assert Document.objects.visible_to(client_a).get().file.name != draft.file.name


def upload_url(dossier):
    return reverse("dossiers_admin:documents_upload", args=[dossier.pk])


def test_many_documents_dropped_at_once_become_editable_drafts(client_a, client_b, lawyer_session):
    dossier = shared_dossier(client_a)
    assert "Ajouter plusieurs documents" in lawyer_session.get(upload_url(dossier)).content.decode()
    files = [
        upload("Conclusions récapitulatives.pdf"),
        upload("Photo du constat.png", PNG, "image/png"),
        upload("Note d'honoraires.txt", "Détail des diligences.\n".encode(), "text/plain"),
    ]
    # As a browser posts it: the CSRF check reads the body once the limits are in place.
    lawyer_session.handler.enforce_csrf_checks = True
    form = lawyer_session.get(upload_url(dossier)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = lawyer_session.post(
        upload_url(dossier), {"files": files, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert response.url == listing_url(Document, dossier, state="draft")
    drafts_made = Document.objects.filter(dossier=dossier).order_by("title")
    assert [d.title for d in drafts_made] == [
        "Conclusions récapitulatives",
        "Note d'honoraires",
        "Photo du constat",
    ]
    assert all(
        not d.live and d.latest_revision_id and d.date == timezone.localdate() for d in drafts_made
    )
    assert not Document.objects.visible_to(client_a).exists()
    html = lawyer_session.get(response.url).content.decode()
    assert "Conclusions récapitulatives" in html
    # Each title and date stays editable before publishing.
    first = drafts_made[0]
    edit = reverse("wagtailsnippets_dossiers_document:edit", args=[first.pk])
    data = {
        "dossier": dossier.pk,
        "title": "Conclusions n°2",
        "date": "15/01/2027",
        "csrfmiddlewaretoken": token,
    }
    assert lawyer_session.post(edit, data).status_code == 302
    first.refresh_from_db()
    assert (first.title, str(first.date), first.live) == ("Conclusions n°2", "2027-01-15", False)


def test_one_refused_file_adds_nothing(client_a, lawyer_session):
    from django.core.files.storage import storages

    dossier = shared_dossier(client_a)
    stored_before = (
        storages["private"].listdir("documents")[1]
        if storages["private"].exists("documents")
        else []
    )
    files = [
        upload("Pièce 1.pdf"),
        upload("facture.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "application/pdf"),
    ]
    response = lawyer_session.post(upload_url(dossier), {"files": files})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Rien n'a été ajouté" in text.replace("&#x27;", "'")
    assert "facture.pdf" in text
    assert not Document.objects.exists()
    stored_after = (
        storages["private"].listdir("documents")[1]
        if storages["private"].exists("documents")
        else []
    )
    assert stored_after == stored_before


def test_adding_many_documents_takes_the_right_to_add_documents(client, client_a, lawyer):
    from django.contrib.auth.models import Permission

    from clients.factories import UserFactory

    dossier = shared_dossier(client_a)
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    # A client is sent to the admin's login, a staff member without the right to the
    # admin's home (Wagtail's answer to a permission denied).
    for user, sent_to in ((client_a, "/admin/login/"), (staff, "/admin/")):
        client.force_login(user)
        response = client.post(upload_url(dossier), {"files": [upload()]})
        assert response.status_code == 302 and response.url.split("?")[0] == sent_to
    assert not Document.objects.exists()
    client.force_login(lawyer)
    assert client.get(upload_url(dossier).replace(str(dossier.pk), "99999")).status_code == 404


def test_a_chosen_file_is_kept_when_another_field_is_refused(client_a, lawyer_session):
    dossier = shared_dossier(client_a)
    url = reverse("wagtailsnippets_dossiers_invoice:add") + f"?dossier={dossier.pk}"
    content = b"%PDF-1.4\nFacture FA-2027-0002\n%%EOF\n"
    data = {
        "dossier": dossier.pk,
        "number": "FA-2027-0002",
        "amount": "480,00",
        "issue_date": "31/02/2027",  # no such day: refused on its field
        "status": "to_pay",
        "action-publish": "action-publish",
    }
    refused = lawyer_session.post(url, {**data, "pdf": upload("Facture FA-2027-0002.pdf", content)})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Facture FA-2027-0002.pdf" in html  # shown as the current file
    token = re.search(r'name="pdf-stored" value="([^"]+)"', html).group(1)
    assert not Invoice.objects.exists()

    # Sent again with the date corrected, without choosing the file again.
    response = lawyer_session.post(url, {**data, "issue_date": "15/01/2027", "pdf-stored": token})
    assert response.status_code == 302
    invoice = Invoice.objects.get(number="FA-2027-0002")
    assert invoice.pdf_filename == "Facture FA-2027-0002.pdf"
    assert str(invoice.issue_date) == "2027-01-15" and str(invoice.amount) == "480.00"
    with invoice.pdf.open("rb") as stored:
        assert stored.read() == content
    assert invoice in Invoice.objects.visible_to(client_a)
