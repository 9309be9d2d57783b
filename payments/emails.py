from common.links import absolute_reverse
from notifications.registry import email_kind

from .models import Payment
from .services import RECEIPT


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
