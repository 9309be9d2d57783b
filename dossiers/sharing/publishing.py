"""Publishing: the one way shared items reach their clients, change, or leave them.

Every route ends in ``shared`` or ``withdrawn`` below, which send ``items_shared`` and
``items_withdrawn`` in the publish's transaction:

- « Publier pour les clients » and « Retirer du partage » on a selection (any mix of
  categories), a dossier's publish that takes its drafts along, and an invoice marked
  paid: ``publish``, ``withdraw`` and ``mark_paid``, which write in bulk (a constant
  number of statements, whatever the selection holds);
- Wagtail's publishing of one object (an item's editor, a revision restored there, the
  worker's scheduled publishing, « Retirer du partage » in the editor, an expiry) and any
  deletion: the receivers at the bottom, on Wagtail's and Django's signals.

Listeners: the page cache (``dossiers.signals``), the share digest (``announcements``),
the moved dates (``calendars``), and the stale Checkout pages (``payments.signals``).
They listen to these two signals and to nothing else for items; those that call out
(Stripe, email) do it once the transaction commits.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

from security.audit import record

from .models import Dossier, Invoice

logger = logging.getLogger(__name__)

# Items of dossier ``dossier_id`` are now live as they are: ``items`` {model: [ids]}; the
# models of ``newly_shared`` had items seen by clients for the first time (``shared_at``
# set to ``now``).
items_shared = Signal()
# Items of dossier ``dossier_id`` no longer reach its clients: ``items`` {model: [ids]};
# ``deleted`` when they are about to be deleted.
items_withdrawn = Signal()


class SelectionError(Exception):
    """A selection of items that cannot be acted on as a whole; nothing was changed."""


def shared(dossier_id, items, now, newly_shared=None):
    """``items`` ({model: ids}) of dossier ``dossier_id`` went live as they now are: those
    its clients see for the first time get their ``shared_at``, and the listeners hear it.

    ``newly_shared``: the models whose items got their ``shared_at`` already (``publish``
    sets it with the publish itself); None, it is set here (one UPDATE per model).
    """
    items = {model: list(ids) for model, ids in items.items() if ids}
    if newly_shared is None:
        newly_shared = [
            model
            for model, ids in items.items()
            if model.objects.filter(
                pk__in=ids, live=True, shared_at__isnull=True, dossier__live=True
            ).update(shared_at=now)
        ]
    if items:
        items_shared.send(
            sender=Dossier, dossier_id=dossier_id, items=items, newly_shared=newly_shared, now=now
        )


def withdrawn(dossier_id, items, now, deleted=False):
    """``items`` ({model: ids}) of dossier ``dossier_id`` no longer reach its clients."""
    items = {model: list(ids) for model, ids in items.items() if ids}
    if items:
        items_withdrawn.send(
            sender=Dossier, dossier_id=dossier_id, items=items, deleted=deleted, now=now
        )


def _selection(dossier, selection):
    """The dossier as it is now, and ``selection``'s items ({model: ids}) of it, locked.

    An id of another dossier (or of nothing) refuses the whole selection, so that no
    tampered id reaches another dossier. Locking the dossier first orders a selection's
    publish after (or before) a publish of the dossier itself.
    """
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    found = {}
    for model, ids in selection.items():
        try:
            ids = {int(pk) for pk in ids}
        except (TypeError, ValueError) as error:
            raise SelectionError from error
        if not ids:
            continue
        items = list(
            model.objects.select_for_update().filter(dossier=dossier, pk__in=ids).order_by("pk")
        )
        if len(items) != len(ids):
            raise SelectionError
        found[model] = items
    if not found:
        raise SelectionError
    return dossier, found


def log_items(entries, action, by, now):
    """Each item's history (Wagtail's log), in one INSERT for the whole selection:
    ``entries`` is {model: items}."""
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            object_id=str(item.pk),
            label=str(item)[:255],
            action=action,
            user=by,
            revision_id=item.latest_revision_id if action.startswith("wagtail.publish") else None,
            timestamp=now,
            data={},
            content_changed=action.startswith("wagtail.publish"),
        )
        for model, items in entries.items()
        for item in items
    )


def _publish_model(dossier, model, items, now, revisions):
    """Make each item's latest draft its live version, in bulk; returns the items
    published and whether one was seen by clients for the first time."""
    drafts = [item for item in items if not item.live]
    changed = [item for item in items if item.live and item.has_unpublished_changes]
    first_time = dossier.live and any(item.shared_at is None for item in drafts + changed)
    if drafts:
        model.objects.filter(pk__in=[item.pk for item in drafts]).update(
            live=True,
            has_unpublished_changes=False,
            expired=False,
            live_revision=F("latest_revision"),
            last_published_at=now,
            first_published_at=Coalesce("first_published_at", now),
            **({"shared_at": Coalesce("shared_at", now)} if dossier.live else {}),
        )
    if changed:
        published_items = []
        for item in changed:
            live = item
            if (revision := revisions.get(item.latest_revision_id)) is not None:
                item.latest_revision = revision  # what with_content_json keeps: no query
                live = item.with_content_json(revision.content)
            live.live, live.has_unpublished_changes, live.expired = True, False, False
            live.live_revision_id, live.last_published_at = item.latest_revision_id, now
            if dossier.live and live.shared_at is None:
                live.shared_at = now
            published_items.append(live)
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if not field.primary_key and field.name != "dossier"
        ]
        model.objects.bulk_update(published_items, fields)
    return drafts + changed, first_time


@transaction.atomic
def publish(dossier, selection, by=None):
    """« Publier pour les clients »: each selected item's latest draft becomes its live
    version (its own revision, or the row of an item not live), in bulk, with its log
    entries, in one transaction. ``selection`` is {model: ids}, any mix of categories.

    A constant number of statements, whatever the selection or the dossier holds (no
    per-item ``revision.publish()``). Returns the number of items published.
    """
    dossier, found = _selection(dossier, selection)
    now = timezone.now()
    revision_ids = [
        item.latest_revision_id
        for items in found.values()
        for item in items
        if item.live and item.has_unpublished_changes and item.latest_revision_id
    ]
    revisions = Revision.objects.in_bulk(revision_ids) if revision_ids else {}
    done, newly_shared = {}, []
    for model, items in found.items():
        published_items, first_time = _publish_model(dossier, model, items, now, revisions)
        if published_items:
            done[model] = published_items
        if first_time:
            newly_shared.append(model)
    if not done:
        return 0
    log_items(done, "wagtail.publish", by, now)
    shared(
        dossier.pk,
        {model: [item.pk for item in items] for model, items in done.items()},
        now,
        newly_shared=newly_shared,
    )
    record(
        "espace.publish",
        dossier,
        user=by,
        published={model.category.value: len(items) for model, items in done.items()},
    )
    return sum(len(items) for items in done.values())


@transaction.atomic
def withdraw(dossier, selection, by=None):
    """« Retirer du partage »: clients no longer see these items (their drafts stay).
    ``selection`` is {model: ids}. Returns the number of items withdrawn."""
    dossier, found = _selection(dossier, selection)
    now = timezone.now()
    done = {}
    for model, items in found.items():
        live = [item for item in items if item.live]
        if live:
            model.objects.filter(pk__in=[item.pk for item in live]).update(
                live=False, has_unpublished_changes=True, live_revision=None
            )
            done[model] = live
    if not done:
        return 0
    log_items(done, "wagtail.unpublish", by, now)
    withdrawn(
        dossier.pk, {model: [item.pk for item in items] for model, items in done.items()}, now
    )
    record(
        "espace.withdraw",
        dossier,
        user=by,
        withdrawn={model.category.value: len(items) for model, items in done.items()},
    )
    return sum(len(items) for items in done.values())


@transaction.atomic
def mark_paid(invoice, by=None):
    """« Marquée payée »: the invoice settled outside the portal (or a payment the firm
    accepted). Its draft says so too, and if clients see it, they see it paid now,
    through ``publish`` (a draft waiting with other changes stays a draft). Returns
    whether anything changed."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    draft = invoice.get_latest_revision_as_object()
    if invoice.status == Invoice.Status.PAID and draft.status == Invoice.Status.PAID:
        return False
    was_waiting = invoice.live and invoice.has_unpublished_changes
    draft.status = Invoice.Status.PAID
    draft.save_revision(user=by, clean=False)
    if not invoice.live:
        return True
    if was_waiting:
        # Only the status goes live: the other changes wait for the lawyer's publish.
        Invoice.objects.filter(pk=invoice.pk).update(status=Invoice.Status.PAID)
        shared(invoice.dossier_id, {Invoice: [invoice.pk]}, timezone.now(), newly_shared=[])
        return True
    publish(invoice.dossier, {Invoice: [invoice.pk]}, by=by)
    return True
