"""Building a client's « Télécharger mes données » archive (the worker does it): their
account, messages, deposits, activity (JSON and CSV) and the files they may see."""

import csv
import datetime
import io
import json
import tempfile
import zipfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import CONTACT_FIELDS
from common.formats import datetime_short
from common.spreadsheets import safe_cell
from dossiers.models import Deposit, Dossier, Message
from dossiers.portal import archives
from notifications.services import queue_email

from . import activity
from .models import DataExport

DATA_EXPORT_READY = "data_export_ready"


def _account(client):
    return {
        **{name: getattr(client, name) for name in CONTACT_FIELDS},
        "date_joined": timezone.localtime(client.date_joined).isoformat(),
        "last_login": timezone.localtime(client.last_login).isoformat()
        if client.last_login
        else None,
        "notifications": client.notifications,
    }


def _messages(client):
    return [
        {
            "dossier": str(message.dossier),
            "sent_at": timezone.localtime(message.created_at).isoformat(),
            "subject": message.subject,
            "message": message.body,
            "answers": [
                {"at": timezone.localtime(reply.created_at).isoformat(), "answer": reply.body}
                for reply in message.replies.all()
            ],
        }
        for message in Message.objects.filter(client=client)
        .select_related("dossier")
        .prefetch_related("replies")
    ]


def _deposits(client):
    return [
        {
            "dossier": str(deposit.dossier),
            "deposited_at": timezone.localtime(deposit.created_at).isoformat(),
            "file": deposit.filename,
            "size": deposit.file_size,
            "antivirus": deposit.get_scan_status_display(),
        }
        for deposit in Deposit.objects.filter(client=client).select_related("dossier")
    ]


def _activity(client):
    actions = [activity.describe(entry) for entry in activity.actions_of(client)]
    shares = activity.shares_of(client, limit=100_000)
    return [
        {
            "at": timezone.localtime(entry.when).isoformat(),
            "what": entry.what,
            "detail": entry.detail,
        }
        for entry in sorted([*actions, *shares], key=lambda entry: entry.when, reverse=True)
    ]


def _csv(rows):
    """« Mon activité » as a spreadsheet opens it in France: French headings, Paris time,
    semicolons, UTF-8 with its BOM, and no cell a spreadsheet would run as a formula."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow([_("Date and time"), _("Action"), _("Detail")])
    for row in rows:
        when = datetime_short(datetime.datetime.fromisoformat(row["at"]))
        writer.writerow([when, safe_cell(row["what"]), safe_cell(row["detail"])])
    return "\ufeff" + text.getvalue()


def _json(data):
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def build(export):
    """Write the client's archive into the private storage, then email the link."""
    client = export.client
    events = _activity(client)
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            archive.writestr(_("account.json"), _json(_account(client)))
            archive.writestr(_("messages.json"), _json(_messages(client)))
            archive.writestr(_("deposits.json"), _json(_deposits(client)))
            archive.writestr(_("activity.json"), _json(events))
            archive.writestr(_("activity.csv"), _csv(events))
            for dossier in Dossier.objects.visible_to(client):
                folder = str(dossier).replace("/", "-")
                for name, field_file, _day, _kind in archives.entries(client, dossier):
                    try:
                        source = field_file.open("rb")
                    except (FileNotFoundError, ValueError):
                        continue
                    with source, archive.open(f"{folder}/{name}", "w", force_zip64=True) as out:
                        while chunk := source.read(archives.CHUNK):
                            out.write(chunk)
        spool.seek(0)
        prefix = _("my-data")  # a file name: « mes-donnees »
        name = f"{prefix}-{timezone.localdate():%Y-%m-%d}.zip"
        export.file.save(name, File(spool, name=name), save=False)
        export.filename = name  # what the download is called (stored under a generated name)
    now = timezone.now()
    export.status = DataExport.Status.READY
    export.ready_at = now
    export.expires_at = now + datetime.timedelta(hours=settings.DATA_EXPORT_LINK_HOURS)
    with transaction.atomic():
        export.save()
        queue_email(DATA_EXPORT_READY, client.email, user=client, context={"export": export.pk})
    return export
