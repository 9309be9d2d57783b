"""Shared items leave the dossier's revisions: each is published on its own.

Forward, for every item:
- ``shared_at`` is the date its clients were first told of it (the old
  ``first_published_at``), so that nothing is announced twice;
- it is live if it was ever shared, or sits in a live dossier: what clients see today
  stays visible;
- a live dossier's pending draft keeps its item changes: a changed item gets a revision
  of its own holding the draft, an item only in the draft becomes a draft item;
- a share digest waiting to go gathers from its first announcement.

Backward, the old ``first_published_at`` is ``shared_at`` again, and items that are not
live in a live dossier (drafts, withdrawn items) are deleted: in the old design every row
of a live dossier is visible. Back up before migrating either way.
"""

import datetime

from django.db import migrations
from django.db.models import F, Min
from django.utils import timezone

ITEMS = {
    "documents": "Document",
    "appointments": "Appointment",
    "procedure_dates": "ProcedureDate",
    "invoices": "Invoice",
}
LIFE_FIELDS = {
    "id", "dossier", "first_published_at", "announced_as", "shared_at", "live",
    "has_unpublished_changes", "last_published_at", "live_revision", "latest_revision",
    "go_live_at", "expire_at", "expired",
}


def _value(field, raw):
    return None if raw is None else field.to_python(raw)


def _row_value(field, row):
    value = getattr(row, field.attname)
    return getattr(value, "name", value) if field.get_internal_type() == "FileField" else value


def _move_pending_drafts(apps, dossier, now):
    """Keep the item changes of a live dossier's unpublished draft, on the items."""
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    draft = Revision.objects.filter(pk=dossier.latest_revision_id).first()
    if draft is None:
        return
    for relation, name in ITEMS.items():
        Model = apps.get_model("dossiers", name)
        content_type, _ = ContentType.objects.get_or_create(
            app_label="dossiers", model=name.lower()
        )
        fields = {
            field.name: field
            for field in Model._meta.concrete_fields
            if field.name not in LIFE_FIELDS
        }
        rows = Model.objects.in_bulk(
            [data["pk"] for data in draft.content.get(relation, []) if data.get("pk")]
        )
        for data in draft.content.get(relation, []):
            values = {
                name: _value(field, data.get(name)) for name, field in fields.items()
                if name in data
            }
            row = rows.get(data.get("pk"))
            if row is None:
                Model.objects.create(
                    dossier_id=dossier.pk, live=False, has_unpublished_changes=True,
                    **{fields[name].attname: value for name, value in values.items()},
                )
                continue
            if all(_row_value(fields[name], row) == value for name, value in values.items()):
                continue
            content = {**data, "pk": row.pk, "dossier": dossier.pk, "live": True}
            revision = Revision.objects.create(
                content_type=content_type,
                base_content_type=content_type,
                object_id=str(row.pk),
                created_at=draft.created_at,
                user_id=draft.user_id,
                object_str=draft.object_str,
                content=content,
            )
            Model.objects.filter(pk=row.pk).update(
                latest_revision=revision, has_unpublished_changes=True
            )


def forward(apps, schema_editor):
    now = timezone.now()
    Dossier = apps.get_model("dossiers", "Dossier")
    for name in ITEMS.values():
        Model = apps.get_model("dossiers", name)
        Model.objects.update(shared_at=F("first_published_at"))
        Model.objects.filter(first_published_at__isnull=True, dossier__live=False).update(
            live=False, has_unpublished_changes=True
        )
        # Live but never dated (a publish whose announcement failed): visible today,
        # so shared now, and not announced again.
        Model.objects.filter(first_published_at__isnull=True, dossier__live=True).update(
            shared_at=now
        )
        Model.objects.filter(live=True, first_published_at__isnull=True).update(
            first_published_at=now
        )
        Model.objects.filter(live=True).update(last_published_at=F("first_published_at"))
    for dossier in Dossier.objects.filter(live=True, has_unpublished_changes=True):
        _move_pending_drafts(apps, dossier, now)
    # A waiting digest gathers what was shared from its first announcement on.
    OutgoingEmail = apps.get_model("notifications", "OutgoingEmail")
    Announcement = apps.get_model("dossiers", "Announcement")
    for email in OutgoingEmail.objects.filter(kind="share_digest", status="queued"):
        first = Announcement.objects.filter(email=email).aggregate(at=Min("created_at"))["at"]
        since = (first or email.created_at) - datetime.timedelta(seconds=1)
        email.context = {**email.context, "since": since.isoformat()}
        email.save(update_fields=["context"])


def backward(apps, schema_editor):
    for name in ITEMS.values():
        Model = apps.get_model("dossiers", name)
        Model.objects.filter(live=False, dossier__live=True).delete()
        Model.objects.update(first_published_at=F("shared_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0006_items_published_on_their_own"),
        ("notifications", "0002_announcement_moves_to_dossiers"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
