"""Checking what clients deposit: size, number, name, and a type read from the content.

The type is read from the file's first bytes (``filetype``, plus the two formats it
does not know: legacy Office files and plain text), then the name's extension must be
one of that type's: an executable renamed ``.pdf`` is refused, and so is a name that
hides its real extension behind another (``facture.pdf.exe``). Every refusal is a
French sentence naming the file.
"""

import os
import re
import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _

from common.formats import filesize_fr
from security import antivirus

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt
HEAD_SIZE = 8192

# Detected type → (label shown to people, extensions its name may have).
ALLOWED_TYPES = {
    "application/pdf": ("PDF", {".pdf"}),
    "image/jpeg": ("JPEG", {".jpg", ".jpeg"}),
    "image/png": ("PNG", {".png"}),
    "image/heic": ("HEIC", {".heic", ".heif"}),
    "image/heif": ("HEIF", {".heic", ".heif"}),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "Word",
        {".docx"},
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("Excel", {".xlsx"}),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "PowerPoint",
        {".pptx"},
    ),
    "application/vnd.oasis.opendocument.text": ("OpenDocument", {".odt"}),
    "application/vnd.oasis.opendocument.spreadsheet": ("OpenDocument", {".ods"}),
    "application/vnd.oasis.opendocument.presentation": ("OpenDocument", {".odp"}),
    "application/x-ole-storage": ("Office", {".doc", ".xls", ".ppt"}),
    "text/plain": ("texte", {".txt"}),
}
ACCEPT_ATTRIBUTE = ",".join(
    sorted({ext for _label, exts in ALLOWED_TYPES.values() for ext in exts})
)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MARKUP = re.compile(r"<[!?/]?[a-zA-Z]")


class UploadRefused(Exception):
    """A file (or a whole request) that is refused, with the sentence that says why."""


def max_file_size():
    return settings.DEPOSIT_MAX_FILE_SIZE


def max_request_size():
    return settings.DEPOSIT_MAX_REQUEST_SIZE


def max_files():
    return settings.DEPOSIT_MAX_FILES


def check_name(name):
    """Refuse names that carry a path or control characters; they are never legitimate."""
    if not name or not name.strip(" ."):
        raise UploadRefused(_("A file has no name."))
    if "/" in name or "\\" in name or _CONTROL.search(name) or ".." in name.split("/"):
        raise UploadRefused(
            _("The name of “%(name)s” contains characters that are not allowed.")
            % {"name": _CONTROL.sub("?", name)[:80]}
        )
    return unicodedata.normalize("NFC", name)


def detect(head):
    """The MIME type read from the first bytes, or None when it is not one we accept."""
    guess = filetype.guess(head)
    if guess is not None:
        return guess.mime
    if head.startswith(OLE2_SIGNATURE):
        return "application/x-ole-storage"
    if _looks_like_plain_text(head):
        return "text/plain"
    return None


def _looks_like_plain_text(head):
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            # A multi-byte character cut at the end of the sample is not an error.
            try:
                text = head[:-3].decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    else:
        return False
    # Markup (HTML, SVG, XML) anywhere and scripts are not "plain text" here.
    return not (_MARKUP.search(text) or text.lstrip("\ufeff \t\r\n\x0b\x0c\xa0").startswith("#!"))


@dataclass
class CheckedFile:
    upload: object
    name: str
    content_type: str
    size: int
    scan_status: str = "not_scanned"


def check_file(upload):
    """Validate one uploaded file; returns what to store, or raises UploadRefused."""
    name = check_name(upload.name)
    size = upload.size
    if not size:
        raise UploadRefused(_("“%(name)s” is empty.") % {"name": name})
    if size > max_file_size():
        raise UploadRefused(
            _("“%(name)s” is larger than the %(limit)s allowed per file.")
            % {"name": name, "limit": filesize_fr(max_file_size())}
        )
    upload.seek(0)
    head = upload.read(HEAD_SIZE)
    upload.seek(0)
    content_type = detect(head)
    if content_type not in ALLOWED_TYPES:
        raise UploadRefused(
            _(
                "“%(name)s” is not an accepted type of file. Accepted: PDF, JPEG, PNG, HEIC, "
                "Word, Excel, PowerPoint, OpenDocument and plain text."
            )
            % {"name": name}
        )
    extension = os.path.splitext(name)[1].lower()
    if extension not in ALLOWED_TYPES[content_type][1]:
        raise UploadRefused(
            _("The content of “%(name)s” does not match its extension (it is a %(type)s file).")
            % {"name": name, "type": ALLOWED_TYPES[content_type][0]}
        )
    return CheckedFile(upload=upload, name=name, content_type=content_type, size=size)


def check_request(files):
    """Validate a whole deposit: every file must pass, or nothing is stored."""
    if not files:
        raise UploadRefused(_("Choose at least one file to deposit."))
    if len(files) > max_files():
        raise UploadRefused(
            _("You can deposit at most %(count)s files at once.") % {"count": max_files()}
        )
    if sum(upload.size for upload in files) > max_request_size():
        raise UploadRefused(
            _("These files together exceed the %(limit)s allowed per deposit.")
            % {"limit": filesize_fr(max_request_size())}
        )
    checked = [check_file(upload) for upload in files]
    return [scan_file(item) for item in checked]


def scan_file(checked):
    """Ask the antivirus, when there is one: infected is refused, unreachable waits."""
    if not antivirus.configured():
        return checked
    try:
        found = antivirus.scan(checked.upload)
    except antivirus.ScannerUnavailable:
        checked.scan_status = "pending"
        return checked
    if found:
        raise UploadRefused(
            _("“%(name)s” contains a virus or malicious code (%(found)s): it is refused.")
            % {"name": checked.name, "found": found}
        )
    checked.scan_status = "clean"
    return checked


class DepositLimitHandler(FileUploadHandler):
    """Stops reading files past the limits while the request streams in.

    Django would otherwise write every byte sent to a temporary file before the view
    can refuse it. Skipped files are remembered, so that the view refuses the deposit
    with the right sentence instead of silently storing the rest. ``allowance``, the
    client's ``quotas.DepositAllowance``, stops it too past what the client may still
    deposit today.
    """

    def __init__(self, request=None, allowance=None):
        super().__init__(request)
        self.allowance = allowance
        self.refusal = None
        self.files_seen = 0
        self.total = 0
        self.current = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.files_seen += 1
        self.current = 0
        if self.files_seen > max_files():
            self.refusal = _("You can deposit at most %(count)s files at once.") % {
                "count": max_files()
            }
            raise SkipFile
        if self.allowance and self.files_seen > self.allowance.files_left:
            self.refusal = self.refusal or self.allowance.refusal(0, self.files_seen)
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        self.current += len(raw_data)
        self.total += len(raw_data)
        if self.current > max_file_size():
            self.refusal = self.refusal or (
                _("“%(name)s” is larger than the %(limit)s allowed per file.")
                % {"name": self.file_name, "limit": filesize_fr(max_file_size())}
            )
            raise SkipFile
        if self.total > max_request_size():
            self.refusal = self.refusal or (
                _("These files together exceed the %(limit)s allowed per deposit.")
                % {"limit": filesize_fr(max_request_size())}
            )
            raise SkipFile
        if self.allowance and self.total > self.allowance.bytes_left:
            self.refusal = self.refusal or self.allowance.refusal(self.total, 0)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def prepare_deposit_request(request, allowance=None):
    """Install the deposit's limits before the request body is read (Django's documented
    way: an upload handler first in ``request.upload_handlers``). A file's name reaches
    the handler as Django's parser left it: folders and control characters removed."""
    handler = DepositLimitHandler(request, allowance)
    request.upload_handlers.insert(0, handler)
    return handler
