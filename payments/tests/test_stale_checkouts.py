"""No payment is ever lost: every way an invoice changes closes the Checkout page opened
for its old state, and money that comes all the same is recorded « à vérifier ».

Each route a lawyer (or the worker) has to change what a client may pay is tried here,
with the Stripe-compatible stand-in: the page opened before the change is expired at
Stripe's, through the publishing signals and the worker's task.
"""

import datetime
import time
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from dossiers.factories import DocumentFactory, InvoiceFactory, shared_dossier
from dossiers.models import Dossier, Invoice
from dossiers.sharing import publishing, routes
from notifications.registry import registered_periodic
from notifications.services import run_periodic
from notifications.tests.helpers import html_of, send_due_emails, sent_to
from payments import services
from payments.models import Payment

from .test_payments import deliver, paid_event, start_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(client_a, lawyer):
    dossier = shared_dossier(client_a)
    Dossier.objects.filter(pk=dossier.pk).update(interlocutor=lawyer)
    invoice = InvoiceFactory(
        dossier=dossier,
        number="FA-2026-0300",
        amount=Decimal("300.00"),
        live=False,
        first_published_at=None,
        shared_at=None,
    )
    invoice.save_revision(user=lawyer).publish(user=lawyer)  # a revision to restore later
    return Invoice.objects.get(pk=invoice.pk)


@pytest.fixture
def luce(client_a):
    http = HttpClient()
    http.force_login(client_a)
    return http


@pytest.fixture
def opened(luce, invoice, online_payment, stripe_standin):
    """Luce opened « Payer » for 300,00 €: the Checkout page waits at Stripe's."""
    payment, _url = start_payment(luce, invoice)
    assert stripe_standin.sessions[payment.checkout_session_id]["status"] == "open"
    return payment


def run_tasks():
    """What the worker does with its queue: the payments' tasks enqueued on commit, run
    (in the test's transaction: django-tasks-db's worker would close its connection)."""
    for result in DBTaskResult.objects.ready().filter(task_path__startswith="payments."):
        task = result.task_result
        result.task.call(*task.args, **task.kwargs)
        result.set_successful(None)


def assert_closed(payment, standin):
    run_tasks()
    payment.refresh_from_db()
    assert standin.sessions[payment.checkout_session_id]["status"] == "expired"
    assert payment.status == Payment.Status.EXPIRED


def edit_url(invoice, action="edit", *args):
    return reverse(f"wagtailsnippets_dossiers_invoice:{action}", args=[invoice.pk, *args])


def editor_form(http, url):
    response = http.get(url)
    assert response.status_code == 200, response.status_code
    return querydict_from_html(response.content.decode(), form_id="w-editor-form")


def change_in_editor(http, invoice, publish=True, **changes):
    data = editor_form(http, edit_url(invoice))
    data.update(changes)
    if data.get("payable_online") == "":
        data["payable_online"] = "on"
    if publish:
        data["action-publish"] = "action-publish"
    response = http.post(edit_url(invoice), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def bulk(http, invoice, action):
    listing = reverse("wagtailsnippets_dossiers_invoice:list") + f"?dossier={invoice.dossier_id}"
    url = reverse("wagtail_bulk_action", args=["dossiers", "invoice", action])
    query = urlencode([("id", invoice.pk), ("next", listing)])
    response = http.post(f"{url}?{query}")
    assert response.status_code == 302


def draft_amount(invoice, amount, user=None):
    draft = invoice.get_latest_revision_as_object()
    draft.amount = Decimal(amount)
    return draft.save_revision(user=user)


# Every route, each through the stand-in.


def test_the_editor_publishing_a_new_amount_closes_the_page(
    opened, invoice, lawyer_session, stripe_standin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change_in_editor(lawyer_session, invoice, amount="350,00")
    invoice.refresh_from_db()
    assert invoice.amount == Decimal("350.00")
    assert_closed(opened, stripe_standin)


def test_the_bulk_publish_of_a_new_amount_closes_the_page(
    opened, invoice, lawyer, lawyer_session, stripe_standin, django_capture_on_commit_callbacks
):
    draft_amount(invoice, "350.00", lawyer)
    with django_capture_on_commit_callbacks(execute=True):
        bulk(lawyer_session, invoice, "publish_for_clients")
    assert_closed(opened, stripe_standin)


def test_a_dossier_published_with_its_items_closes_the_page(
    opened, invoice, lawyer, stripe_standin, django_capture_on_commit_callbacks
):
    draft_amount(invoice, "350.00", lawyer)
    dossier = Dossier.objects.get(pk=invoice.dossier_id)
    with django_capture_on_commit_callbacks(execute=True):
        assert routes.publish_with_items(dossier, by=lawyer) == 1
    assert_closed(opened, stripe_standin)


def test_a_revision_restored_and_published_closes_the_page(
    luce,
    invoice,
    lawyer,
    lawyer_session,
    online_payment,
    stripe_standin,
    django_capture_on_commit_callbacks,
):
    first = invoice.latest_revision
    draft_amount(invoice, "350.00", lawyer).publish(user=lawyer)
    payment, _url = start_payment(luce, Invoice.objects.get(pk=invoice.pk))
    assert payment.amount == Decimal("350.00")
    url = edit_url(invoice, "revisions_revert", first.pk)
    data = editor_form(lawyer_session, url)
    data["payable_online"] = "on"
    data["action-publish"] = "action-publish"
    with django_capture_on_commit_callbacks(execute=True):
        response = lawyer_session.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Invoice.objects.get(pk=invoice.pk).amount == Decimal("300.00")
    assert_closed(payment, stripe_standin)


def test_a_scheduled_publish_closes_the_page_when_the_worker_runs_it(
    opened, invoice, lawyer, stripe_standin, django_capture_on_commit_callbacks
):
    draft = invoice.get_latest_revision_as_object()
    draft.amount = Decimal("350.00")
    draft.go_live_at = timezone.now() + datetime.timedelta(seconds=1)
    draft.save_revision(user=lawyer).publish(user=lawyer)
    assert Invoice.objects.get(pk=invoice.pk).amount == Decimal("300.00")  # not yet
    time.sleep(1.1)
    # The worker's job, every minute (run alone: the hourly reconciliation, which the
    # worker may run in the same turn, would close the page by itself).
    [job] = [job for job in registered_periodic() if job.name == "publish_scheduled"]
    assert job.every == 60
    with django_capture_on_commit_callbacks(execute=True):
        job.run()
    assert Invoice.objects.get(pk=invoice.pk).amount == Decimal("350.00")
    assert_closed(opened, stripe_standin)


@pytest.mark.parametrize("how", ["bulk", "editor"])
def test_a_withdrawn_invoice_closes_the_page(
    how, opened, invoice, lawyer_session, stripe_standin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        if how == "bulk":
            bulk(lawyer_session, invoice, "withdraw_from_sharing")
        else:
            response = lawyer_session.post(edit_url(invoice, "unpublish"))
            assert response.status_code == 302
    assert not Invoice.objects.get(pk=invoice.pk).live
    assert_closed(opened, stripe_standin)


def test_a_deleted_invoice_closes_the_page(
    opened, invoice, lawyer_session, stripe_standin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = lawyer_session.post(edit_url(invoice, "delete"))
    assert response.status_code == 302
    assert not Invoice.objects.filter(pk=invoice.pk).exists()
    assert_closed(opened, stripe_standin)


@pytest.mark.parametrize("how", ["editor", "service"])
def test_an_invoice_marked_paid_closes_the_page(
    how,
    opened,
    invoice,
    lawyer,
    lawyer_session,
    stripe_standin,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        if how == "editor":
            change_in_editor(lawyer_session, invoice, status="paid")
        else:
            assert publishing.mark_paid(invoice, by=lawyer)
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.PAID
    assert_closed(opened, stripe_standin)


def test_a_draft_saved_changes_nothing_for_the_client(
    opened, invoice, lawyer_session, stripe_standin, django_capture_on_commit_callbacks
):
    """The client still sees (and may pay) the live invoice while the lawyer drafts."""
    with django_capture_on_commit_callbacks(execute=True):
        change_in_editor(lawyer_session, invoice, publish=False, amount="350,00")
    run_tasks()
    opened.refresh_from_db()
    assert opened.status == Payment.Status.PENDING
    assert stripe_standin.sessions[opened.checkout_session_id]["status"] == "open"


def test_republishing_the_same_amount_keeps_the_page_open(
    opened, invoice, lawyer, stripe_standin, django_capture_on_commit_callbacks
):
    draft = invoice.get_latest_revision_as_object()
    draft.due_date = invoice.issue_date + datetime.timedelta(days=30)
    draft.save_revision(user=lawyer)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(invoice.dossier, {Invoice: [invoice.pk]}, by=lawyer)
    run_tasks()
    opened.refresh_from_db()
    assert opened.status == Payment.Status.PENDING


def test_the_hourly_reconciliation_closes_what_a_lost_task_left_open(
    opened, invoice, stripe_standin
):
    Invoice.objects.filter(pk=invoice.pk).update(amount=Decimal("350.00"))  # no signal
    assert "reconcile_payments" in run_periodic(worker="test")
    opened.refresh_from_db()
    assert opened.status == Payment.Status.EXPIRED


# Money that comes all the same.


def paid_before_the_page_closed(client, invoice, opened, stripe_standin, lawyer_session):
    """The lawyer corrects 300 → 350 and publishes; Luce pays the 300 € page before the
    worker closes it."""
    change_in_editor(lawyer_session, invoice, amount="350,00")
    event = paid_event(stripe_standin, opened)
    response = deliver(client, stripe_standin, event)
    assert response.status_code == 200  # Stripe stops retrying
    return response, event


def test_a_stale_page_paid_all_the_same_is_recorded_to_verify(
    client, luce, client_a, lawyer, invoice, opened, stripe_standin, lawyer_session
):
    response, _event = paid_before_the_page_closed(
        client, invoice, opened, stripe_standin, lawyer_session
    )
    assert response.content == b"to_verify"
    opened.refresh_from_db()
    assert opened.status == Payment.Status.TO_VERIFY
    assert opened.discrepancy == Payment.Discrepancy.AMOUNT_CHANGED
    assert opened.amount_received == Decimal("300.00")
    assert opened.invoice_now == {
        "number": "FA-2026-0300",
        "amount": "350.00",
        "status": "to_pay",
        "shared": True,
    }
    # The client: received, being checked; never « Payée », and no second « Payer ».
    page = luce.get(reverse("dossiers:category", args=["factures"])).content.decode()
    assert "Paiement reçu, en cours de vérification par le cabinet" in page
    assert ">Payée<" not in page
    assert reverse("payments:pay", args=[invoice.pk]) not in page
    assert luce.post(reverse("payments:pay", args=[invoice.pk])).status_code == 404
    activity = luce.get(reverse("privacy:activity")).content.decode()
    assert "Paiement reçu, en cours de vérification par le cabinet" in activity
    # One email each: her receipt, the interlocutor's alert, which names only the
    # dossier's reference and the link (professional secrecy).
    send_due_emails()
    # Besides the share digest of the invoice (the fixture's publish):
    [receipt] = [m for m in sent_to(client_a.email) if "vérification" in m.subject]
    assert "300,00" in receipt.body and "vérifie" in receipt.body
    [alert] = sent_to(lawyer.email)
    assert alert.subject == f"Un paiement à vérifier, dossier {invoice.dossier.reference}"
    for secret in ("300", "350", "FA-2026-0300", "ALEXANDER", invoice.dossier.short_name):
        assert secret not in alert.subject + alert.body + html_of(alert), secret
    assert f"/admin/payments/payment/inspect/{opened.pk}/" in alert.body
    # « À traiter » shows it, in his dossiers and the firm's.
    home = lawyer_session.get(reverse("wagtailadmin_home")).content.decode()
    assert "Paiements à vérifier" in home
    assert f"status=to_verify&amp;interlocutor={lawyer.pk}" in home


def test_a_second_delivery_of_the_event_changes_nothing(
    client, invoice, opened, stripe_standin, lawyer_session
):
    _response, event = paid_before_the_page_closed(
        client, invoice, opened, stripe_standin, lawyer_session
    )
    assert deliver(client, stripe_standin, event).content == b"duplicate"
    later = paid_event(stripe_standin, opened, "checkout.session.async_payment_succeeded")
    assert deliver(client, stripe_standin, later).content == b"to_verify (no change)"
    send_due_emails()
    # Besides the share digest of the invoice: the receipt and the alert, once.
    assert sorted(m.subject for m in mail.outbox if "vérif" in m.subject) == [
        "Paiement reçu, en cours de vérification par le cabinet",
        f"Un paiement à vérifier, dossier {invoice.dossier.reference}",
    ]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("withdraw", Payment.Discrepancy.WITHDRAWN),
        ("delete", Payment.Discrepancy.DELETED),
        ("paid", Payment.Discrepancy.SETTLED),
        ("cancel", Payment.Discrepancy.CANCELLED),
    ],
)
def test_every_kind_of_stale_page_paid_is_kept(
    change, reason, client, invoice, opened, stripe_standin, lawyer
):
    if change == "withdraw":
        publishing.withdraw(invoice.dossier, {Invoice: [invoice.pk]}, by=lawyer)
    elif change == "delete":
        invoice.delete()
    elif change == "paid":
        publishing.mark_paid(invoice, by=lawyer)
    else:
        Invoice.objects.filter(pk=invoice.pk).update(status=Invoice.Status.CANCELLED)
    assert deliver(client, stripe_standin, paid_event(stripe_standin, opened)).status_code == 200
    opened.refresh_from_db()
    assert opened.status == Payment.Status.TO_VERIFY and opened.discrepancy == reason
    assert opened.amount_received == Decimal("300.00")
    # The dossier is kept with the payment: its interlocutor hears, the invoice gone too.
    send_due_emails()
    assert len(sent_to(lawyer.email)) == 1


def test_a_second_client_paying_the_same_invoice_is_kept_to_verify(
    client, client_b, invoice, opened, stripe_standin
):
    from dossiers.factories import DossierAccessFactory

    DossierAccessFactory(dossier=invoice.dossier, client=client_b)
    marc = HttpClient()
    marc.force_login(client_b)
    second, _url = start_payment(marc, invoice)
    assert deliver(client, stripe_standin, paid_event(stripe_standin, opened)).content == b"paid"
    assert deliver(client, stripe_standin, paid_event(stripe_standin, second)).status_code == 200
    second.refresh_from_db()
    assert second.status == Payment.Status.TO_VERIFY
    assert second.discrepancy == Payment.Discrepancy.SETTLED


def review(http, payment, decision, note="Réglé par virement le même jour."):
    return http.post(
        reverse("payments_admin:review", args=[payment.pk]), {"decision": decision, "note": note}
    )


def test_accept_as_settlement_settles_the_invoice_once(
    client, luce, lawyer, invoice, opened, stripe_standin, lawyer_session
):
    paid_before_the_page_closed(client, invoice, opened, stripe_standin, lawyer_session)
    inspect = lawyer_session.get(f"/admin/payments/payment/inspect/{opened.pk}/").content.decode()
    assert "Accepter comme règlement" in inspect and "À rembourser" in inspect
    assert "Le montant de la facture a changé" in inspect and "350,00" in inspect
    # A decision without a note is refused and changes nothing.
    assert review(lawyer_session, opened, "accept", note="").status_code == 302
    opened.refresh_from_db()
    assert opened.status == Payment.Status.TO_VERIFY
    review(lawyer_session, opened, "accept")
    review(lawyer_session, opened, "accept")  # twice: decided already
    review(lawyer_session, opened, "refund")
    opened.refresh_from_db()
    assert opened.status == Payment.Status.PAID and opened.reviewed_by == lawyer
    assert opened.review_note == "Réglé par virement le même jour."
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and invoice.live
    assert not invoice.has_unpublished_changes
    decisions = ModelLogEntry.objects.filter(action="espace.payment_review")
    assert decisions.count() == 1 and decisions.get().data["decision"] == "accept"
    publishes = ModelLogEntry.objects.filter(action="wagtail.publish", object_id=str(invoice.pk))
    assert publishes.count() == 3  # shared, corrected, then « marquée payée »
    page = luce.get(reverse("dossiers:category", args=["factures"])).content.decode()
    assert ">Payée<" in page and "vérification" not in page
    home = lawyer_session.get(reverse("wagtailadmin_home")).content.decode()
    assert "Paiements à vérifier" in home


def test_to_refund_tells_the_client_and_leaves_the_invoice_to_pay(
    client, luce, lawyer, invoice, opened, stripe_standin, lawyer_session
):
    paid_before_the_page_closed(client, invoice, opened, stripe_standin, lawyer_session)
    review(lawyer_session, opened, "refund", note="Remboursement Stripe demandé.")
    opened.refresh_from_db()
    assert opened.status == Payment.Status.TO_REFUND
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.TO_PAY
    page = luce.get(reverse("dossiers:category", args=["factures"])).content.decode()
    assert "le cabinet vous le remboursera" in page


def test_a_client_or_a_lawyer_without_the_permission_cannot_decide(
    client, luce, invoice, opened, stripe_standin, lawyer_session
):
    paid_before_the_page_closed(client, invoice, opened, stripe_standin, lawyer_session)
    assert review(luce, opened, "accept").status_code in (302, 403)
    from clients.factories import UserFactory

    reader = UserFactory(is_staff=True)
    http = HttpClient()
    http.force_login(reader)
    assert review(http, opened, "accept").status_code in (302, 403)
    opened.refresh_from_db()
    assert opened.status == Payment.Status.TO_VERIFY


def test_the_reconciliation_turns_a_session_refused_before_the_upgrade_to_verify(
    luce, invoice, online_payment, stripe_standin
):
    """Before this version the webhook refused such a payment: still « en attente » here,
    paid at Stripe's. The reconciliation (hourly, and on the first run after the upgrade)
    records it « à vérifier »."""
    payment, _url = start_payment(luce, invoice)
    stripe_standin.lose_webhooks = True
    stripe_standin.pay(payment.checkout_session_id)
    Invoice.objects.filter(pk=invoice.pk).update(amount=Decimal("350.00"))
    assert services.reconcile() == {payment.pk: Payment.Status.TO_VERIFY}
    payment.refresh_from_db()
    assert payment.status == Payment.Status.TO_VERIFY
    assert services.reconcile() == {}  # once


# What publishing costs.


@pytest.mark.parametrize("count", [1, 200])
def test_publishing_1_or_200_items_of_mixed_categories_costs_at_most_30_statements(
    count, client_a, client_b, lawyer, django_assert_max_num_queries
):
    from dossiers.factories import (
        AppointmentFactory,
        ProcedureDateFactory,
    )

    dossier = shared_dossier(client_a, client_b)
    factories = [DocumentFactory, AppointmentFactory, ProcedureDateFactory, InvoiceFactory]
    selection = {}
    for index in range(count):
        factory = factories[index % 4]
        item = factory(dossier=dossier, live=index % 3 != 0, shared_at=None)
        if item.live:  # shared, with a change waiting
            draft = item.get_latest_revision_as_object()
            draft.save_revision()
        else:
            item.save_revision()
        selection.setdefault(type(item), []).append(item.pk)
    with django_assert_max_num_queries(30):
        assert publishing.publish(dossier, selection, by=lawyer) == count


def test_a_dossier_unpublished_closes_the_pages_of_its_invoices(
    opened, invoice, lawyer_session, stripe_standin, django_capture_on_commit_callbacks
):
    url = reverse("wagtailsnippets_dossiers_dossier:unpublish", args=[invoice.dossier_id])
    with django_capture_on_commit_callbacks(execute=True):
        assert lawyer_session.post(url).status_code == 302
    assert not Dossier.objects.get(pk=invoice.dossier_id).live
    assert_closed(opened, stripe_standin)
