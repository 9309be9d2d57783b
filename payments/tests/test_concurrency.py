"""Two deliveries of one Stripe event at the same instant record one payment, one receipt."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from dossiers.factories import InvoiceFactory, shared_dossier
from notifications.models import OutgoingEmail
from payments import services
from payments.models import Payment, StripeEvent

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent transactions need PostgreSQL (CI runs the suite on it too)",
)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_deliveries_record_one_payment_and_one_receipt(client_a):
    invoice = InvoiceFactory(dossier=shared_dossier(client_a), amount=Decimal("1250.00"))
    payment = Payment.objects.create(
        invoice=invoice,
        client=client_a,
        invoice_number=invoice.number,
        amount=invoice.amount,
        checkout_session_id="cs_test_concurrent",
    )
    event = {
        "id": "evt_test_concurrent",
        "type": "checkout.session.completed",
        "created": 1_790_000_000,
        "data": {
            "object": {
                "id": "cs_test_concurrent",
                "amount_total": 125000,
                "currency": "eur",
                "payment_status": "paid",
                "status": "complete",
                "payment_intent": "pi_concurrent",
                "metadata": {"invoice_id": str(invoice.pk), "payment_id": str(payment.pk)},
            }
        },
    }
    barrier = threading.Barrier(2)
    outcomes = []

    def deliver():
        try:
            barrier.wait()
            outcomes.append(services.process_event(event))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["duplicate", "paid"]
    assert StripeEvent.objects.count() == 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert OutgoingEmail.objects.filter(kind=services.RECEIPT).count() == 1
