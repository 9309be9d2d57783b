"""The firm sees the clients' requests for a copy of their data (read only)."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import modeladmin_register

from common.records import RecordAdmin

from .models import DataExport


class DataExportAdmin(RecordAdmin):
    model = DataExport
    menu_label = _("Data exports")
    menu_icon = "download"
    menu_order = 40
    menu_section = "follow_up"
    list_display = ["client", "requested_at", "status", "ready_at", "downloaded_at"]
    list_filter = ["status", "requested_at"]
    search_fields = ["client__last_name", "client__email"]
    list_select_related = ["client"]
    inspect_view_fields = [
        "client",
        "requested_at",
        "status",
        "ready_at",
        "expires_at",
        "downloaded_at",
        "size",
    ]


modeladmin_register(DataExportAdmin)
