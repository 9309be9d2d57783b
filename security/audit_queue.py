"""Downloads' audit entries, on their way to the database through Redis.

A download writes one row: its audit entry. Written during the request, its INSERT and
commit cost a third of a download's throughput on a two-core server (15 % of a bare
Django view's requests per second, against 22 % without the entry). With AUDIT_QUEUE,
the entry is added to a Redis stream instead, one round trip to Redis, and the worker
writes what the stream holds to the audit trail, in batches, within a second.

No entry is lost on the way, short of the machine that runs Redis stopping:
- an entry is queued only while that Redis keeps its writes on disk (appendonly, with
  an fsync every second or on every write; checked every minute), and only when Redis
  answers. Otherwise it is written during the request, like every other entry;
- the worker acknowledges entries once they are committed, and takes back the ones that
  a stopped worker had read (after CLAIM_AFTER_MS); an entry is never written twice:
  each carries a uuid, looked up before its batch is written.
What it costs: an entry reaches « Mon activité » and the firm's history up to a second
after the download; if the machine running Redis stops (power, kernel), the entries of
its last second (appendfsync everysec) are lost with it.
"""

import json
import logging
import os
import socket
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DataError, IntegrityError, close_old_connections, transaction
from django.utils.dateparse import parse_datetime
from django_redis import get_redis_connection
from django_redis.cache import RedisCache
from redis.exceptions import RedisError, ResponseError
from wagtail.models import ModelLogEntry

logger = logging.getLogger(__name__)

STREAM = "audit:entries"
GROUP = "audit-writers"
BATCH = 500
# An entry read by a worker and not acknowledged after this long: that worker stopped.
CLAIM_AFTER_MS = 60_000
# How often Redis's persistence is checked again (appendonly may be turned off).
CHECK_EVERY = 60
FIELDS = ("content_type_id", "object_id", "label", "action", "data", "user_id")

_durability = {"until": 0.0, "durable": None}


def enabled():
    """Whether the queue is on: AUDIT_QUEUE, with Redis as the cache."""
    return settings.AUDIT_QUEUE and isinstance(caches["default"], RedisCache)


def redis():
    """The default cache's Redis client when the queue is on; a thread's first client
    connects as it is made (RedisError when Redis does not answer)."""
    if not enabled():
        return None
    return get_redis_connection("default")


def stream_key():
    return caches["default"].make_key(STREAM)


def keeps_its_writes(client):
    """Whether this Redis writes what it is given to disk within a second: appendonly,
    with an fsync every second (the default) or on every write."""
    try:
        if not client.info("persistence").get("aof_enabled"):
            return False
        try:
            policy = client.config_get("appendfsync").get("appendfsync", "everysec")
        except ResponseError:  # CONFIG is refused by managed Redis: its default then
            return True
    except RedisError:
        return False
    return policy in ("always", "everysec")


def durable(client):
    now = time.monotonic()
    if now >= _durability["until"]:
        durable = keeps_its_writes(client)
        if durable is not _durability["durable"]:
            logger.log(
                logging.INFO if durable else logging.WARNING,
                "Downloads' audit entries are %s",
                "queued in Redis"
                if durable
                else "written during each download: Redis keeps nothing on disk"
                " (appendonly) or does not answer",
            )
        _durability.update(durable=durable, until=now + CHECK_EVERY)
    return _durability["durable"]


def push(entry):
    """Queue ``entry`` (not saved yet); False when it must be written now instead."""
    try:
        # A thread's first client connects as it is made: Redis may not answer already.
        client = redis()
        if client is None or not durable(client):
            return False
        entry.uuid = entry.uuid or uuid.uuid4()
        fields = {name: getattr(entry, name) for name in FIELDS}
        fields.update(timestamp=entry.timestamp.isoformat(), uuid=str(entry.uuid))
        client.xadd(stream_key(), {"entry": json.dumps(fields, cls=DjangoJSONEncoder)})
    except RedisError:
        logger.warning("Audit queue unavailable: entry written directly", exc_info=True)
        return False
    return True


def flush(block_ms=None):
    """Write the queued entries to the audit trail; how many were written.

    ``block_ms``: wait that long for a first entry when none is queued (the worker's
    loop); without it, return at once.
    """
    client = redis()
    if client is None:
        return 0
    key = stream_key()
    consumer = f"{socket.gethostname()}-{os.getpid()}"
    try:
        client.xgroup_create(key, GROUP, id="0", mkstream=True)
    except ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise
    # First what a stopped worker had read and not written, then what is new.
    _, messages, *_ = client.xautoclaim(key, GROUP, consumer, CLAIM_AFTER_MS, count=BATCH)
    written = write(client, key, messages) if messages else 0
    while True:
        response = client.xreadgroup(GROUP, consumer, {key: ">"}, count=BATCH, block=block_ms)
        if not response or not response[0][1]:
            return written
        [(_, messages)] = response
        written += write(client, key, messages)
        block_ms = None  # only the first read waits


def write(client, key, messages):
    """Write ``messages`` (read from the stream) to the audit trail, then acknowledge
    them; how many rows were written.

    An entry that the database refuses (a constraint: it would be refused however often
    it is tried) is logged whole and acknowledged, so that it does not hold back the
    entries after it. The database away raises, and the batch is read again later.
    """
    raw = dict(messages)
    entries = {}
    for message_id, fields in raw.items():
        try:
            data = json.loads(fields[b"entry"])
            entries[message_id] = ModelLogEntry(
                **{name: data[name] for name in FIELDS},
                timestamp=parse_datetime(data["timestamp"]),
                uuid=uuid.UUID(data["uuid"]),
            )
        except (KeyError, TypeError, ValueError):
            logger.error("Unreadable audit entry, not written: %r", fields)
    try:
        written = insert(list(entries.values()))
    except (IntegrityError, DataError):
        written = 0
        for message_id, entry in entries.items():
            try:
                written += insert([entry])
            except (IntegrityError, DataError):
                logger.exception(
                    "Audit entry refused by the database, not written: %s",
                    raw[message_id][b"entry"].decode(),
                )
    client.xack(key, GROUP, *raw)
    client.xdel(key, *raw)
    return written


def insert(entries):
    """The entries not written yet (by their uuid), in one INSERT."""
    with transaction.atomic():
        present = set(
            ModelLogEntry.objects.filter(uuid__in=[entry.uuid for entry in entries]).values_list(
                "uuid", flat=True
            )
        )
        new = [entry for entry in entries if entry.uuid not in present]
        ModelLogEntry.objects.bulk_create(new)
    return len(new)


def keep_flushing(stop):
    """The worker's loop: queued entries are in the database within about a second,
    Redis or the database being away at times (at the worker's start too)."""
    if not enabled():
        return
    while not stop.is_set():
        close_old_connections()
        try:
            flush(block_ms=1000)
        except Exception:  # noqa: BLE001 - Redis or the database away: try again shortly
            logger.exception("Writing the queued audit entries failed")
            stop.wait(5)
