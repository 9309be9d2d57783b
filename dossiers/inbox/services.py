"""What clients send, and the firm's answers: each operation in one transaction."""

import logging

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from notifications.gathering import gather
from notifications.services import queue_email
from portal_pages.cache import invalidate
from security import antivirus
from security.audit import record

from ..sharing.drafts import draft_document
from . import quotas
from .models import Deposit, Message, Reply

logger = logging.getLogger(__name__)


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
    return gather(
        DEPOSIT_ALERT,
        dossier.interlocutor,
        timezone.now(),
        key={"dossier": dossier.pk},
        add={"deposits": [deposit.pk for deposit in deposits]},
    )


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
