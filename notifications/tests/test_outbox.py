"""Emails never get lost: recorded with their cause, retried, recovered, never doubled."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from dossiers.sharing.announcements import SHARE_DIGEST
from notifications import delivery, services
from notifications.models import OutgoingEmail

from .backends import FlakyBackend
from .helpers import send_due_emails

ROOT = Path(__file__).resolve().parents[2]
Status = OutgoingEmail.Status


@pytest.fixture
def flaky_backend(settings):
    settings.EMAIL_BACKEND = "notifications.tests.backends.FlakyBackend"
    FlakyBackend.down = True
    FlakyBackend.calls = 0
    yield FlakyBackend
    FlakyBackend.down = False


@pytest.fixture
def shared_items(client_a):
    """Luce has one newly shared document: her digest email is queued."""
    from dossiers.factories import DocumentFactory, shared_dossier
    from dossiers.models import Document
    from dossiers.sharing import publishing

    dossier = shared_dossier(client_a)
    document = DocumentFactory(dossier=dossier, live=False, first_published_at=None)
    publishing.publish(dossier, {Document: [document.pk]})
    return OutgoingEmail.objects.get(kind=SHARE_DIGEST)


@pytest.mark.django_db
def test_a_failed_send_stays_queued_is_retried_and_goes_once_the_provider_is_back(
    flaky_backend, shared_items, client_a
):
    send_due_emails()
    email = OutgoingEmail.objects.get()
    assert email.status == Status.QUEUED
    assert email.attempts == 1
    assert "Connection refused" in email.last_error
    assert email.send_after > timezone.now()  # backing off

    send_due_emails()  # still down
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.QUEUED, 2)
    assert delivery.retry_delay(2) == 2 * delivery.retry_delay(1)

    flaky_backend.down = False
    send_due_emails()
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (Status.SENT, 3, "")
    assert [m.to for m in mail.outbox] == [[client_a.email]]

    send_due_emails()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_after_the_last_attempt_the_email_is_kept_as_failed_and_can_be_resent(
    flaky_backend, shared_items, settings
):
    settings.EMAIL_MAX_ATTEMPTS = 3
    for _ in range(5):
        send_due_emails()
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == (Status.FAILED, 3)
    assert flaky_backend.calls == 3

    flaky_backend.down = False
    assert services.resend(OutgoingEmail.objects.all()) == 1
    send_due_emails()
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_rolled_back_change_sends_nothing(client_a, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.queue_email(SHARE_DIGEST, client_a.email, user=client_a)
        raise RuntimeError("the change fails after the email was queued")
    assert callbacks == []
    assert not OutgoingEmail.objects.exists()
    send_due_emails()
    assert mail.outbox == []


@pytest.mark.django_db
def test_delivery_is_asked_of_the_worker_only_after_the_commit(
    client_a, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    deliveries = DBTaskResult.objects.filter(task_path="notifications.tasks.deliver_due_emails")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.queue_email(SHARE_DIGEST, client_a.email, user=client_a)
        assert not deliveries.exists()
    assert len(callbacks) == 1
    assert deliveries.count() == 1


@pytest.mark.django_db
def test_two_workers_cannot_both_send_one_email(shared_items):
    send_due_emails()  # first worker
    OutgoingEmail.objects.update(status=Status.QUEUED)  # as if a second saw it queued...
    email = OutgoingEmail.objects.get()
    OutgoingEmail.objects.filter(pk=email.pk).update(status=Status.SENDING)  # ...but it is claimed
    assert delivery.deliver(email.pk, worker="second") is None
    assert len(mail.outbox) == 1


def test_a_worker_overtaken_after_its_lease_changes_nothing_of_the_new_holders_email(
    shared_items, settings
):
    """Worker A's send outlasts its lease; the email is taken back and worker B sends it.
    A's late failure must not put it back in the queue (it would go twice)."""
    from .backends import OvertakenBackend

    settings.EMAIL_BACKEND = "notifications.tests.backends.OvertakenBackend"
    email = OutgoingEmail.objects.get()

    def lease_runs_out_and_b_sends():
        OutgoingEmail.objects.filter(pk=email.pk).update(
            claimed_at=timezone.now() - datetime.timedelta(seconds=settings.EMAIL_SENDING_LEASE + 1)
        )
        assert services.recover() == 1
        assert delivery.deliver(email.pk, worker="B") == Status.SENT

    OvertakenBackend.overtake, OvertakenBackend.overtaken = lease_runs_out_and_b_sends, False
    try:
        send_due_emails(skip_quiet_period=True)  # worker A
    finally:
        OvertakenBackend.overtake = None
    email.refresh_from_db()
    assert email.status == Status.SENT and email.claimed_by == "B"
    assert email.last_error == ""
    send_due_emails()
    assert len(mail.outbox) == 1


def test_a_late_failure_leaves_the_email_to_the_worker_now_sending_it(shared_items, settings):
    """As above, with worker B still sending when A's failure comes back."""
    from .backends import OvertakenBackend

    settings.EMAIL_BACKEND = "notifications.tests.backends.OvertakenBackend"
    email = OutgoingEmail.objects.get()

    def lease_runs_out_and_b_claims():
        OutgoingEmail.objects.filter(pk=email.pk).update(
            claimed_at=timezone.now() - datetime.timedelta(seconds=settings.EMAIL_SENDING_LEASE + 1)
        )
        assert services.recover() == 1
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=Status.SENDING, claimed_at=timezone.now(), claimed_by="B"
        )

    OvertakenBackend.overtake, OvertakenBackend.overtaken = lease_runs_out_and_b_claims, False
    try:
        send_due_emails(skip_quiet_period=True)  # worker A
    finally:
        OvertakenBackend.overtake = None
    email.refresh_from_db()
    assert email.status == Status.SENDING and email.claimed_by == "B"
    assert email.last_error == ""


@pytest.mark.django_db
def test_recovery_releases_an_email_a_dead_worker_held(shared_items, settings):
    OutgoingEmail.objects.update(
        status=Status.SENDING, claimed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert services.recover() == 1
    send_due_emails()
    assert OutgoingEmail.objects.get().status == Status.SENT
    assert len(mail.outbox) == 1


def run(*args, env, timeout=180):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def test_killing_the_worker_mid_batch_loses_nothing_and_sends_no_duplicate(tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "notifications.tests.worker_settings",
        "PROCESS_TEST_DB": str(tmp_path / "worker.sqlite3"),
        "SLOW_MAIL_DIR": str(mail_dir),
        "SLOW_MAIL_DELAY": "0.6",
    }
    env.pop("DATABASE_URL", None)
    run("migrate", "--noinput", env=env)
    run(
        "shell",
        "-c",
        "import datetime\n"
        "from django.utils import timezone\n"
        "from clients.factories import ClientFactory\n"
        "from dossiers.factories import DocumentFactory, shared_dossier\n"
        "from notifications.services import queue_email\n"
        "since = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()\n"
        "for n in range(8):\n"
        "    c = ClientFactory(email=f'c{n}@example.fr')\n"
        "    DocumentFactory(dossier=shared_dossier(c))\n"
        "    queue_email('share_digest', c.email, user=c, context={'since': since})\n",
        env=env,
    )

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while len(list(mail_dir.iterdir())) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # in the middle of the next email
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    sent_before_kill = len(list(mail_dir.iterdir()))
    assert 3 <= sent_before_kill < 8

    run("worker", "--batch", env=env)

    message_ids = [path.name.split("-", 1)[1] for path in mail_dir.iterdir()]
    assert len(message_ids) == 8, "every email was sent"
    assert len(set(message_ids)) == 8, "no email was sent twice"
    statuses = run(
        "shell",
        "-c",
        "from notifications.models import OutgoingEmail as E\n"
        "print(sorted(set(E.objects.values_list('status', flat=True))))",
        env=env,
    ).stdout
    assert statuses.strip().endswith("['sent']")
