"""Operations on dossiers that change several things at once, each in one transaction."""

import logging
import os

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

from notifications.models import OutgoingEmail
from notifications.services import queue_email
from portal_pages.cache import invalidate
from security import antivirus
from security.audit import record

from . import quotas
from .announcements import announce, pending_email
from .files import commit_private_files
from .models import ITEM_MODELS, Deposit, Document, Dossier, DossierAccess, Message, Reply

logger = logging.getLogger(__name__)


def record_shares(dossier_id, model, ids, now):
    """Items ``ids`` of ``model`` were just published in dossier ``dossier_id``: tell their
    clients, in the publish's transaction. In a live dossier, those seen for the first
    time get their ``shared_at`` and go in their clients' digests; a shared rendez-vous or
    procedure date whose date, time or place changed (or that was cancelled) is told at
    once. A constant number of queries, whatever the dossier holds.
    """
    newly_shared = model.objects.filter(
        pk__in=ids, live=True, shared_at__isnull=True, dossier__live=True
    ).update(shared_at=now)
    if hasattr(model, "announced_as"):
        tell_date_changes(dossier_id, model, ids, now)
    announce(dossier_id, [model.category.value] if newly_shared else [], now)


@transaction.atomic(savepoint=False)
def record_dossier_publication(dossier, by=None):
    """A dossier's publish: if it just went live, its live items are shared and announced
    (one UPDATE per kind of item; what each item says was recorded when it was published)."""
    now = timezone.now()
    shared = [
        model.category.value
        for model in ITEM_MODELS.values()
        if model.objects.filter(dossier=dossier, live=True, shared_at__isnull=True).update(
            shared_at=now
        )
    ]
    announce(dossier.pk, shared, now)
    record("espace.publish", dossier, user=by)


@transaction.atomic(savepoint=False)
def record_item_publication(item):
    """One item published from its editor (Wagtail's log records the publish itself)."""
    record_shares(item.dossier_id, type(item), [item.pk], timezone.now())


DATE_CHANGED = "date_changed"


def tell_date_changes(dossier_id, model, ids, now):
    """Email the clients of a shared rendez-vous or procedure date that moved (day, time,
    place) or was cancelled: an essential email, whatever their choice of notifications.
    A newly shared one is in the share digest instead.

    Each publish records what the item says (``announced_as``), shared or not yet: so a
    dossier's publish, which shares its items as they are, has nothing to record."""
    told = []
    changed = []
    items = model.objects.filter(pk__in=ids, live=True).annotate(seen=F("dossier__live"))
    for item in items:
        fingerprint = item.fingerprint()
        if item.announced_as == fingerprint:
            continue
        if item.announced_as and item.shared_at not in (None, now) and item.seen:
            changed.append(item)
        item.announced_as = fingerprint
        told.append(item)
    model.objects.bulk_update(told, ["announced_as"])
    if not changed:
        return
    accesses = DossierAccess.objects.filter(
        dossier_id=dossier_id, client__is_active=True, **{model.category.access_field: True}
    ).select_related("client")
    for access in accesses:
        for item in changed:
            queue_email(
                DATE_CHANGED,
                access.client.email,
                user=access.client,
                context={"category": model.category.value, "item": item.pk},
            )


def log_items(model, items, action, by, now):
    """Each item's history (Wagtail's log), in one insert for the whole selection."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            object_id=str(item.pk),
            label=str(item)[:255],
            action=action,
            user=by,
            revision_id=item.latest_revision_id if action == "wagtail.publish" else None,
            timestamp=now,
            data={},
            content_changed=action == "wagtail.publish",
        )
        for item in items
    )


class SelectionError(Exception):
    """A selection of items that cannot be acted on as a whole; nothing was changed."""


def _selection(dossier, model, ids):
    """The dossier as it is now, and the items ``ids`` of it, locked; an id of another
    dossier (or of nothing) refuses the whole selection, so that no tampered id reaches
    another dossier. Locking the dossier first orders a selection's publish after (or
    before) a publish of the dossier itself."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    ids = {int(pk) for pk in ids}
    items = list(
        model.objects.select_for_update().filter(dossier=dossier, pk__in=ids).order_by("pk")
    )
    if not ids or len(items) != len(ids):
        raise SelectionError
    return dossier, items


@transaction.atomic
def publish_items(dossier, model, ids, by=None):
    """« Publier pour les clients » for a selection of one dossier's items of one kind.

    Each item's latest draft becomes its live version (its own revision, or the row of an
    item not live), in bulk, with its log entries and the announcement, in one
    transaction: about 20 queries, whatever the selection or the dossier holds.
    Returns the number of items published.
    """
    dossier, items = _selection(dossier, model, ids)
    now = timezone.now()
    drafts = [item for item in items if not item.live]
    changed = [item for item in items if item.live and item.has_unpublished_changes]
    if drafts:
        model.objects.filter(pk__in=[item.pk for item in drafts]).update(
            live=True,
            has_unpublished_changes=False,
            expired=False,
            live_revision=F("latest_revision"),
            last_published_at=now,
            first_published_at=Coalesce("first_published_at", now),
        )
    if changed:
        revisions = Revision.objects.in_bulk(
            [item.latest_revision_id for item in changed if item.latest_revision_id]
        )
        published = []
        for item in changed:
            live = item
            if (revision := revisions.get(item.latest_revision_id)) is not None:
                item.latest_revision = revision  # what with_content_json keeps: no query
                live = item.with_content_json(revision.content)
            live.live, live.has_unpublished_changes, live.expired = True, False, False
            live.live_revision_id, live.last_published_at = item.latest_revision_id, now
            published.append(live)
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if not field.primary_key and field.name not in ("dossier", "shared_at")
        ]
        model.objects.bulk_update(published, fields)
    done = drafts + changed
    log_items(model, done, "wagtail.publish", by, now)
    record_shares(dossier.pk, model, [item.pk for item in done], now)
    if done:
        record("espace.publish", dossier, user=by, published={model.category.value: len(done)})
        invalidate()
    return len(done)


@transaction.atomic
def withdraw_items(dossier, model, ids, by=None):
    """« Retirer du partage »: clients no longer see these items (their drafts stay)."""
    dossier, selection = _selection(dossier, model, ids)
    items = [item for item in selection if item.live]
    model.objects.filter(pk__in=[item.pk for item in items]).update(
        live=False, has_unpublished_changes=True, live_revision=None
    )
    log_items(model, items, "wagtail.unpublish", by, timezone.now())
    if items:
        record("espace.withdraw", dossier, user=by, withdrawn={model.category.value: len(items)})
        invalidate()
    return len(items)


def scan_deposit(deposit):
    """Scan one waiting deposit: clean, it becomes available; infected, its file goes."""
    with deposit.file.open("rb") as handle:
        found = antivirus.scan(handle)
    # The client's pages show a deposit's state (cached: made again).
    if found is None:
        Deposit.objects.filter(pk=deposit.pk).update(scan_status=Deposit.Scan.CLEAN)
        invalidate()
        return Deposit.Scan.CLEAN
    deposit.file.storage.delete(deposit.file.name)
    Deposit.objects.filter(pk=deposit.pk).update(scan_status=Deposit.Scan.INFECTED)
    invalidate()
    logger.warning("Deposit %s infected (%s): file deleted", deposit.pk, found)
    return Deposit.Scan.INFECTED


def rescan_pending_deposits():
    """Scan every deposit still waiting; returns how many were settled. The scanner down,
    they keep waiting (and are not served) until the next try."""
    if not antivirus.configured():
        return 0
    settled = 0
    for deposit in Deposit.objects.filter(scan_status=Deposit.Scan.PENDING):
        try:
            scan_deposit(deposit)
            settled += 1
        except antivirus.ScannerUnavailable:
            break
    return settled


DEPOSIT_ALERT = "deposit_alert"
MESSAGE_ALERT = "message_alert"
MESSAGE_ANSWER = "message_answer"


def deposit_files(dossier, client, checked_files):
    """Store a client's deposit: every file and its row, and tell the lawyer, or nothing.

    ``checked_files`` come from ``uploads.check_request`` (and the antivirus, when one
    is configured: a file it could not scan yet waits, unavailable, for a later scan).
    Files are streamed from the upload's temporary file to the private storage; if
    anything fails, the files already stored are removed and no row remains. A deposit
    past the client's daily quota raises ``quotas.QuotaExceeded`` before anything is
    stored: checked and stored under a lock on the client, so concurrent deposits queue.
    """

    deposits = []
    try:
        with transaction.atomic():
            quotas.lock_client(client)
            quotas.deposit_allowance(client).check(
                sum(checked.size for checked in checked_files), len(checked_files)
            )
            for checked in checked_files:
                deposit = Deposit(
                    dossier=dossier,
                    client=client,
                    file=checked.upload,
                    content_type=checked.content_type,
                    scan_status=checked.scan_status,
                )
                deposit.save()
                deposits.append(deposit)
                record(
                    "espace.deposit",
                    deposit,
                    user=client,
                    dossier=dossier.reference,
                    size=deposit.file_size,
                )
            # A file the scanner could not reach waits (unserved) for the worker's sweep.
            alert_lawyer(dossier, deposits)
    except BaseException:
        for deposit in deposits:
            deposit.file.storage.delete(deposit.file.name)
        raise
    return deposits


def alert_lawyer(dossier, deposits):
    """Add ``deposits`` to the lawyer's pending alert for this dossier (or a new one).

    The drop zone sends one request per file: the files a client drops together, and
    whatever else is deposited in the dossier within the quiet period of shares, go in
    one email that lists them all.
    """
    lawyer = dossier.interlocutor
    alert = pending_email(DEPOSIT_ALERT, lawyer, timezone.now(), key={"dossier": dossier.pk})
    context = {**alert.context, "deposits": [*alert.context.get("deposits", [])]}
    context["deposits"] += [deposit.pk for deposit in deposits]
    OutgoingEmail.objects.filter(pk=alert.pk).update(context=context)
    return alert


@transaction.atomic
def send_message(dossier, client, subject, body):
    """Store the client's message and email it to the dossier's interlocutor.

    Past MESSAGES_PER_HOUR raises ``quotas.QuotaExceeded``: nothing stored, nobody emailed.
    """

    quotas.lock_client(client)
    quotas.check_message(client)
    message = Message.objects.create(dossier=dossier, client=client, subject=subject, body=body)
    record("espace.message", message, user=client, dossier=dossier.reference)
    lawyer = dossier.interlocutor
    queue_email(MESSAGE_ALERT, lawyer.email, user=lawyer, context={"message": message.pk})
    return message


@transaction.atomic
def answer_message(message, lawyer, body):
    """Answer a client's message: stored, shown in the portal, emailed; the message is handled."""

    reply = Reply.objects.create(message=message, author=lawyer, body=body)
    record("espace.answer", message, user=lawyer, dossier=message.dossier.reference)
    Message.objects.filter(pk=message.pk, handled_at__isnull=True).update(
        handled_at=timezone.now(), handled_by=lawyer
    )
    invalidate()
    queue_email(
        MESSAGE_ANSWER, message.client.email, user=message.client, context={"reply": reply.pk}
    )
    return reply


def mark_handled(message, lawyer, handled=True):
    Message.objects.filter(pk=message.pk).update(
        handled_at=timezone.now() if handled else None, handled_by=lawyer if handled else None
    )
    invalidate()


@transaction.atomic
def share_deposit(deposit, lawyer):
    """Copy a deposited file into a draft document of its dossier, for the lawyer to share.

    The lawyer reviews the draft and publishes it: publishing stays the only way an
    item reaches clients (and the email that announces it).
    """
    if not deposit.is_available:
        raise ValueError("A deposit that is not scanned clean cannot be shared.")
    with deposit.file.open("rb") as source:
        # A copy under its own name: the shared document and the deposit live apart.
        document = draft_document(deposit.dossier, File(source, name=deposit.filename), lawyer)
    Deposit.objects.filter(pk=deposit.pk).update(added_to_draft_at=timezone.now())
    return document


def draft_documents(dossier, checked_files, by):
    """The files a lawyer dropped on a dossier, each a draft document to review and publish
    (``checked_files`` from ``uploads.check_request``, the deposits' checks): all of them,
    or nothing stored."""
    documents = []
    try:
        with transaction.atomic():
            for checked in checked_files:
                documents.append(draft_document(dossier, checked.upload, by))
    except BaseException:
        for document in documents:
            document.file.storage.delete(document.file.name)
        raise
    return documents


def draft_document(dossier, file, by):
    """A draft document of ``dossier`` holding ``file``, titled from its name and dated
    today, with its first revision: for the lawyer to review, edit and publish."""
    document = Document(
        dossier=dossier,
        title=os.path.splitext(os.path.basename(file.name))[0][:255] or file.name[:255],
        date=timezone.localdate(),
        file=file,
        live=False,
    )
    commit_private_files(document)
    document.save()
    document.save_revision(user=by, log_action="wagtail.create", clean=False)
    return document
