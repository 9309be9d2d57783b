"""The worker's periodic jobs: each runs once per period, whatever the number of workers."""

import logging

import pytest

from notifications import registry
from notifications.services import run_periodic

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(monkeypatch):
    calls = []
    jobs = {}
    monkeypatch.setattr(registry, "_PERIODIC", jobs)
    registry.register_periodic("every_minute", every=60)(lambda: calls.append(1))
    return calls


def test_a_job_runs_once_per_period_across_workers(job):
    start = 1_800_000_000  # the start of a minute
    assert run_periodic(now=start, worker="a") == ["every_minute"]
    assert run_periodic(now=start + 30, worker="b") == []  # same minute, another worker
    assert run_periodic(now=start + 59.9, worker="a") == []
    assert run_periodic(now=start + 60, worker="b") == ["every_minute"]
    assert len(job) == 2


def test_a_failing_job_is_logged_and_tried_again_next_period(monkeypatch, caplog):
    monkeypatch.setattr(registry, "_PERIODIC", {})
    attempts = []

    def failing():
        attempts.append(1)
        raise RuntimeError("Stripe away")

    registry.register_periodic("flaky", every=3600)(failing)
    registry.register_periodic("other", every=3600)(lambda: attempts.append("other"))
    with caplog.at_level(logging.ERROR, logger="notifications.services"):
        assert run_periodic(now=0, worker="a") == ["flaky", "other"]
    assert "Periodic job flaky failed" in caplog.text
    assert attempts == [1, "other"]  # the failure did not stop the next job
    run_periodic(now=3600, worker="a")
    assert attempts == [1, "other", 1, "other"]


def test_the_apps_register_their_periodic_jobs():
    jobs = {job.name: job.every for job in registry.registered_periodic()}
    assert jobs["publish_scheduled"] == 60
    assert jobs["reconcile_payments"] == 3600
