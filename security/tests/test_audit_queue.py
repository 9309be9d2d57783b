"""A download's audit entry through the Redis queue (security.audit_queue): queued only in
a Redis that keeps its writes, written to the audit trail by the worker exactly once,
and written during the request whenever the queue cannot take it."""

import os
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from wagtail.models import ModelLogEntry

from dossiers.factories import shared_dossier
from security import audit_queue
from security.tests.test_cache import redis_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    """The portal on a Redis cache (the tests' Redis, emptied) with the queue on; that
    Redis counts as keeping its writes (the tests' one keeps nothing on disk)."""
    redis_cache()  # skips, or fails under REDIS_REQUIRED, without a Redis
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9"),
        }
    }
    settings.AUDIT_QUEUE = True
    caches["default"].clear()
    audit_queue._durability["until"] = 0
    with mock.patch.object(audit_queue, "keeps_its_writes", return_value=True):
        yield audit_queue.redis()
    caches["default"].clear()
    audit_queue._durability["until"] = 0


@pytest.fixture
def download(client, client_a):
    document = shared_dossier(client_a, items={"documents": 1}).documents.get()
    client.force_login(client_a)
    url = reverse("dossiers:document_download", args=[document.pk])

    def download():
        response = client.get(url, REMOTE_ADDR="192.0.2.7")
        assert response.status_code == 200
        assert b"".join(response.streaming_content)
        return document

    return download


def downloads():
    return ModelLogEntry.objects.filter(action="espace.download")


def held(client):
    return client.xlen(audit_queue.stream_key())


def test_a_queued_download_is_written_once_by_the_worker(queue, download, client_a):
    document = download()
    assert not downloads().exists()
    assert held(queue) == 1
    assert audit_queue.flush() == 1
    entry = downloads().get()
    assert (entry.user_id, entry.object_id, entry.label) == (
        client_a.pk,
        str(document.pk),
        document.filename,
    )
    assert entry.content_type.model_class() is type(document)
    assert entry.data == {"ip": "192.0.2.7", "file": document.filename}
    assert entry.uuid is not None and entry.timestamp is not None
    # Acknowledged and taken out of the stream: nothing is written twice.
    assert held(queue) == 0
    assert audit_queue.flush() == 0
    assert downloads().count() == 1


def test_the_worker_command_writes_the_queue(queue, download):
    download()
    download()
    with mock.patch(
        "notifications.management.commands.worker.call_command"
    ):  # not django-tasks' own worker: only the sweeps
        call_command("worker", batch=True)
    assert downloads().count() == 2


def test_entries_a_stopped_worker_had_read_are_taken_back_once(queue, download):
    download()
    download()
    key = audit_queue.stream_key()
    queue.xgroup_create(key, audit_queue.GROUP, id="0", mkstream=True)
    # A worker read both, wrote the first, and stopped before acknowledging either.
    [(_, messages)] = queue.xreadgroup(audit_queue.GROUP, "stopped-worker", {key: ">"}, count=10)
    audit_queue.write(mock.Mock(), key, messages[:1])
    assert downloads().count() == 1
    # Not before CLAIM_AFTER_MS: that worker may only be slow.
    assert audit_queue.flush() == 0
    with mock.patch.object(audit_queue, "CLAIM_AFTER_MS", 0):
        assert audit_queue.flush() == 1
    assert downloads().count() == 2
    assert len({entry.uuid for entry in downloads()}) == 2
    assert held(queue) == 0


def test_a_redis_that_keeps_nothing_on_disk_gets_no_entry(queue, download, caplog):
    download()
    assert held(queue) == 1
    with mock.patch.object(audit_queue, "keeps_its_writes", return_value=False):
        audit_queue._durability["until"] = 0
        download()
        download()
    assert downloads().count() == 2
    assert held(queue) == 1
    # Said once, when it changes, for whoever runs the servers.
    assert caplog.text.count("written during each download: Redis keeps nothing") == 1


def test_a_redis_that_does_not_answer_gets_no_entry(queue, download):
    with mock.patch.object(queue, "xadd", side_effect=RedisConnectionError("down")):
        download()
    assert downloads().count() == 1
    # A thread's first client connects as it is made, and Redis may be away already.
    with mock.patch.object(
        audit_queue, "redis", side_effect=RedisConnectionError("Connection refused")
    ):
        download()
    assert downloads().count() == 2


def test_the_worker_keeps_writing_the_queue_when_redis_was_away_at_its_start(queue, download):
    download()
    stop = mock.Mock()
    stop.is_set.side_effect = [False, False, True]  # two turns of the loop
    with (
        mock.patch.object(
            audit_queue, "redis", side_effect=[RedisConnectionError("Connection refused"), queue]
        ),
        mock.patch.object(audit_queue, "close_old_connections"),  # the test's transaction
    ):
        audit_queue.keep_flushing(stop)
    stop.wait.assert_called_once_with(5)
    assert downloads().count() == 1
    assert held(queue) == 0


def test_without_the_queue_every_entry_is_written_during_the_download(queue, download, settings):
    settings.AUDIT_QUEUE = False
    download()
    assert downloads().count() == 1
    assert audit_queue.flush() == 0


def test_only_downloads_are_queued(queue, client, client_a):
    client.force_login(client_a)
    client.post(reverse("clients:logout"))
    assert downloads().count() == 0
    assert ModelLogEntry.objects.filter(action="espace.logout", user_id=client_a.pk).exists()
    assert held(queue) == 0


class FakeRedis:
    def __init__(self, info=None, appendfsync="everysec", config=None):
        self._info = info if info is not None else {"aof_enabled": 1}
        self._appendfsync = appendfsync
        self._config = config

    def info(self, section):
        assert section == "persistence"
        if isinstance(self._info, Exception):
            raise self._info
        return self._info

    def config_get(self, name):
        if self._config:
            raise self._config
        return {name: self._appendfsync}


@pytest.mark.parametrize(
    ("redis", "keeps"),
    [
        (FakeRedis(info={"aof_enabled": 0}), False),
        (FakeRedis(appendfsync="everysec"), True),
        (FakeRedis(appendfsync="always"), True),
        # Left to the system: written to disk within 30 s or so.
        (FakeRedis(appendfsync="no"), False),
        # Managed Redis refuses CONFIG: appendonly is on, with its default fsync.
        (FakeRedis(config=ResponseError("unknown command 'CONFIG'")), True),
        (FakeRedis(info=RedisConnectionError("down")), False),
    ],
)
def test_only_a_redis_that_writes_to_disk_every_second_holds_entries(redis, keeps):
    assert audit_queue.keeps_its_writes(redis) is keeps


def test_an_entry_the_database_refuses_does_not_hold_back_the_others(queue, download, caplog):
    download()
    key = audit_queue.stream_key()
    queue.xadd(key, {"entry": b'{"action": null}'})  # unreadable: fields missing
    queue.xadd(
        key,
        {
            "entry": (
                '{"content_type_id": null, "object_id": "1", "label": "x", "action": null,'
                ' "data": {}, "user_id": null, "timestamp": "2026-11-27T10:00:00+00:00",'
                ' "uuid": "8c2b1f6e-0d5a-4a55-9a43-3f1f2b8f0c11"}'
            )
        },
    )
    download()
    assert audit_queue.flush() == 2
    assert downloads().count() == 2
    assert held(queue) == 0
    assert "Unreadable audit entry" in caplog.text
    assert "refused by the database" in caplog.text and "8c2b1f6e" in caplog.text
