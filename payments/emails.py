from common.links import absolute_reverse, absolute_url
from common.records import admin_url
from notifications.registry import email_kind

from .models import Payment
from .services import PAYMENT_ALERT, PAYMENT_TO_VERIFY, RECEIPT


@email_kind(RECEIPT, "payments/emails/receipt")
def build_receipt(email):
    """The client's receipt: paid, or received and being checked by the firm."""
    payment = (
        Payment.objects.filter(
            pk=email.context.get("payment"),
            status__in=[Payment.Status.PAID, Payment.Status.TO_VERIFY],
        )
        .select_related("client", "invoice__dossier")
        .first()
    )
    if payment is None or payment.client is None:
        return None
    context = {
        "payment": payment,
        "client": payment.client,
        "dossier": payment.invoice.dossier if payment.invoice else None,
        "invoices_url": absolute_reverse("dossiers:category", "factures"),
    }
    if payment.status == Payment.Status.TO_VERIFY:
        context["email_template"] = "payments/emails/receipt_to_verify"
    return context


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


@email_kind(PAYMENT_TO_VERIFY, "payments/emails/payment_to_verify")
def build_payment_to_verify(email):
    """To the dossier's interlocutor: a payment waits for the firm's decision. It names the
    dossier's reference and links to the back office, nothing more (professional secrecy:
    the amounts and the reason are behind the login)."""
    payment = (
        Payment.objects.filter(pk=email.context.get("payment")).select_related("dossier").first()
    )
    if payment is None:
        return None
    return {
        "payment": payment,
        "reference": payment.dossier.reference if payment.dossier else "",
        "admin_url": absolute_url(admin_url(Payment, "inspect", payment.pk)),
    }
