from django.conf import settings
from django.urls import reverse

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
        "invoices_url": settings.PORTAL_BASE_URL + reverse("dossiers:category", args=["factures"]),
    }
