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
from decimal import Decimal

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Lawyer, User
from common.formats import money
from common.links import absolute_reverse
from dossiers.models import Dossier, Invoice
from dossiers.sharing import publishing
from notifications.services import queue_email
from portal_pages.cache import invalidate
from portal_pages.models import FirmSettings
from security.audit import record

from .models import Payment, StripeEvent

logger = logging.getLogger(__name__)

RECEIPT = "payment_receipt"
PAYMENT_ALERT = "payment_alert"
PAYMENT_TO_VERIFY = "payment_to_verify"
CURRENCY = "eur"
WEBHOOK_TOLERANCE = 300  # seconds: an older signature is a replay, a later one is forged
Status = Payment.Status
Discrepancy = Payment.Discrepancy


class PaymentUnavailable(Exception):
    """Online payment is off, or this invoice cannot be paid online."""


class EventRefused(Exception):
    """A webhook event that must not change anything (unknown invoice, wrong amount...)."""


def entry_label(payment, amount):
    """What the audit entry (and the client's « Mon activité ») says of a payment: the
    invoice and the amount, « Facture FA-2026-0160, 1 250,50 € », not a status that the
    entry would keep after it changed."""
    return _("Invoice %(number)s, %(amount)s") % {
        "number": payment.invoice_number,
        "amount": money(amount, payment.currency),
    }


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
        # Paid, being confirmed, or received and being checked by the firm: not twice.
        and not {Status.PAID, Status.PROCESSING, Status.TO_VERIFY} & set(payment_states)
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
                label=entry_label(payment, payment.amount),
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
    """Tell the lawyer of the invoice's dossier that the client paid it online."""
    lawyer = Lawyer.objects.filter(dossiers_as_interlocutor__invoices__payments=payment.pk).first()
    if lawyer is not None:
        queue_email(PAYMENT_ALERT, lawyer.email, user=lawyer, context={"payment": payment.pk})


def _payment_for(session):
    """The payment a Stripe session is about, matched on the session id and the payment id
    Stripe carries in its metadata; anything else is not ours (EventRefused)."""
    metadata = dict(session.get("metadata") or {})
    payment = (
        Payment.objects.select_related("client")
        .filter(checkout_session_id=session.get("id"))
        .first()
    )
    if payment is None or metadata.get("payment_id") != str(payment.pk):
        raise EventRefused(f"unknown invoice or session {session.get('id')!r}")
    if payment.invoice_id is not None and metadata.get("invoice_id") != str(payment.invoice_id):
        raise EventRefused(f"session {session.get('id')!r} names another invoice")
    return payment


def discrepancy(payment, session):
    """Why the money of a paid ``session`` cannot settle ``payment``'s invoice as the invoice
    is now (a ``Payment.Discrepancy``), or "" when it can.

    The invoice is read locked, so that two payments of one invoice (two of its clients)
    are judged one after the other: the second finds the first.
    """
    if (
        session.get("amount_total") != payment.amount_in_cents
        or (session.get("currency") or "").lower() != payment.currency
    ):
        return Discrepancy.AMOUNT_PAID
    invoice = _locked_invoice(payment)
    if invoice is None:
        return Discrepancy.DELETED
    if not (invoice.live and invoice.dossier.live):
        return Discrepancy.WITHDRAWN
    if invoice.amount != payment.amount:
        return Discrepancy.AMOUNT_CHANGED
    if invoice.status == Invoice.Status.CANCELLED:
        return Discrepancy.CANCELLED
    settled_before = (
        Payment.objects.filter(invoice=invoice, status=Status.PAID).exclude(pk=payment.pk).exists()
    )
    if invoice.status == Invoice.Status.PAID or settled_before:
        return Discrepancy.SETTLED
    return ""


def _locked_invoice(payment):
    if payment.invoice_id is None:
        return None
    return (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("dossier")
        .filter(pk=payment.invoice_id)
        .first()
    )


def _invoice_as_it_is(payment):
    invoice = Invoice.objects.filter(pk=payment.invoice_id).select_related("dossier").first()
    if invoice is None:
        return {}
    return {
        "number": invoice.number,
        "amount": str(invoice.amount),
        "status": invoice.status,
        "shared": invoice.live and invoice.dossier.live,
    }


def hold(payment, session, reason, *, paid_at=None):
    """Money came that cannot settle its invoice as it is now: recorded as received,
    « Paiement à vérifier », with what was paid and the invoice as it is, for the firm to
    decide (``review``). Never dropped, never « Payée » for the wrong amount.

    The client is told it was received and is being checked; the dossier's interlocutor
    (or, the dossier gone, the firm's admins) that a payment waits. Returns True if the
    payment moved (a second delivery of the same news changes nothing).
    """
    earlier = [
        state
        for state, rank in Payment.PROGRESS.items()
        if rank < Payment.PROGRESS[Status.TO_VERIFY]
    ]
    amount = session.get("amount_total")
    with transaction.atomic():
        moved = Payment.objects.filter(pk=payment.pk, status__in=earlier).update(
            status=Status.TO_VERIFY,
            discrepancy=reason,
            amount_received=Decimal(amount) / 100 if type(amount) is int else None,
            currency_received=str(session.get("currency") or "")[:3].lower(),
            invoice_now=_invoice_as_it_is(payment),
            payment_intent_id=str(session.get("payment_intent") or "")[:255],
            paid_at=paid_at or timezone.now(),
        )
        if not moved:
            return False
        invalidate()  # the invoice's row says the payment was received
        logger.warning(
            "Payment %s of invoice %s received but %s: to verify",
            payment.pk,
            payment.invoice_number,
            reason,
        )
        record(
            "espace.payment_received",
            payment,
            user=payment.client,
            label=entry_label(payment, amount),
            invoice=payment.invoice_number,
            amount=str(amount),
            reason=reason,
        )
        if payment.client is not None:
            queue_email(
                RECEIPT, payment.client.email, user=payment.client, context={"payment": payment.pk}
            )
        for lawyer in _who_verifies(payment):
            queue_email(
                PAYMENT_TO_VERIFY, lawyer.email, user=lawyer, context={"payment": payment.pk}
            )
    return True


def _who_verifies(payment):
    dossier = Dossier.objects.filter(pk=payment.dossier_id).select_related("interlocutor").first()
    if dossier is not None and dossier.interlocutor.is_active:
        return [dossier.interlocutor]
    return list(User.objects.filter(is_superuser=True, is_active=True))


ACCEPT = "accept"
REFUND = "refund"


@transaction.atomic
def review(payment, decision, note, by):
    """The firm's decision on a payment to verify: « Accepter comme règlement » (the
    payment settles the invoice, once: the invoice is marked paid) or « À rembourser ».
    Audited. Returns False if the payment was not waiting for a decision (decided
    already, in another tab)."""
    target = {ACCEPT: Status.PAID, REFUND: Status.TO_REFUND}[decision]
    moved = Payment.objects.filter(pk=payment.pk, status=Status.TO_VERIFY).update(
        status=target, reviewed_by=by, reviewed_at=timezone.now(), review_note=note
    )
    if not moved:
        return False
    record(
        "espace.payment_review", payment, user=by, decision=decision, invoice=payment.invoice_number
    )
    invoice = Invoice.objects.filter(pk=payment.invoice_id).first()
    if decision == ACCEPT and invoice is not None:
        publishing.mark_paid(invoice, by=by)
    invalidate()
    return True


def _signed_at(signature):
    """The ``t=`` timestamp of a Stripe-Signature header (``t=<unix time>,v1=<hex>,...``)."""
    for item in (signature or "").split(","):
        key, _sep, value = item.strip().partition("=")
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
        ).to_dict()
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise EventRefused(f"invalid signature or payload: {error}") from error
    except (AttributeError, TypeError) as error:  # signed JSON that is not an object
        raise EventRefused(f"not a Stripe event: {error}") from error
    except RecursionError as error:  # signed JSON nested thousands of levels deep
        raise EventRefused("not a Stripe event: nested too deep") from error
    if _signed_at(signature) > time.time() + WEBHOOK_TOLERANCE:
        raise EventRefused("signature timestamp in the future")
    return _well_formed(event)


def _well_formed(event):
    """``event`` if it has the shape of a Stripe event whose session we can read.

    A signed event can still be malformed (a bug, an API version we do not expect):
    refused with a 400 that changes nothing, rather than a 500 Stripe retries for days.
    """

    def check(condition, what):
        if not condition:
            raise EventRefused(f"malformed event {str(event.get('id'))[:80]!r}: {what}")

    def text(value, max_length=255):  # what our columns hold (StripeEvent, Payment)
        return isinstance(value, str) and len(value) <= max_length and "\x00" not in value

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
        amount = session.get("amount_total")
        check(
            amount is None or (type(amount) is int and 0 <= amount < 10**14),
            "amount_total is not an amount in cents",
        )
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
        state, moved = _receive(payment, session, target, paid_at)
        record.outcome = f"{state}{'' if moved else ' (no change)'}"
        record.save(update_fields=["outcome"])
    return record.outcome


def _receive(payment, session, target, paid_at=None):
    """Move ``payment`` to ``target`` as ``session`` says, or, paid but no longer matching
    its invoice, to « à vérifier ». Returns (the state meant, whether the payment moved)."""
    if target == Status.PAID and (reason := discrepancy(payment, session)):
        return Status.TO_VERIFY, hold(payment, session, reason, paid_at=paid_at)
    intent = session.get("payment_intent") or ""
    return target, settle(payment, target, payment_intent=intent, paid_at=paid_at)


# Stripe keeps a Checkout Session's payment for 90 days: older ones are not asked about.
RECONCILE_DAYS = 90


def reconcile():
    """Ask Stripe about every payment still waiting (started in the last RECONCILE_DAYS),
    and record what it confirms: paid (or, no longer matching its invoice, « à
    vérifier »), or expired. Then close the Checkout pages of invoices that changed.

    For webhooks that never arrived, or that an earlier version refused (the worker runs
    it every hour). Returns ``{payment id: new status}`` for the payments that moved.
    """
    api = stripe_client()
    moved = {}
    waiting = Payment.objects.select_related("client").filter(
        status__in=[Status.PENDING, Status.PROCESSING],
        checkout_session_id__isnull=False,
        created_at__gte=timezone.now() - datetime.timedelta(days=RECONCILE_DAYS),
    )
    for payment in waiting:
        try:
            session = api.v1.checkout.sessions.retrieve(payment.checkout_session_id).to_dict()
        except stripe.StripeError:
            logger.warning("Could not ask Stripe about payment %s", payment.pk)
            continue
        if session.get("payment_status") == "paid":
            try:
                _payment_for(session)
            except EventRefused:
                logger.error("Stripe session of payment %s names another payment", payment.pk)
                continue
            with transaction.atomic():
                state, changed = _receive(payment, session, Status.PAID)
            if changed:
                moved[payment.pk] = state
        elif session.get("status") == "expired" and settle(payment, Status.EXPIRED):
            moved[payment.pk] = Status.EXPIRED
    expire_stale_checkouts()
    return moved


def reconcile_if_enabled():
    """The worker's hourly reconciliation, where the portal has a Stripe key."""
    return reconcile() if settings.STRIPE_SECRET_KEY else {}


def still_payable(payment):
    """Whether ``payment``'s open Checkout page still asks for what its invoice is now."""
    invoice = payment.invoice
    return (
        invoice is not None
        and invoice.live
        and invoice.dossier.live
        and invoice.amount == payment.amount
        and invoice.status == Invoice.Status.TO_PAY
        and invoice.payable_online
    )


def expire_stale_checkouts(payment_ids=None):
    """Close the Checkout pages (of ``payment_ids``, or all those open) whose invoice
    changed since they were opened.

    A lawyer who corrects an amount, cancels an invoice, marks it paid, withdraws it from
    sharing or from online payment, or deletes it, must not leave an open page where the
    old amount can be paid: the publishing signals ask for this (payments.signals), and
    the hourly reconciliation catches what a failed call left. A page paid all the same
    in between is recorded « à vérifier ». Returns how many pages were closed.
    """
    api = stripe_client()
    closed = 0
    waiting = Payment.objects.select_related("invoice__dossier").filter(
        status=Status.PENDING, checkout_session_id__isnull=False
    )
    if payment_ids is not None:
        waiting = waiting.filter(pk__in=payment_ids)
    for payment in waiting:
        if still_payable(payment):
            continue
        try:
            api.v1.checkout.sessions.expire(payment.checkout_session_id)
        except stripe.StripeError:
            # Already paid (the webhook records it) or Stripe away (the next run retries).
            logger.warning("Could not close Checkout session of payment %s", payment.pk)
            continue
        if settle(payment, Status.EXPIRED):
            closed += 1
    return closed
