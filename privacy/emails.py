from django.conf import settings

from common.links import absolute_reverse
from notifications.registry import email_kind

from .exports import DATA_EXPORT_READY
from .models import DataExport


@email_kind(DATA_EXPORT_READY, "privacy/emails/data_export_ready")
def build_data_export_ready(email):
    export = DataExport.objects.filter(
        pk=email.context.get("export"), status=DataExport.Status.READY
    ).first()
    if export is None or not export.client.is_active:
        return None
    return {
        "client": export.client,
        "download_url": absolute_reverse("privacy:data_download", export.pk),
        "hours": settings.DATA_EXPORT_LINK_HOURS,
    }
