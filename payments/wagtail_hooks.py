"""The lawyers' view of online payments (read only: only Stripe moves a payment)."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import modeladmin_register

from common.admin import RecordAdmin

from .models import Payment


class PaymentAdmin(RecordAdmin):
    model = Payment
    menu_label = _("Payments")
    menu_icon = "tick-inverse"
    menu_order = 20
    menu_section = "follow_up"
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
