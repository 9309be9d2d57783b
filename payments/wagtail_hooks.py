"""The lawyers' view of online payments (read only: only Stripe moves a payment)."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from security.records import RecordPermissionHelper

from .models import Payment


class PaymentAdmin(ModelAdmin):
    model = Payment
    menu_label = _("Payments")
    menu_icon = "tick-inverse"
    menu_order = 140
    add_to_admin_menu = True
    permission_helper_class = RecordPermissionHelper
    inspect_view_enabled = True
    inspect_view_fields = [
        "invoice_number",
        "client",
        "amount",
        "currency",
        "status",
        "created_at",
        "paid_at",
        "checkout_session_id",
        "payment_intent_id",
    ]
    list_display = ["invoice_number", "client", "amount", "status", "paid_at", "created_at"]
    list_filter = ["status", "paid_at"]
    search_fields = ["invoice_number", "client__last_name", "client__email"]
    list_select_related = ["client"]


modeladmin_register(PaymentAdmin)
