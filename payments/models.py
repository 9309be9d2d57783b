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


class Payment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PROCESSING = "processing", _("Being processed")
        PAID = "paid", pgettext_lazy("payment status", "Paid")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    # The order in which a payment's state may move; never backwards.
    PROGRESS = {
        Status.PENDING: 0,
        Status.PROCESSING: 1,
        Status.EXPIRED: 2,
        Status.FAILED: 2,
        Status.PAID: 3,
    }

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

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.invoice_number} · {self.amount} {self.currency.upper()} · {self.get_status_display()}"

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
