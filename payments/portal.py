"""What an invoice's row in the portal shows of its online payment: « Payée », « Payer »."""

from django.urls import reverse
from django.utils.translation import gettext as _

from common.formats import date_fr, euros
from dossiers.models import Category
from dossiers.portal.screens import ItemAction, item_extension
from portal_pages.models import FirmSettings

from .models import Payment
from .services import can_pay_online

Status = Payment.Status


@item_extension(Category.INVOICES)
def payment_state(invoices):
    """One query for the page's invoices, whatever their number."""
    payments = {}
    for row in Payment.objects.filter(
        invoice__in=[invoice.pk for invoice in invoices],
        status__in=[Status.PAID, Status.PROCESSING, Status.TO_VERIFY, Status.TO_REFUND],
    ).values("invoice_id", "status", "paid_at", "amount"):
        payments.setdefault(row["invoice_id"], []).append(row)
    firm = FirmSettings.current()
    for invoice in invoices:
        rows = payments.get(invoice.pk, [])
        paid = max((r for r in rows if r["status"] == Status.PAID), default=None, key=_paid_at)
        if paid is not None:
            invoice.portal.badge, invoice.portal.badge_style = _("Paid"), "paid"
            invoice.portal.badge_detail = _("on %(date)s, %(amount)s paid online") % {
                "date": date_fr(paid["paid_at"]),
                "amount": euros(paid["amount"]),
            }
        elif any(r["status"] == Status.TO_VERIFY for r in rows):
            invoice.portal.badge = _("Payment received, being checked by the firm")
        elif any(r["status"] == Status.PROCESSING for r in rows):
            invoice.portal.badge = _("Payment being confirmed")
        elif rows:
            invoice.portal.badge = _("Payment received: the firm will refund it")
        if can_pay_online(invoice, firm, payment_states={r["status"] for r in rows}):
            invoice.portal.actions.append(
                ItemAction(
                    _("Pay"),
                    reverse("payments:pay", args=[invoice.pk]),
                    post=True,
                    hidden_label=_("invoice %(number)s") % {"number": invoice.number},
                )
            )


def _paid_at(row):
    return row["paid_at"]
