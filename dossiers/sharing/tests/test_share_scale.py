"""Announcing scales with the number of clients, not with the number of items."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.factories import ClientFactory
from clients.models import User
from dossiers.factories import DocumentFactory, DossierAccessFactory, DossierFactory
from dossiers.models import Document, Dossier
from dossiers.sharing import publishing
from notifications.models import OutgoingEmail
from notifications.tests.helpers import send_due_emails

pytestmark = pytest.mark.django_db

CLIENTS_PER_DOSSIER = 5


def publish_and_send(clients, items):
    """``items`` items over dossiers of 5 clients each, published, then the emails sent."""
    dossiers = []
    for start in range(0, clients, CLIENTS_PER_DOSSIER):
        dossier = DossierFactory()
        for n in range(start, start + CLIENTS_PER_DOSSIER):
            DossierAccessFactory(dossier=dossier, client=ClientFactory(email=f"c{n}@x.fr"))
        dossiers.append(dossier)
    for n in range(items):
        DocumentFactory(
            dossier=dossiers[n % len(dossiers)], live=False, first_published_at=None, file="d.pdf"
        )
    with CaptureQueriesContext(connection) as queries:
        for dossier in dossiers:
            drafts = dossier.documents.values_list("pk", flat=True)
            publishing.publish(dossier, {Document: list(drafts)})
        # Rows written: one date per item, one digest per client; none per item and client.
        assert OutgoingEmail.objects.count() == clients
        send_due_emails()
    return len(queries)


@pytest.mark.parametrize(
    ("clients", "items"), [(200, 200), (200, 1000)], ids=["200-items", "1000-items"]
)
def test_publishing_many_items_to_many_clients(clients, items, record_property):
    queries = publish_and_send(clients, items)
    record_property("sql_queries", queries)
    print(f"\n{items} items, {clients} clients: {len(mail.outbox)} emails, {queries} SQL queries")
    assert len(mail.outbox) == clients
    assert len({message.to[0] for message in mail.outbox}) == clients
    # Per client: its digest rendered and sent in a fixed number of queries; per dossier:
    # the items published, logged and announced in bulk.
    assert queries <= 20 * clients


def reset():
    mail.outbox.clear()
    OutgoingEmail.objects.all().delete()
    Dossier.objects.all().delete()
    User.objects.filter(is_staff=False).delete()


def test_the_query_count_does_not_grow_with_the_items():
    publish_and_send(5, 5)  # warm the caches (content types, site) first
    reset()
    with_few = publish_and_send(200, 200)
    reset()
    with_many = publish_and_send(200, 1000)
    print(f"\nSQL queries: {with_few} for 200 items, {with_many} for 1000 items (200 clients)")
    assert with_many == with_few
