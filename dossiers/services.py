"""Operations on dossiers that change several things at once, each in one transaction."""

import logging
import os

from django.core.files.base import File
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from notifications.models import OutgoingEmail
from notifications.services import queue_email
from security import antivirus
from security.audit import record

from . import quotas
from .announcements import announce, pending_email
from .files import commit_private_files
from .models import (
    ITEM_MODELS,
    Appointment,
    Deposit,
    Document,
    Dossier,
    DossierAccess,
    Message,
    ProcedureDate,
    Reply,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def record_publication(dossier, by=None):
    """Date the items that this publish shares for the first time, and tell their clients.

    Returns ``{category: [item ids]}`` of the newly shared items.
    """

    now = timezone.now()
    newly_shared = {}
    for category, model in ITEM_MODELS.items():
        fresh = model.objects.filter(dossier=dossier, first_published_at__isnull=True)
        ids = list(fresh.values_list("pk", flat=True))
        if ids:
            model.objects.filter(pk__in=ids).update(first_published_at=now)
            newly_shared[category.value] = ids
    announce(dossier, newly_shared)
    tell_date_changes(dossier, newly_shared)
    record(
        "espace.publish",
        dossier,
        user=by,
        newly_shared={category: len(ids) for category, ids in newly_shared.items()},
    )
    return newly_shared


DATE_CHANGED = "date_changed"


def tell_date_changes(dossier, newly_shared):
    """Email the clients of a shared rendez-vous or procedure date that moved (day, time,
    place) or was cancelled: an essential email, whatever their choice of notifications.
    A newly shared one is in the share digest instead."""
    accesses = list(
        DossierAccess.objects.filter(dossier=dossier, client__is_active=True).select_related(
            "client"
        )
    )
    for model in (Appointment, ProcedureDate):
        new = set(newly_shared.get(model.category.value, []))
        told = []
        for item in model.objects.filter(dossier=dossier, first_published_at__isnull=False):
            fingerprint = item.fingerprint()
            if item.announced_as == fingerprint:
                continue
            if item.announced_as and item.pk not in new:
                for access in accesses:
                    if getattr(access, model.category.access_field):
                        queue_email(
                            DATE_CHANGED,
                            access.client.email,
                            user=access.client,
                            context={"category": model.category.value, "item": item.pk},
                        )
            item.announced_as = fingerprint
            told.append(item)
        model.objects.bulk_update(told, ["announced_as"])


def announce_forgotten_publications():
    """Date and announce items of live dossiers that a publish left undated.

    Publishing commits the dossier, then record_publication runs; if that second step
    failed, the items are live but nobody was told. The worker's sweep calls this.
    """
    undated = Q()
    for model in ITEM_MODELS.values():
        undated |= Exists(
            model.objects.filter(dossier=OuterRef("pk"), first_published_at__isnull=True)
        )
    count = 0
    for dossier in Dossier.objects.filter(undated, live=True):
        record_publication(dossier)
        count += 1
    return count


def scan_deposit(deposit):
    """Scan one waiting deposit: clean, it becomes available; infected, its file goes."""
    with deposit.file.open("rb") as handle:
        found = antivirus.scan(handle)
    if found is None:
        Deposit.objects.filter(pk=deposit.pk).update(scan_status=Deposit.Scan.CLEAN)
        return Deposit.Scan.CLEAN
    deposit.file.storage.delete(deposit.file.name)
    Deposit.objects.filter(pk=deposit.pk).update(scan_status=Deposit.Scan.INFECTED)
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
    queue_email(
        MESSAGE_ANSWER, message.client.email, user=message.client, context={"reply": reply.pk}
    )
    return reply


def mark_handled(message, lawyer, handled=True):
    Message.objects.filter(pk=message.pk).update(
        handled_at=timezone.now() if handled else None, handled_by=lawyer if handled else None
    )


@transaction.atomic
def share_deposit(deposit, lawyer):
    """Add a copy of a deposited file to the dossier's draft as a document to share.

    The lawyer reviews the draft and publishes it: publishing stays the only way an
    item reaches clients (and the email that announces it).
    """
    if not deposit.is_available:
        raise ValueError("A deposit that is not scanned clean cannot be shared.")
    dossier = Dossier.objects.select_for_update().get(pk=deposit.dossier_id)
    draft = dossier.get_latest_revision_as_object()
    with deposit.file.open("rb") as source:
        # A copy under its own name: the shared document and the deposit live apart.
        document = Document(
            title=os.path.splitext(deposit.filename)[0][:255],
            date=timezone.localdate(),
            file=File(source, name=deposit.filename),
        )
        commit_private_files(document)
    draft.documents.add(document)
    revision = draft.save_revision(user=lawyer, log_action=True)
    Deposit.objects.filter(pk=deposit.pk).update(added_to_draft_at=timezone.now())
    return revision
