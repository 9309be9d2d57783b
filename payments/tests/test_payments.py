"""« Le paiement de mes factures »: Stripe Checkout, a verified webhook, never the client's word."""

import json
import logging
import time
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client as HttpClient
from django.urls import reverse
from wagtail.models import ModelLogEntry

from dossiers.factories import InvoiceFactory, shared_dossier
from dossiers.models import Invoice
from notifications.tests.helpers import send_due_emails, sent_to
from payments.models import Payment, StripeEvent

pytestmark = pytest.mark.django_db
WEBHOOK = reverse("payments:webhook")


@pytest.fixture
def invoice(client_a):
    dossier = shared_dossier(client_a)
    return InvoiceFactory(dossier=dossier, number="FA-2026-0153", amount=Decimal("1250.00"))


@pytest.fixture
def luce(client, client_a):
    client.force_login(client_a)
    return client


def invoices_page(http_client):
    return http_client.get(reverse("dossiers:category", args=["factures"])).content.decode()


def start_payment(http_client, invoice):
    response = http_client.post(reverse("payments:pay", args=[invoice.pk]))
    assert response.status_code == 302, response.content[:300]
    return Payment.objects.get(checkout_session_id=response.url.rsplit("/", 1)[-1]), response.url


def deliver(http_client, standin, event, *, secret=None, timestamp=None, body=None, header=True):
    payload = body if body is not None else json.dumps(event)
    headers = {}
    if header:
        headers["HTTP_STRIPE_SIGNATURE"] = standin.sign(
            json.dumps(event) if body is not None else payload, timestamp=timestamp, secret=secret
        )
    return http_client.post(WEBHOOK, payload, content_type="application/json", **headers)


def paid_event(standin, payment, event_type="checkout.session.completed", **changes):
    session = dict(standin.sessions[payment.checkout_session_id])
    session.update(
        {"status": "complete", "payment_status": "paid", "payment_intent": "pi_1", **changes}
    )
    return standin.event(event_type, session)


def test_pay_shows_only_where_the_firm_offers_it(luce, invoice, online_payment, stripe_standin):
    page = invoices_page(luce)
    assert reverse("payments:pay", args=[invoice.pk]) in page and ">Payer<span" in page

    # As the lawyer does it: the invoice's change published (the cached page follows).
    invoice.payable_online = False
    invoice.save_revision().publish()
    assert reverse("payments:pay", args=[invoice.pk]) not in invoices_page(luce)
    assert luce.post(reverse("payments:pay", args=[invoice.pk])).status_code == 404

    invoice.payable_online = True
    invoice.save_revision().publish()
    online_payment.online_payment_enabled = False
    online_payment.save()
    assert reverse("payments:pay", args=[invoice.pk]) not in invoices_page(luce)
    assert luce.post(reverse("payments:pay", args=[invoice.pk])).status_code == 404
    assert not Payment.objects.exists()


def test_pay_opens_a_checkout_session_for_the_exact_amount(
    luce, client_a, invoice, online_payment, stripe_standin
):
    payment, url = start_payment(luce, invoice)
    assert url.startswith(stripe_standin.url + "/pay/cs_test_")
    session = stripe_standin.sessions[payment.checkout_session_id]
    assert session["amount_total"] == 125000 and session["currency"] == "eur"
    assert session["customer_email"] == client_a.email
    assert session["metadata"] == {"invoice_id": str(invoice.pk), "payment_id": str(payment.pk)}
    assert session["success_url"].endswith(
        f"/paiement/{payment.pk}/merci/?session_id={{CHECKOUT_SESSION_ID}}"
    )
    assert f"checkout-payment-{payment.pk}" in stripe_standin.idempotent
    assert payment.status == Payment.Status.PENDING and payment.amount == Decimal("1250.00")

    # A second click reuses the open session: one way to pay, not two.
    assert start_payment(luce, invoice)[1] == url
    assert Payment.objects.count() == 1


def test_the_return_page_never_marks_anything_paid(luce, invoice, online_payment, stripe_standin):
    payment, _url = start_payment(luce, invoice)
    page = luce.get(reverse("payments:success", args=[payment.pk]) + "?session_id=cs_forged")
    assert "en cours de confirmation" in page.content.decode()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert "À régler" in invoices_page(luce)
    assert luce.get(reverse("payments:cancel", args=[payment.pk])).status_code == 200


def test_a_signed_webhook_records_the_payment_and_sends_one_receipt(
    client, luce, client_a, invoice, online_payment, stripe_standin
):
    payment, _url = start_payment(luce, invoice)
    response = deliver(client, stripe_standin, paid_event(stripe_standin, payment))
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID and payment.payment_intent_id == "pi_1"
    client.force_login(client_a)
    page = invoices_page(client)
    assert "Payée" in page and "réglée en ligne le" in page and "(1\u00a0250,00\u00a0€)" in page
    assert reverse("payments:pay", args=[invoice.pk]) not in page
    send_due_emails()
    [receipt] = sent_to(client_a.email)
    assert "FA-2026-0153" in receipt.subject and "1\u00a0250,00\u00a0€" in receipt.body
    [alert] = sent_to(invoice.dossier.interlocutor.email)
    assert alert.subject == f"Facture FA-2026-0153 réglée en ligne ({invoice.dossier})"
    assert "ALEXANDER Luce a réglé en ligne la facture FA-2026-0153" in alert.body
    assert "1\u00a0250,00\u00a0€" in alert.body
    assert f"/admin/payments/payment/inspect/{payment.pk}/" in alert.body
    assert len(mail.outbox) == 2
    # « Mon activité » tells the payment as it was: the invoice and its amount, no status
    # that the entry would keep after it changed (« … · En attente de paiement »).
    entry = ModelLogEntry.objects.get(action="espace.payment")
    assert entry.label == "Facture FA-2026-0153, 1\u00a0250,00\u00a0€"


def test_ten_replays_record_one_payment_one_receipt_and_one_alert(
    client, luce, client_a, invoice, online_payment, stripe_standin
):
    payment, _url = start_payment(luce, invoice)
    event = paid_event(stripe_standin, payment)
    outcomes = [deliver(client, stripe_standin, event).content.decode() for _ in range(10)]
    assert outcomes.count("duplicate") == 9
    # Another event saying the same (Stripe's async success after the completion) moves nothing.
    later = paid_event(stripe_standin, payment, "checkout.session.async_payment_succeeded")
    assert deliver(client, stripe_standin, later).content.decode() == "paid (no change)"
    call_command("reconcile_payments")
    assert Payment.objects.filter(status=Payment.Status.PAID).count() == 1
    assert StripeEvent.objects.count() == 2
    send_due_emails()
    assert len(sent_to(client_a.email)) == 1
    assert len(sent_to(invoice.dossier.interlocutor.email)) == 1
    assert len(mail.outbox) == 2


def test_the_alert_is_queued_with_the_move_to_paid_and_rolls_back_with_it(
    luce, invoice, online_payment, stripe_standin
):
    from django.db import transaction

    from notifications.models import OutgoingEmail
    from payments import services

    payment, _url = start_payment(luce, invoice)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert services.settle(payment, Payment.Status.PAID)
        assert OutgoingEmail.objects.filter(kind=services.PAYMENT_ALERT).count() == 1
        raise RuntimeError("the webhook's transaction fails after the move")
    assert not OutgoingEmail.objects.filter(kind=services.PAYMENT_ALERT).exists()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_a_payment_not_yet_paid_alerts_nobody(luce, invoice, online_payment, stripe_standin):
    from notifications.models import OutgoingEmail
    from payments import services

    payment, _url = start_payment(luce, invoice)
    assert services.settle(payment, Payment.Status.PROCESSING)
    assert not OutgoingEmail.objects.filter(kind=services.PAYMENT_ALERT).exists()


@pytest.mark.parametrize(
    "attack",
    ["tampered body", "wrong secret", "missing header", "stale timestamp", "not json"],
)
def test_a_doubtful_webhook_is_refused_and_changes_nothing(
    attack, client, luce, invoice, online_payment, stripe_standin
):
    payment, _url = start_payment(luce, invoice)
    event = paid_event(stripe_standin, payment)
    if attack == "tampered body":
        tampered = json.dumps(event).replace("125000", "100")
        response = deliver(client, stripe_standin, event, body=tampered)
    elif attack == "wrong secret":
        response = deliver(client, stripe_standin, event, secret="whsec_not_the_right_one")
    elif attack == "missing header":
        response = deliver(client, stripe_standin, event, header=False)
    elif attack == "stale timestamp":
        response = deliver(client, stripe_standin, event, timestamp=int(time.time()) - 301)
    else:
        response = deliver(client, stripe_standin, event, body="not json {")
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert not StripeEvent.objects.exists()
    send_due_emails()
    assert mail.outbox == []


def test_a_signature_from_the_future_is_refused_like_a_stale_one(
    client, luce, invoice, online_payment, stripe_standin
):
    payment, _url = start_payment(luce, invoice)
    event = paid_event(stripe_standin, payment)
    # Past the 300 s tolerance by 10 s: int() and a busy machine's delay between signing
    # and checking (up to a second or more) must not bring it back within the tolerance.
    response = deliver(client, stripe_standin, event, timestamp=int(time.time()) + 310)
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert not StripeEvent.objects.exists()
    # A clock a few seconds ahead of ours is no forgery.
    response = deliver(client, stripe_standin, event, timestamp=int(time.time()) + 30)
    assert response.status_code == 200


def _malformed(event, how):
    session = event["data"]["object"]
    if how == "data not an object":
        event["data"] = "cs_test"
    elif how == "no data.object":
        event["data"] = {}
    elif how == "data.object a list":
        event["data"]["object"] = [session]
    elif how == "metadata a string":
        session["metadata"] = "payment_id=1"
    elif how == "metadata a list":
        session["metadata"] = [1, 2]
    elif how == "currency a number":
        session["currency"] = 978
    elif how == "session id an object":
        session["id"] = {"id": session["id"]}
    elif how == "created a string":
        event["created"] = "yesterday"
    elif how == "created out of range":
        event["created"] = 10**20
    elif how == "id too long":
        event["id"] = "evt_" + "x" * 300
    elif how == "payment_intent an object":
        session["payment_intent"] = {"id": "pi_1", "status": "succeeded"}
    elif how == "event a list":
        return [event]
    elif how == "session id with a NUL":
        session["id"] = session["id"] + "\x00"
    elif how == "metadata with a NUL":
        session["metadata"] = {**session["metadata"], "payment_id": "1\x00"}
    return event


@pytest.mark.parametrize(
    "how",
    [
        "data not an object",
        "no data.object",
        "data.object a list",
        "metadata a string",
        "metadata a list",
        "currency a number",
        "session id an object",
        "created a string",
        "created out of range",
        "id too long",
        "payment_intent an object",
        "event a list",
        "session id with a NUL",
    ],
)
def test_a_signed_but_malformed_event_is_refused_logged_and_changes_nothing(
    how, client, luce, invoice, online_payment, stripe_standin, caplog
):
    """Not a 500, which Stripe would retry for days: a 400, logged, that changes nothing."""
    payment, _url = start_payment(luce, invoice)
    event = _malformed(paid_event(stripe_standin, payment), how)
    with caplog.at_level(logging.WARNING, logger="payments"):
        response = deliver(client, stripe_standin, event)
    assert response.status_code == 400
    assert "Stripe webhook refused" in caplog.text
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert not StripeEvent.objects.exists()
    send_due_emails()
    assert mail.outbox == []


def test_a_signed_event_nested_thousands_deep_is_refused_not_a_server_error(
    client, luce, invoice, online_payment, stripe_standin
):
    payment, _url = start_payment(luce, invoice)
    event = paid_event(stripe_standin, payment)
    deep = '{"a":' * 3000 + "1" + "}" * 3000
    payload = json.dumps(event).replace('"payment_status"', f'"deep": {deep}, "payment_status"', 1)
    response = client.post(
        WEBHOOK,
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_standin.sign(payload),
    )
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_events_the_portal_does_not_handle_are_acknowledged_and_ignored(
    client, luce, invoice, online_payment, stripe_standin
):
    payment, _url = start_payment(luce, invoice)
    event = paid_event(stripe_standin, payment, "checkout.session.expired")
    response = deliver(client, stripe_standin, event)
    assert response.status_code == 200 and response.content == b"ignored"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert not StripeEvent.objects.exists()


def test_an_amount_paid_other_than_asked_is_recorded_to_verify_not_dropped(
    client, luce, invoice, online_payment, stripe_standin, caplog
):
    """Money came: never refused (Stripe would retry in vain and the payment be nowhere),
    never « Payée » either: « à vérifier », with what was paid."""
    payment, _url = start_payment(luce, invoice)
    with caplog.at_level(logging.WARNING, logger="payments.services"):
        response = deliver(
            client, stripe_standin, paid_event(stripe_standin, payment, amount_total=100)
        )
    assert response.status_code == 200 and response.content == b"to_verify"
    assert "to verify" in caplog.text
    payment.refresh_from_db()
    assert payment.status == Payment.Status.TO_VERIFY
    assert payment.discrepancy == Payment.Discrepancy.AMOUNT_PAID
    assert payment.amount_received == Decimal("1.00") and payment.amount == Decimal("1250.00")
    # A second session paid in another currency: also kept, also to verify.
    Payment.objects.filter(pk=payment.pk).update(status=Payment.Status.PENDING)
    response = deliver(client, stripe_standin, paid_event(stripe_standin, payment, currency="usd"))
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.currency_received == "usd"


def test_an_unknown_invoice_is_refused(client, luce, invoice, online_payment, stripe_standin):
    payment, _url = start_payment(luce, invoice)
    event = paid_event(stripe_standin, payment, id="cs_test_unknown")
    assert deliver(client, stripe_standin, event).status_code == 400
    event = paid_event(stripe_standin, payment, metadata={"invoice_id": "99999"})
    assert deliver(client, stripe_standin, event).status_code == 400
    assert not StripeEvent.objects.exists()


@pytest.mark.parametrize(
    ("events", "final"),
    [
        (["async_succeeded", "completed_unpaid"], "paid"),
        (["completed_unpaid", "async_succeeded"], "paid"),
        (["completed_paid", "completed_unpaid"], "paid"),
        (["async_failed", "completed_unpaid"], "failed"),
        (["completed_unpaid", "async_failed"], "failed"),
    ],
)
def test_events_in_any_order_end_in_the_same_state(
    events, final, client, luce, invoice, online_payment, stripe_standin
):
    payment, _url = start_payment(luce, invoice)
    kinds = {
        "async_succeeded": ("checkout.session.async_payment_succeeded", {"payment_status": "paid"}),
        "async_failed": ("checkout.session.async_payment_failed", {"payment_status": "unpaid"}),
        "completed_unpaid": ("checkout.session.completed", {"payment_status": "unpaid"}),
        "completed_paid": ("checkout.session.completed", {"payment_status": "paid"}),
    }
    for name in events:
        event_type, changes = kinds[name]
        assert (
            deliver(
                client, stripe_standin, paid_event(stripe_standin, payment, event_type, **changes)
            ).status_code
            == 200
        )
    payment.refresh_from_db()
    assert payment.status == final
    send_due_emails()
    # Paid: the client's receipt and the lawyer's alert.
    assert len(mail.outbox) == (2 if final == "paid" else 0)


def test_marc_cannot_pay_luces_invoice(client, client_b, invoice, online_payment, stripe_standin):
    client.force_login(client_b)
    assert client.post(reverse("payments:pay", args=[invoice.pk])).status_code == 404
    assert client.get(reverse("payments:pay", args=[invoice.pk])).status_code == 404
    assert not Payment.objects.exists()


def test_marc_cannot_see_luces_payment_pages(
    client, luce, client_b, invoice, online_payment, stripe_standin
):
    payment, _url = start_payment(luce, invoice)
    client.force_login(client_b)
    for name in ("payments:success", "payments:cancel"):
        assert client.get(reverse(name, args=[payment.pk])).status_code == 404


def test_reconciliation_settles_a_payment_whose_webhook_was_lost(
    luce, invoice, online_payment, stripe_standin
):
    payment, _url = start_payment(luce, invoice)
    stripe_standin.lose_webhooks = True
    stripe_standin.pay(payment.checkout_session_id)  # paid at Stripe; the portal heard nothing
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING

    call_command("reconcile_payments")
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    call_command("reconcile_payments")  # twice changes nothing more
    send_due_emails()
    assert len(mail.outbox) == 2  # the receipt and the lawyer's alert


def test_the_webhook_is_the_only_view_without_csrf_and_login(client):
    from django.test import Client as HttpClient

    strict = HttpClient(enforce_csrf_checks=True)
    assert strict.post(WEBHOOK, "{}", content_type="application/json").status_code == 400  # not 403
    assert strict.post(reverse("payments:pay", args=[1])).status_code in (302, 403)


def test_a_co_client_never_gets_another_clients_session(
    luce, client_a, client_b, invoice, online_payment, stripe_standin
):
    from dossiers.factories import DossierAccessFactory

    DossierAccessFactory(dossier=invoice.dossier, client=client_b)
    _payment, luce_url = start_payment(luce, invoice)
    marc = HttpClient()
    marc.force_login(client_b)
    marc_payment, marc_url = start_payment(marc, invoice)
    assert marc_url != luce_url
    assert (
        stripe_standin.sessions[marc_payment.checkout_session_id]["customer_email"]
        == client_b.email
    )


def test_a_changed_amount_opens_a_new_session_and_the_old_one_cannot_settle(
    client, luce, invoice, online_payment, stripe_standin
):
    old, old_url = start_payment(luce, invoice)
    Invoice.objects.filter(pk=invoice.pk).update(amount=Decimal("5000.00"))
    new, new_url = start_payment(luce, invoice)
    assert new_url != old_url and new.amount == Decimal("5000.00")
    assert stripe_standin.sessions[new.checkout_session_id]["amount_total"] == 500000
    # Paying the stale session does not settle the invoice: it is received, to verify.
    assert deliver(client, stripe_standin, paid_event(stripe_standin, old)).status_code == 200
    old.refresh_from_db()
    assert old.status == Payment.Status.TO_VERIFY
    assert old.discrepancy == Payment.Discrepancy.AMOUNT_CHANGED


def test_a_payment_being_confirmed_hides_payer(
    client, luce, invoice, online_payment, stripe_standin
):
    payment, _url = start_payment(luce, invoice)
    event = paid_event(stripe_standin, payment, payment_status="unpaid")
    assert deliver(client, stripe_standin, event).status_code == 200
    page = invoices_page(luce)
    assert "Paiement en cours de confirmation" in page
    assert reverse("payments:pay", args=[invoice.pk]) not in page
    assert luce.post(reverse("payments:pay", args=[invoice.pk])).status_code == 404


def test_a_corrected_invoice_closes_its_open_checkout_page(
    luce, invoice, online_payment, stripe_standin
):
    from payments.services import expire_stale_checkouts

    payment, _url = start_payment(luce, invoice)
    assert expire_stale_checkouts() == 0  # nothing changed: the page stays open
    Invoice.objects.filter(pk=invoice.pk).update(amount=Decimal("900.00"))
    assert expire_stale_checkouts() == 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED
    assert stripe_standin.sessions[payment.checkout_session_id]["status"] == "expired"
