"""A publish that shares items with a client who never logged in: their first-connection
email, with a way in and what was shared, never a "log in to see them" they cannot follow."""

import pytest
from django.core import mail

from clients.factories import ClientFactory
from dossiers.factories import DocumentFactory, shared_dossier
from dossiers.models import Dossier
from notifications.tests.helpers import send_due_emails, sent_to
from portal_pages.models import FirmSettings

pytestmark = pytest.mark.django_db


def publish_a_document(dossier, lawyer):
    DocumentFactory(dossier=dossier, first_published_at=None)
    dossier = Dossier.objects.get(pk=dossier.pk)
    dossier.save_revision(user=lawyer).publish(user=lawyer)


def test_a_client_who_never_logged_in_gets_a_way_in_with_what_was_shared(client, client_a, lawyer):
    newcomer = ClientFactory(email="nouveau@example.fr")
    dossier = shared_dossier(client_a, newcomer)
    publish_a_document(dossier, lawyer)
    send_due_emails()
    [first] = sent_to(newcomer.email)
    assert "/activation/" in first.body and newcomer.email in first.body
    assert "1 document" in first.body and dossier.reference in first.body
    assert "List-Unsubscribe" not in first.extra_headers
    newcomer.refresh_from_db()
    assert newcomer.invited_at is not None
    # Luce, who has logged in before, gets the ordinary share email.
    [ordinary] = sent_to(client_a.email)
    assert "/activation/" not in ordinary.body and "List-Unsubscribe" in ordinary.extra_headers

    # The link works: the newcomer chooses a password, then sees the document.
    link = next(line for line in first.body.splitlines() if "/activation/" in line).strip()
    response = client.get(link.removeprefix("http://testserver"), follow=True)
    assert response.status_code == 200


def test_with_temporary_passwords_the_email_carries_one(client_a, lawyer):
    firm = FirmSettings.current()
    firm.first_connection = FirmSettings.FirstConnection.TEMPORARY_PASSWORD
    firm.save()
    newcomer = ClientFactory(email="nouveau@example.fr")
    publish_a_document(shared_dossier(newcomer), lawyer)
    mail.outbox.clear()
    send_due_emails()
    [first] = sent_to(newcomer.email)
    assert "Votre mot de passe provisoire :" in first.body
    newcomer.refresh_from_db()
    assert newcomer.must_change_password
