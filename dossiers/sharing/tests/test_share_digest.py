"""« Le partage de nouveaux éléments »: one email per client, merged, never twice."""

import pytest
from django.core import mail

from clients.factories import ClientFactory
from dossiers.factories import (
    AppointmentFactory,
    DocumentFactory,
    DossierAccessFactory,
    shared_dossier,
)
from dossiers.models import ITEM_MODELS, Document, Dossier
from dossiers.sharing import publishing
from notifications.models import OutgoingEmail
from notifications.tests.helpers import html_of, send_due_emails, sent_to

pytestmark = pytest.mark.django_db


def publish(dossier, user=None):
    """Publish the dossier and its draft items the way the back office does."""
    dossier = Dossier.objects.get(pk=dossier.pk)
    dossier.save_revision(user=user).publish(user=user)
    for model in ITEM_MODELS.values():
        drafts = list(
            model.objects.filter(dossier=dossier, live=False).values_list("pk", flat=True)
        )
        if drafts:
            publishing.publish(dossier, {model: drafts}, by=user)
    return dossier


def draft_items(dossier, documents=0, appointments=0):
    """Items prepared by the lawyer and not published yet."""
    draft = {"live": False, "first_published_at": None}
    DocumentFactory.create_batch(documents, dossier=dossier, **draft)
    AppointmentFactory.create_batch(appointments, dossier=dossier, **draft)


@pytest.fixture
def luce_dossiers(client_a):
    main = shared_dossier(client_a)
    main.reference, main.short_name = "2017IIDOS/1529", "ALEXAN"
    main.save()
    other = shared_dossier(client_a)
    other.reference, other.short_name = "2019IIDOS/0412", "ALEXAN-SCI"
    other.save()
    return main, other


def test_publishes_close_together_make_one_email_with_counts_and_dossiers(
    client_a, client_b, luce_dossiers, lawyer
):
    main, other = luce_dossiers
    accountant = ClientFactory(email="compta@example.fr")
    DossierAccessFactory(
        dossier=main,
        client=accountant,
        documents=False,
        appointments=False,
        procedure_dates=False,
        invoices=True,
    )
    shared_dossier(client_b, items={"documents": 1})  # Marc's own dossier, already shared

    draft_items(main, documents=3, appointments=1)
    publish(main, lawyer)
    draft_items(other, documents=1)
    publish(other, lawyer)
    send_due_emails()

    to_luce = sent_to(client_a.email)
    assert len(to_luce) == 1
    message = to_luce[0]
    for text in (message.body, html_of(message)):
        assert "4 documents" in text
        assert "1 rendez-vous" in text
        assert "2017IIDOS/1529 - ALEXAN" in text
        assert "2019IIDOS/0412 - ALEXAN-SCI" in text
        assert "http://testserver/" in text
    assert "factures" not in message.body.lower()
    # Only what the manual lists: no title, no file.
    assert not message.attachments
    assert all(doc.title not in message.body for doc in Document.objects.all())
    assert sent_to(client_b.email) == []
    assert sent_to(accountant.email) == []
    assert len(mail.outbox) == 1


def test_a_client_limited_to_invoices_hears_only_of_invoices(client_a, lawyer):
    from dossiers.factories import InvoiceFactory

    dossier = shared_dossier(client_a, documents=False, appointments=False, procedure_dates=False)
    draft_items(dossier, documents=2)
    InvoiceFactory(dossier=dossier, live=False, first_published_at=None)
    publish(dossier, lawyer)
    send_due_emails()

    [message] = sent_to(client_a.email)
    assert "1 facture" in message.body
    assert "document" not in message.body


def test_items_unpublished_before_the_email_goes_are_not_announced(client_a, lawyer):
    dossier = shared_dossier(client_a)
    draft_items(dossier, documents=2)
    publish(dossier, lawyer)
    dossier.refresh_from_db()
    dossier.unpublish(user=lawyer)
    send_due_emails()

    assert mail.outbox == []
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.CANCELLED


def test_an_item_removed_before_the_email_goes_is_not_counted(client_a, lawyer):
    dossier = shared_dossier(client_a)
    draft_items(dossier, documents=2)
    publish(dossier, lawyer)
    publishing.withdraw(dossier, {Document: [dossier.documents.first().pk]}, by=lawyer)
    send_due_emails()

    [message] = sent_to(client_a.email)
    assert "1 document" in message.body and "2 documents" not in message.body


def test_republishing_without_new_items_sends_nothing_more(client_a, lawyer):
    dossier = shared_dossier(client_a)
    draft_items(dossier, documents=1)
    publish(dossier, lawyer)
    send_due_emails()
    assert len(mail.outbox) == 1

    publish(dossier, lawyer)
    live = Dossier.objects.get(pk=dossier.pk)
    live.short_name = "AUTRE"
    live.save_revision(user=lawyer).publish(user=lawyer)
    send_due_emails()

    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.count() == 1


def test_an_email_sent_closes_the_digest_and_later_shares_start_a_new_one(client_a, lawyer):
    dossier = shared_dossier(client_a)
    draft_items(dossier, documents=1)
    publish(dossier, lawyer)
    send_due_emails()
    draft_items(dossier, appointments=1)
    publish(dossier, lawyer)
    send_due_emails()

    first, second = sent_to(client_a.email)
    assert "1 document" in first.body and "rendez-vous" not in first.body
    assert "1 rendez-vous" in second.body and "document" not in second.body


def test_the_digest_waits_for_the_quiet_period(client_a, lawyer, settings):
    settings.NOTIFICATION_QUIET_PERIOD = 120
    dossier = shared_dossier(client_a)
    draft_items(dossier, documents=1)
    publish(dossier, lawyer)

    assert send_due_emails(skip_quiet_period=False) == 0
    assert mail.outbox == []
    digest = OutgoingEmail.objects.get()
    assert 110 < (digest.send_after - digest.created_at).total_seconds() <= 121


def test_a_publish_scheduled_for_later_announces_when_it_goes_live(client_a, lawyer):
    import datetime
    import time

    from django.core.management import call_command
    from django.utils import timezone

    dossier = shared_dossier(client_a)
    Dossier.objects.filter(pk=dossier.pk).update(live=False)
    dossier.refresh_from_db()
    draft_items(dossier, documents=1)
    publishing.publish(dossier, {Document: [dossier.documents.get().pk]}, by=lawyer)
    scheduled = Dossier.objects.get(pk=dossier.pk)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    scheduled.save_revision(user=lawyer).publish(user=lawyer)
    assert not OutgoingEmail.objects.exists()  # not live yet: nothing to announce

    time.sleep(2.1)
    call_command("publish_scheduled")
    send_due_emails()
    [message] = sent_to(client_a.email)
    assert "1 document" in message.body


def test_items_published_in_a_draft_dossier_are_announced_once_it_is_published(client_a, lawyer):
    dossier = shared_dossier(client_a)
    Dossier.objects.filter(pk=dossier.pk).update(live=False)
    dossier.refresh_from_db()
    draft_items(dossier, documents=2)
    publishing.publish(dossier, {Document: list(dossier.documents.values_list("pk", flat=True))})
    assert not OutgoingEmail.objects.exists()  # the dossier is a draft: clients see nothing
    publish(dossier, lawyer)
    publish(dossier, lawyer)  # publishing again tells nothing more
    send_due_emails()
    [message] = sent_to(client_a.email)
    assert "2 documents" in message.body


# Rules a plausible bug breaks without any other test failing (each checked by applying
# the bug: the test fails with it).


def test_a_digest_counts_only_what_its_client_may_see_while_others_publish(
    client_a, client_b, lawyer
):
    """Marc's dossier publishes in the same window: Luce's email names none of it."""
    luce = shared_dossier(client_a)
    marc = shared_dossier(client_b)
    marc.reference, marc.short_name = "2021IIDOS/0087", "DUPONT"
    marc.save()
    draft_items(luce, documents=1)
    draft_items(marc, documents=3, appointments=2)
    publish(luce, lawyer)
    publish(marc, lawyer)
    send_due_emails()
    [message] = sent_to(client_a.email)
    text = message.subject + message.body + html_of(message)
    assert "1 document" in text and "3 documents" not in text and "rendez-vous" not in text
    assert "DUPONT" not in text and "2021IIDOS/0087" not in text


def test_a_long_stream_of_publishes_still_sends_within_five_quiet_periods(
    client_a, lawyer, settings
):
    """Each publish pushes the digest back, but never beyond its cap."""
    import datetime
    from unittest import mock

    from django.utils import timezone

    from notifications.gathering import MAX_DELAY_FACTOR, quiet_period

    dossier = shared_dossier(client_a)
    start = timezone.now()
    for step in range(12):  # a publish every half quiet period, for six quiet periods
        now = start + step * quiet_period() / 2
        with mock.patch("django.utils.timezone.now", return_value=now):
            draft_items(dossier, documents=1)
            publish(dossier, lawyer)
    [digest] = OutgoingEmail.objects.filter(kind="share_digest")
    assert digest.send_after <= digest.created_at + quiet_period() * MAX_DELAY_FACTOR
    assert digest.send_after > start + quiet_period()  # it was pushed back, up to the cap
    assert digest.send_after - digest.created_at > datetime.timedelta(0)


def test_items_shared_after_a_digest_was_first_tried_go_in_the_next_one(client_a, lawyer):
    """A digest tells what was shared until its first attempt, even when retried."""
    from django.utils import timezone

    from notifications import delivery

    dossier = shared_dossier(client_a)
    draft_items(dossier, documents=1)
    publish(dossier, lawyer)
    first = OutgoingEmail.objects.get(kind="share_digest")
    OutgoingEmail.objects.filter(pk=first.pk).update(
        first_attempted_at=timezone.now(),
        attempts=1,  # tried once, to be retried
    )
    draft_items(dossier, documents=2)
    publish(dossier, lawyer)
    first.refresh_from_db()
    assert "1 document" in delivery.render(first).body
    second = OutgoingEmail.objects.exclude(pk=first.pk).get(kind="share_digest")
    assert "2 documents" in delivery.render(second).body


def test_publishes_find_the_clients_pending_digest_when_ids_differ_between_tables(client_a, lawyer):
    """Emails and users numbered apart: the pending digest is found by its client."""
    others = ClientFactory.create_batch(3)
    for other in others:  # unrelated emails first: the outbox's ids run ahead of the users'
        for _ in range(4):
            OutgoingEmail.objects.create(kind="share_digest", recipient=other.email, user=other)
    dossier = shared_dossier(client_a)
    draft_items(dossier, documents=1)
    publish(dossier, lawyer)
    draft_items(dossier, documents=1)
    publish(dossier, lawyer)
    digests = OutgoingEmail.objects.filter(kind="share_digest", user=client_a)
    assert digests.count() == 1
    assert digests.get().pk != client_a.pk
