from django import template

from ..services import online_payment_enabled

register = template.Library()


@register.inclusion_tag("payments/includes/pay_button.html", takes_context=True)
def pay_button(context, invoice):
    """« Payer », only where the firm offers online payment and the invoice can be paid."""
    firm = context["settings"]["portal_pages"]["FirmSettings"]
    shown = (
        online_payment_enabled(firm)
        and invoice.payable_online
        and invoice.status == invoice.Status.TO_PAY
        and not invoice.is_paid
        and not getattr(invoice, "payment_processing", 0)
    )
    return {"invoice": invoice, "shown": shown, "csrf_token": context.get("csrf_token")}
