"""Payments of invoices through Stripe Checkout, and the Stripe events received.

A payment becomes paid only when Stripe says so (a verified webhook, or the
reconciliation command asking Stripe); its state only moves forward, so events arriving
twice or out of order end in the same state. Each Stripe event id is recorded once,
under a unique constraint, in the transaction that applies it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.formats import money


class Payment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PROCESSING = "processing", _("Being processed")
        PAID = "paid", pgettext_lazy("payment status", "Paid")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")
        # Paid at Stripe, but no longer matching its invoice: the firm decides.
        TO_VERIFY = "to_verify", _("Payment to verify")
        TO_REFUND = "to_refund", _("To refund")

    # The order in which a payment's state may move; never backwards. A payment to verify
    # moves on only by the firm's decision (``services.review``), or by a later event of
    # its session once it matches its invoice again.
    PROGRESS = {
        Status.PENDING: 0,
        Status.PROCESSING: 1,
        Status.EXPIRED: 2,
        Status.FAILED: 2,
        Status.TO_VERIFY: 3,
        Status.PAID: 4,
        Status.TO_REFUND: 4,
    }

    class Discrepancy(models.TextChoices):
        """Why a payment received cannot settle its invoice as the invoice is now."""

        AMOUNT_PAID = "amount_paid", _("The amount paid differs from the amount asked")
        DELETED = "deleted", _("The invoice was deleted")
        WITHDRAWN = "withdrawn", _("The invoice is no longer shared")
        AMOUNT_CHANGED = "amount_changed", _("The invoice's amount changed")
        CANCELLED = "cancelled", _("The invoice was cancelled")
        SETTLED = "settled", _("The invoice was already settled")

    invoice = models.ForeignKey(
        "dossiers.Invoice",
        verbose_name=_("invoice"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("client"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    # What was asked for, kept even if the invoice is later withdrawn from the dossier.
    invoice_number = models.CharField(_("invoice number"), max_length=64)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="eur")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    checkout_session_id = models.CharField(
        _("Stripe Checkout session"), max_length=255, unique=True, null=True, blank=True
    )
    checkout_url = models.URLField(_("Checkout address"), max_length=2000, blank=True)
    payment_intent_id = models.CharField(_("Stripe payment"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The invoice's dossier when the payment started: whom to tell, even once the invoice
    # is gone.
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What Stripe says was paid, recorded when it cannot settle the invoice as it is.
    amount_received = models.DecimalField(
        _("amount received"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency_received = models.CharField(_("currency received"), max_length=3, blank=True)
    discrepancy = models.CharField(
        _("to verify because"), max_length=32, choices=Discrepancy.choices, blank=True
    )
    # The invoice as it was when the money came (as it was when the payment started:
    # ``invoice_number`` and ``amount``); empty once deleted.
    invoice_now = models.JSONField(_("invoice when received"), default=dict, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("the firm's note"), blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.invoice_number} · {self.get_amount_display()} · {self.get_status_display()}"

    def save(self, *args, **kwargs):
        # The dossier is the invoice's when the payment starts (and stays, the invoice gone).
        if self.dossier_id is None and self.invoice_id is not None:
            self.dossier_id = self.invoice.dossier_id
        super().save(*args, **kwargs)

    def get_amount_display(self):
        """« 1 250,50 € » (a currency other than the euro, by its code: « 12,00 USD »)."""
        return money(self.amount, self.currency)

    def get_amount_received_display(self):
        return money(self.amount_received, self.currency_received or self.currency)

    @property
    def amount_in_cents(self):
        return int((self.amount * 100).to_integral_value())


class StripeEvent(models.Model):
    """A Stripe event already processed: its id can never be processed again."""

    event_id = models.CharField(_("event id"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100)
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.type} {self.event_id}"
