"""« Télécharger mes données » (GDPR art. 15 and 20): asked for in the portal, built by the
worker, offered once through an emailed link that only works in the client's session."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from security.audit import record

from .models import DataExport
from .tasks import build_data_export

Status = DataExport.Status


class ExportRefused(Exception):
    """A request that cannot be taken now, with the sentence that says why."""


@transaction.atomic
def request_export(client):
    if DataExport.objects.filter(client=client, status=Status.PREPARING).exists():
        raise ExportRefused(
            _("Your data is already being prepared: you will receive an email when it is ready.")
        )
    export = DataExport.objects.create(client=client)
    record("espace.data_export", export, user=client)
    transaction.on_commit(lambda: build_data_export.enqueue(export.pk))
    return export


def ready_exports(client):
    """``client``'s exports whose link still works."""
    return DataExport.objects.filter(
        client=client, status=Status.READY, expires_at__gt=timezone.now()
    )


def take_for_download(pk, client):
    """The ready export of ``client``, marked downloaded: it serves once. None otherwise."""
    taken = (
        ready_exports(client)
        .filter(pk=pk)
        .update(status=Status.DOWNLOADED, downloaded_at=timezone.now())
    )
    return DataExport.objects.get(pk=pk) if taken else None


def purge_exports():
    """The worker's sweep: expired links expire, and served or expired archives are deleted."""
    DataExport.objects.filter(status=Status.READY, expires_at__lte=timezone.now()).update(
        status=Status.EXPIRED
    )
    served = DataExport.objects.exclude(file="").filter(
        Q(status=Status.EXPIRED)
        | Q(
            status=Status.DOWNLOADED,
            downloaded_at__lte=timezone.now() - datetime.timedelta(minutes=10),
        )
    )
    purged = 0
    for export in served:
        export.file.storage.delete(export.file.name)
        DataExport.objects.filter(pk=export.pk).update(file="")
        purged += 1
    return purged
