"""Two deposits of one client at the same instant share one allowance: the per-client lock.

SQLite serialises every writer anyway; PostgreSQL runs the two transactions side by side,
so this is where the lock (``quotas.lock_client``) shows (CI runs the suite on both).
"""

import contextlib
import threading

import pytest
from django.db import connection, connections

from dossiers.factories import shared_dossier
from dossiers.inbox import quotas, services, uploads
from dossiers.inbox.tests.test_deposits import PDF, upload
from dossiers.models import Deposit

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent transactions need PostgreSQL (CI runs the suite on it too)",
)
KIB = 1024


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_deposits_cannot_both_use_what_is_left(client_a, settings, monkeypatch):
    settings.DEPOSIT_DAILY_BYTES = 10 * KIB
    dossier = shared_dossier(client_a)
    # Each deposit, once its allowance is read, waits (up to a second) for the other to
    # have read its own: without the lock both read "10 KiB left" and both store 6 KiB.
    both_checked = threading.Barrier(2, timeout=1)
    check = quotas.DepositAllowance.check

    def check_then_wait(allowance, size, count):
        check(allowance, size, count)
        # The other may be waiting for the lock: then this one goes on alone.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait()

    monkeypatch.setattr(quotas.DepositAllowance, "check", check_then_wait)
    outcomes = []

    def deposit(name):
        try:
            files = uploads.check_request([upload(name, PDF + b"0" * (6 * KIB - len(PDF)))])
            services.deposit_files(dossier, client_a, files)
            outcomes.append("stored")
        except quotas.QuotaExceeded:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deposit, args=(f"{n}.pdf",)) for n in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "stored"]
    assert Deposit.objects.count() == 1
