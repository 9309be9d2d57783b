"""« Télécharger tout le dossier »: what a client may see of a dossier, in one streamed ZIP.

The archive is written as it is sent (the standard library's zipfile on a stream that
cannot seek: sizes and checksums go after each file), from the private storage in
chunks, so the server's memory stays flat whatever the dossier's size. It holds the
documents the client may see, the invoices' PDFs if they may see invoices, the client's
own deposits that the antivirus passed, and « sommaire.csv », which lists each file with
its date. Names are the items' own, made safe, dated, and numbered when they repeat.
"""

import csv
import io
import logging
import os
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _

from common.spreadsheets import safe_cell

from ..files import display_filename
from ..inbox.models import Deposit
from ..sharing.models import Document, Invoice

CHUNK = 256 * 1024
logger = logging.getLogger(__name__)


class _Pipe(io.RawIOBase):
    """Where zipfile writes: what it wrote is taken out as the next piece of the response."""

    def __init__(self):
        self.pieces = []

    def writable(self):
        return True

    def write(self, data):
        self.pieces.append(bytes(data))
        return len(data)

    def take(self):
        data = b"".join(self.pieces)
        self.pieces.clear()
        return data


class _Names:
    """Safe, unique names inside the archive: « Conclusions (2).pdf » for a second one."""

    def __init__(self):
        self.seen = set()

    def __call__(self, folder, name):
        # A title may hold a slash (« Pièce 1/2 »): it is no folder in the archive.
        stem, ext = os.path.splitext(display_filename(name.replace("/", "-"), max_length=150))
        candidate, number = f"{folder}/{stem}{ext}", 1
        while candidate.lower() in self.seen:
            number += 1
            candidate = f"{folder}/{stem} ({number}){ext}"
        self.seen.add(candidate.lower())
        return candidate


def _dated(day, title, filename):
    ext = os.path.splitext(filename or "")[1].lower() or ".pdf"
    return f"{day:%Y-%m-%d} {title}{ext}"


def entries(client, dossier, documents_only=False):
    """(name in the archive, field file, date, what it is) for everything the archive holds."""
    names = _Names()
    found = []
    for document in (
        Document.objects.visible_to(client).filter(dossier=dossier).order_by("date", "pk")
    ):
        name = names(_("Documents"), _dated(document.date, document.title, document.filename))
        found.append((name, document.file, document.date, _("Document")))
    if documents_only:
        return found
    invoices = Invoice.objects.visible_to(client).filter(dossier=dossier).exclude(pdf="")
    for invoice in invoices.order_by("issue_date", "pk"):
        title = _("Invoice %(number)s") % {"number": invoice.number}
        name = names(_("Invoices"), _dated(invoice.issue_date, title, invoice.pdf_filename))
        found.append((name, invoice.pdf, invoice.issue_date, _("Invoice")))
    deposits = Deposit.objects.for_client(client).filter(
        dossier=dossier, scan_status__in=Deposit.AVAILABLE
    )
    for deposit in deposits.order_by("created_at", "pk"):
        day = timezone.localdate(deposit.created_at)
        name = names(_("My deposits"), f"{day:%Y-%m-%d} {deposit.filename}")
        found.append((name, deposit.file, day, _("My deposit")))
    return found


def _summary(dossier, found):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow([_("Dossier"), _("Kind"), _("Date"), _("File")])
    for name, _file, day, kind in found:
        writer.writerow([safe_cell(str(dossier)), kind, f"{day:%d/%m/%Y}", safe_cell(name)])
    return ("\ufeff" + text.getvalue()).encode("utf-8")  # the BOM tells spreadsheets UTF-8


def stream(dossier, found):
    """The archive's bytes, piece by piece, reading each file in chunks."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        archive.writestr(_("summary.csv"), _summary(dossier, found))
        yield pipe.take()
        for name, field_file, day, _kind in found:
            try:
                source = field_file.open("rb")
            except (FileNotFoundError, ValueError):
                logger.error(
                    "Archive of dossier %s: %s is missing from the storage", dossier.pk, name
                )
                continue
            info = zipfile.ZipInfo(name, date_time=(day.year, day.month, day.day, 0, 0, 0))
            with source, archive.open(info, "w", force_zip64=True) as out:
                while chunk := source.read(CHUNK):
                    out.write(chunk)
                    yield pipe.take()
            yield pipe.take()
    yield pipe.take()
