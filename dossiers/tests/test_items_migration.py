"""The migration that took shared items out of the dossier's revisions, run both ways on
the demo data: what clients see stays visible, nothing is announced again, and a
dossier's unpublished draft keeps its item changes."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from demo.world import load_demo
from dossiers.models import ITEM_MODELS, Document, Dossier
from notifications.models import OutgoingEmail

BEFORE = [("dossiers", "0005_cancelled_dates")]
AFTER = [("dossiers", "0008_delete_announcement")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def shared_state():
    return {
        model.__name__: sorted(
            model.objects.filter(live=True).values_list("pk", "shared_at", "dossier_id")
        )
        for model in ITEM_MODELS.values()
    }


@pytest.mark.django_db(transaction=True)
def test_the_items_migration_runs_both_ways_on_the_demo_data():
    load_demo()
    shared = shared_state()
    assert sum(len(rows) for rows in shared.values()) >= 10
    emails = OutgoingEmail.objects.count()

    try:
        old = migrate(BEFORE)
        # Backward: the old first publication date is the share date, every row kept.
        OldDocument = old.get_model("dossiers", "Document")
        assert (
            sorted(OldDocument.objects.values_list("pk", "first_published_at", "dossier_id"))
            == shared["Document"]
        )
        # A lawyer's draft of the dossier, in the old design: one document renamed, one
        # added, neither published.
        OldDossier = old.get_model("dossiers", "Dossier")
        Revision = old.get_model("wagtailcore", "Revision")
        dossier = OldDossier.objects.get(reference="2017IIDOS/1529")
        renamed = OldDocument.objects.filter(dossier=dossier).order_by("pk").first()
        revision = Revision.objects.get(pk=dossier.latest_revision_id)
        content = {**revision.content}
        content["documents"] = [
            {
                "pk": row.pk,
                "dossier": dossier.pk,
                "title": "Titre corrigé" if row.pk == renamed.pk else row.title,
                "date": row.date.isoformat(),
                "file": row.file.name,
                "filename": row.filename,
                "file_size": row.file_size,
            }
            for row in OldDocument.objects.filter(dossier=dossier)
        ] + [
            {
                "pk": None,
                "dossier": dossier.pk,
                "title": "Pièce en préparation",
                "date": "2027-01-15",
                "file": renamed.file.name,
                "filename": "Piece.pdf",
                "file_size": 10,
            }
        ]
        draft = Revision.objects.create(
            content_type_id=revision.content_type_id,
            base_content_type_id=revision.base_content_type_id,
            object_id=revision.object_id,
            created_at=revision.created_at,
            content=content,
        )
        OldDossier.objects.filter(pk=dossier.pk).update(
            latest_revision=draft, has_unpublished_changes=True
        )
    finally:
        migrate(AFTER)
        # And every app back to its latest (migrating dossiers back undid what depends on
        # it, payments' own migrations among them): the next tests need the whole schema.
        executor = MigrationExecutor(connection)
        migrate(executor.loader.graph.leaf_nodes())

    # Forward again: the same items are shared, with the same dates; nothing announced.
    assert shared_state() == shared
    assert OutgoingEmail.objects.count() == emails
    # The draft's changes wait on the items: a revision of the renamed one, a new draft.
    document = Document.objects.get(pk=renamed.pk)
    assert document.live and document.has_unpublished_changes
    assert document.title != "Titre corrigé"
    assert document.get_latest_revision_as_object().title == "Titre corrigé"
    new = Document.objects.get(title="Pièce en préparation")
    assert not new.live and new.shared_at is None and str(new.date) == "2027-01-15"
    assert Dossier.objects.get(pk=dossier.pk).live
