from common.admin import admin_url
from common.links import absolute_reverse, absolute_url
from notifications.registry import email_kind

from .models import Payment
from .services import PAYMENT_ALERT, RECEIPT


@email_kind(RECEIPT, "payments/emails/receipt")
def build_receipt(email):
    payment = (
        Payment.objects.filter(pk=email.context.get("payment"), status=Payment.Status.PAID)
        .select_related("client", "invoice__dossier")
        .first()
    )
    if payment is None or payment.client is None:
        return None
    return {
        "payment": payment,
        "client": payment.client,
        "dossier": payment.invoice.dossier if payment.invoice else None,
        "invoices_url": absolute_reverse("dossiers:category", "factures"),
    }


@email_kind(PAYMENT_ALERT, "payments/emails/payment_alert")
def build_payment_alert(email):
    payment = (
        Payment.objects.filter(pk=email.context.get("payment"), status=Payment.Status.PAID)
        .select_related("client", "invoice__dossier")
        .first()
    )
    if payment is None or payment.invoice is None:
        return None
    return {
        "payment": payment,
        "client": payment.client,
        "dossier": payment.invoice.dossier,
        "admin_url": absolute_url(admin_url(Payment, "inspect", payment.pk)),
    }
