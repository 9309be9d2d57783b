"""Paying an invoice online: start a Checkout Session, and settle it when Stripe confirms.

Nothing here marks an invoice paid on the client's word: the return pages only read.
``settle`` is the one place a payment's state moves, always forward, from a verified
webhook or from the reconciliation that asks Stripe; the receipt email is queued in the
same transaction as the move to "paid", so it goes once, and so does the dossier's
interlocutor's alert.
"""

import datetime
import logging
import time

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from clients.models import Lawyer
from common.links import absolute_reverse
from dossiers.models import Invoice
from notifications.services import queue_email
from portal_pages.cache import invalidate
from portal_pages.models import FirmSettings
from security.audit import record

from .models import Payment, StripeEvent

logger = logging.getLogger(__name__)

RECEIPT = "payment_receipt"
PAYMENT_ALERT = "payment_alert"
CURRENCY = "eur"
WEBHOOK_TOLERANCE = 300  # seconds: an older signature is a replay, a later one is forged
Status = Payment.Status


class PaymentUnavailable(Exception):
    """Online payment is off, or this invoice cannot be paid online."""


class EventRefused(Exception):
    """A webhook event that must not change anything (unknown invoice, wrong amount...)."""


def stripe_client():
    if not settings.STRIPE_SECRET_KEY:
        raise PaymentUnavailable("STRIPE_SECRET_KEY is not set")
    addresses = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses=addresses, max_network_retries=2
    )


def online_payment_enabled(firm=None):
    firm = firm or FirmSettings.current()
    return bool(firm.online_payment_enabled and settings.STRIPE_SECRET_KEY)


def can_pay_online(invoice, firm=None, payment_states=None):
    """Whether the client may pay ``invoice`` online: the one place that decides it.

    ``payment_states``, the statuses of the invoice's payments when the caller has them
    already (a page of invoices), saves a query.
    """
    if payment_states is None:
        payment_states = set(invoice.payments.values_list("status", flat=True))
    return (
        online_payment_enabled(firm)
        and invoice.payable_online
        and invoice.status == invoice.Status.TO_PAY
        and not {Status.PAID, Status.PROCESSING} & set(payment_states)
    )


def start_checkout(invoice, client):
    """The address of a Stripe Checkout page for this invoice's exact amount.

    An open session less than a day old is reused, so that two clicks never open two
    ways to pay the same invoice.
    """
    api = stripe_client()
    # One click at a time per invoice: a double click waits here, then reuses the session.
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if not can_pay_online(invoice):
            raise PaymentUnavailable("This invoice cannot be paid online")
        return _open_checkout(api, invoice, client)


def _open_checkout(api, invoice, client):
    recent = (
        Payment.objects.filter(
            invoice=invoice,
            client=client,
            status=Status.PENDING,
            amount=invoice.amount,
            checkout_session_id__isnull=False,
            created_at__gte=timezone.now() - datetime.timedelta(hours=23),
        )
        .order_by("-created_at")
        .first()
    )
    if recent is not None:
        session = api.v1.checkout.sessions.retrieve(recent.checkout_session_id)
        if session.status == "open" and session.amount_total == recent.amount_in_cents:
            return session.url
    payment = Payment.objects.create(
        invoice=invoice,
        client=client,
        invoice_number=invoice.number,
        amount=invoice.amount,
        currency=CURRENCY,
    )
    metadata = {"invoice_id": str(invoice.pk), "payment_id": str(payment.pk)}
    try:
        session = api.v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": CURRENCY,
                            "unit_amount": payment.amount_in_cents,
                            "product_data": {"name": f"Facture {invoice.number}"},
                        },
                    }
                ],
                "customer_email": client.email,
                "client_reference_id": str(invoice.pk),
                "metadata": metadata,
                "payment_intent_data": {
                    "metadata": metadata,
                    "description": f"Facture {invoice.number}",
                },
                "success_url": absolute_reverse("payments:success", payment.pk)
                + "?session_id={CHECKOUT_SESSION_ID}",
                "cancel_url": absolute_reverse("payments:cancel", payment.pk),
            },
            options={"idempotency_key": f"checkout-payment-{payment.pk}"},
        )
    except stripe.StripeError:
        Payment.objects.filter(pk=payment.pk).update(status=Status.FAILED)
        invalidate()  # the invoice's row says what its payment became
        logger.exception("Stripe refused to open a Checkout Session for payment %s", payment.pk)
        raise
    Payment.objects.filter(pk=payment.pk).update(
        checkout_session_id=session.id, checkout_url=session.url
    )
    return session.url


def settle(payment, status, *, payment_intent="", paid_at=None):
    """Move a payment forward to ``status``; returns True if it moved.

    A conditional UPDATE: concurrent or repeated calls move it once, and never back
    (a late "completed, unpaid" does not undo "paid"). The move to "paid" queues the
    receipt in the same transaction.
    """
    progress = Payment.PROGRESS
    earlier = [state for state, rank in progress.items() if rank < progress[status]]
    fields = {"status": status}
    if payment_intent:
        fields["payment_intent_id"] = payment_intent
    if status == Status.PAID:
        fields["paid_at"] = paid_at or timezone.now()
    with transaction.atomic():
        moved = Payment.objects.filter(pk=payment.pk, status__in=earlier).update(**fields)
        if moved:
            invalidate()  # the invoice's row and card say what its payment became
        if moved and status == Status.PAID:
            record(
                "espace.payment",
                payment,
                user=payment.client,
                invoice=payment.invoice_number,
                amount=str(payment.amount),
            )
            if payment.client is not None:
                queue_email(
                    RECEIPT,
                    payment.client.email,
                    user=payment.client,
                    context={"payment": payment.pk},
                )
            _alert_interlocutor(payment)
    return bool(moved)


def _alert_interlocutor(payment):
    """Tell the lawyer of the invoice's dossier that the client paid it online.

    An invoice withdrawn meanwhile has no dossier left to name a lawyer: the payment
    shows in « Suivi → Paiements » (and is logged by ``_payment_for``) all the same.
    """
    lawyer = Lawyer.objects.filter(dossiers_as_interlocutor__invoices__payments=payment.pk).first()
    if lawyer is not None:
        queue_email(PAYMENT_ALERT, lawyer.email, user=lawyer, context={"payment": payment.pk})


def _payment_for(session):
    """The payment a Stripe session settles, if the session matches it in every respect.

    Matched on the session id and the payment id Stripe carries in its metadata; the
    amount and currency must be the ones asked for, and still the invoice's own (an
    invoice changed while its client was paying is the firm's to look at, not ours to
    mark paid). An invoice withdrawn meanwhile is recorded all the same: the money came.
    """
    metadata = dict(session.get("metadata") or {})
    payment = (
        Payment.objects.select_related("client", "invoice")
        .filter(checkout_session_id=session.get("id"))
        .first()
    )
    if payment is None or metadata.get("payment_id") != str(payment.pk):
        raise EventRefused(f"unknown invoice or session {session.get('id')!r}")
    if payment.invoice_id is not None and metadata.get("invoice_id") != str(payment.invoice_id):
        raise EventRefused(f"session {session.get('id')!r} names another invoice")
    invoice = payment.invoice
    current = payment.amount_in_cents if invoice is None else int(invoice.amount * 100)
    if (
        session.get("amount_total") != payment.amount_in_cents
        or current != payment.amount_in_cents
        or (session.get("currency") or "").lower() != payment.currency
    ):
        logger.error(
            "Stripe session %s: %s %s paid for invoice %s, which is %s %s; nothing recorded",
            session.get("id"),
            session.get("amount_total"),
            session.get("currency"),
            payment.invoice_number,
            current,
            payment.currency,
        )
        raise EventRefused("amount or currency differs from the invoice")
    if invoice is None:
        logger.error(
            "Payment %s of invoice %s came after the invoice was withdrawn: check it",
            payment.pk,
            payment.invoice_number,
        )
    return payment


def _signed_at(signature):
    """The ``t=`` timestamp of a Stripe-Signature header (``t=<unix time>,v1=<hex>,...``)."""
    for item in (signature or "").split(","):
        key, _, value = item.strip().partition("=")
        if key == "t":
            try:
                return int(value)
            except ValueError:
                break
    raise EventRefused("no timestamp in the Stripe-Signature header")


def verified_event(payload, signature):
    """The event in a webhook's raw body, as a plain dict, if Stripe signed it within
    WEBHOOK_TOLERANCE of now; raises EventRefused otherwise.

    The stripe library checks the signature and refuses an old timestamp; it accepts one
    from the future, which a clock that is right never produces: refused here.
    """
    try:
        event = stripe.Webhook.construct_event(
            payload, signature, settings.STRIPE_WEBHOOK_SECRET, WEBHOOK_TOLERANCE
        )
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise EventRefused(f"invalid signature or payload: {error}") from error
    except (AttributeError, TypeError) as error:  # signed JSON that is not an object
        raise EventRefused(f"not a Stripe event: {error}") from error
    if _signed_at(signature) > time.time() + WEBHOOK_TOLERANCE:
        raise EventRefused("signature timestamp in the future")
    return _well_formed(event.to_dict())


def _well_formed(event):
    """``event`` if it has the shape of a Stripe event whose session we can read.

    A signed event can still be malformed (a bug, an API version we do not expect):
    refused with a 400 that changes nothing, rather than a 500 Stripe retries for days.
    """

    def check(condition, what):
        if not condition:
            raise EventRefused(f"malformed event {str(event.get('id'))[:80]!r}: {what}")

    def text(value, max_length=255):  # what our columns hold (StripeEvent, Payment)
        return isinstance(value, str) and len(value) <= max_length

    check(text(event.get("id")) and event["id"], "id is not a short string")
    check(isinstance(event.get("type"), str), "type is not a string")
    created = event.get("created")
    check(
        type(created) is int and 0 < created < 2**33,  # a bool is no timestamp
        "created is not a timestamp",
    )
    check(isinstance(event.get("data"), dict), "data is not an object")
    session = event["data"].get("object")
    check(isinstance(session, dict), "data.object is not an object")
    if event["type"] in EVENT_HANDLERS:
        check(text(session.get("id")), "the session id is not a short string")
        check(isinstance(session.get("metadata") or {}, dict), "metadata is not an object")
        for key in ("currency", "payment_status", "payment_intent"):
            check(text(session.get(key) or ""), f"{key} is not a short string")
    return event


def _completed(session):
    # Completed but unpaid: the payment method confirms later (bank transfer, SEPA...).
    return Status.PAID if session.get("payment_status") == "paid" else Status.PROCESSING


# The events the portal acts on, and the state each moves the payment to; others are ignored.
EVENT_HANDLERS = {
    "checkout.session.completed": _completed,
    "checkout.session.async_payment_succeeded": lambda session: Status.PAID,
    "checkout.session.async_payment_failed": lambda session: Status.FAILED,
}


def process_event(event):
    """Apply one verified Stripe event, at most once per event id. Returns an outcome word."""
    handler = EVENT_HANDLERS.get(event["type"])
    if handler is None:
        return "ignored"
    session = event["data"]["object"]
    payment = _payment_for(session)
    target = handler(session)
    paid_at = datetime.datetime.fromtimestamp(event["created"], tz=datetime.UTC)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = StripeEvent.objects.create(
                    event_id=event["id"], type=event["type"], payment=payment
                )
        except IntegrityError:
            return "duplicate"
        moved = settle(
            payment, target, payment_intent=session.get("payment_intent") or "", paid_at=paid_at
        )
        record.outcome = f"{target}{'' if moved else ' (no change)'}"
        record.save(update_fields=["outcome"])
    return record.outcome


def reconcile():
    """Ask Stripe about every payment still waiting, and settle the ones it confirms.

    For webhooks that never arrived (run it periodically; see README). Returns
    ``{payment id: new status}`` for the payments that moved.
    """
    api = stripe_client()
    moved = {}
    waiting = Payment.objects.select_related("client").filter(
        status__in=[Status.PENDING, Status.PROCESSING], checkout_session_id__isnull=False
    )
    for payment in waiting:
        session = api.v1.checkout.sessions.retrieve(payment.checkout_session_id).to_dict()
        if session.get("payment_status") == "paid":
            try:
                _payment_for(session)
            except EventRefused:
                continue
            if settle(payment, Status.PAID, payment_intent=session.get("payment_intent") or ""):
                moved[payment.pk] = Status.PAID
        elif session.get("status") == "expired" and settle(payment, Status.EXPIRED):
            moved[payment.pk] = Status.EXPIRED
    return moved


def expire_stale_checkouts():
    """Close the Checkout pages of invoices that changed since they were opened.

    A lawyer who corrects an amount, cancels an invoice, marks it paid or withdraws it
    from online payment must not leave an open page where the old amount can be paid.
    Runs after each publish (payments.signals). Returns how many pages were closed.
    """
    api = stripe_client()
    closed = 0
    waiting = Payment.objects.select_related("invoice").filter(
        status=Status.PENDING, checkout_session_id__isnull=False
    )
    for payment in waiting:
        invoice = payment.invoice
        still_right = (
            invoice is not None
            and invoice.amount == payment.amount
            and invoice.status == Invoice.Status.TO_PAY
            and invoice.payable_online
        )
        if still_right:
            continue
        try:
            api.v1.checkout.sessions.expire(payment.checkout_session_id)
        except stripe.StripeError:
            logger.warning("Could not close Checkout session of payment %s", payment.pk)
            continue
        if settle(payment, Status.EXPIRED):
            closed += 1
    return closed
