"""The firm admins' "Emails" screen: every email with its status, attempts and last error."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from clients.factories import UserFactory
from common.records import admin_url
from dossiers.sharing.announcements import SHARE_DIGEST
from notifications import services
from notifications.models import OutgoingEmail

from .helpers import send_due_emails

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def failed_email(client_a):
    return OutgoingEmail.objects.create(
        kind=SHARE_DIGEST,
        recipient=client_a.email,
        user=client_a,
        subject="AAPS AVOCATS : nouveaux éléments",
        status=OutgoingEmail.Status.FAILED,
        attempts=17,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )


def test_the_list_shows_recipient_subject_status_and_attempts(firm_admin, failed_email):
    html = firm_admin.get(admin_url(OutgoingEmail, "index")).content.decode()
    for text in (failed_email.recipient, "nouveaux éléments", "Échec"):
        assert text in html
    # The attempts, in the email's own row (a "17" anywhere else on the page proves nothing).
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    [row] = [row for row in rows if failed_email.recipient in row]
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    assert "17" in cells, cells
    html = firm_admin.get(admin_url(OutgoingEmail, "index") + "?status=failed").content.decode()
    assert failed_email.recipient in html


def test_an_email_shows_its_last_error_and_can_be_resent(firm_admin, failed_email, client_a):
    from dossiers.factories import DocumentFactory, shared_dossier

    DocumentFactory(dossier=shared_dossier(client_a))
    failed_email.context = {"since": failed_email.created_at.isoformat()}
    failed_email.save()
    inspect = firm_admin.get(admin_url(OutgoingEmail, "inspect", failed_email.pk)).content.decode()
    assert "Connection unexpectedly closed" in inspect
    assert "Renvoyer" in inspect

    response = firm_admin.post(reverse("email_resend", args=[failed_email.pk]))
    assert response.status_code == 302
    failed_email.refresh_from_db()
    assert (failed_email.status, failed_email.attempts) == (OutgoingEmail.Status.QUEUED, 0)
    send_due_emails()
    assert [m.to for m in mail.outbox] == [[client_a.email]]


def test_emails_are_a_record_nobody_edits(firm_admin, failed_email):
    assert firm_admin.get(admin_url(OutgoingEmail, "edit", failed_email.pk)).status_code in (
        302,
        403,
    )
    assert firm_admin.get(admin_url(OutgoingEmail, "create")).status_code in (302, 403)


def test_lawyers_and_clients_do_not_see_the_outbox(client, lawyer, client_a, failed_email):
    for user in (lawyer, client_a):
        client.force_login(user)
        assert client.get(admin_url(OutgoingEmail, "index")).status_code in (302, 403)
        assert client.post(reverse("email_resend", args=[failed_email.pk])).status_code in (
            302,
            403,
        )
    failed_email.refresh_from_db()
    assert failed_email.status == OutgoingEmail.Status.FAILED


def test_resend_leaves_a_queued_email_alone(client_a):
    email = services.queue_email(SHARE_DIGEST, client_a.email, user=client_a)
    assert services.resend(OutgoingEmail.objects.filter(pk=email.pk)) == 0
