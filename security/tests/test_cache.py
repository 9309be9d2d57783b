"""The cache backends: the database cache (rate limits without Redis) counts every hit for its
whole window; the Redis cache makes one client per thread, which keeps its connection."""

import datetime
import os
import threading
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from security.cache import DatabaseCache


@pytest.fixture
def cache(db):
    call_command("createcachetable", "portal_cache_tests")
    return DatabaseCache("portal_cache_tests", {})


def later(**delta):
    """Every read of the cache from now on happens ``delta`` later."""
    return mock.patch(
        "django.core.cache.backends.db.tz_now",
        return_value=timezone.now() + datetime.timedelta(**delta),
    )


def test_a_counter_keeps_its_hour_after_an_increment(cache):
    # django-ratelimit adds the counter for its window, then increments it; Django's own
    # incr rewrote it with the default 5-minute timeout, so a pause reset the limit.
    assert cache.add("reset:192.0.2.1", 1, 60 * 60)
    assert cache.incr("reset:192.0.2.1") == 2
    assert cache.incr("reset:192.0.2.1", 3) == 5
    with later(minutes=10):
        assert cache.get("reset:192.0.2.1") == 5
    with later(minutes=61):
        assert cache.get("reset:192.0.2.1") is None


def test_a_missing_or_expired_counter_cannot_be_incremented(cache):
    with pytest.raises(ValueError):
        cache.incr("absent")
    cache.add("short", 1, 1)
    with (
        mock.patch(
            "security.cache.tz_now", return_value=timezone.now() + datetime.timedelta(minutes=1)
        ),
        pytest.raises(ValueError),
    ):
        cache.incr("short")


def test_the_portal_shares_its_cache_through_the_database_without_redis():
    from config.settings import base

    if base.REDIS_URL:
        pytest.skip("REDIS_URL is set")
    assert base.CACHES["default"]["BACKEND"] == "security.cache.DatabaseCache"


def test_migrate_creates_the_cache_table_before_it_is_needed(db, settings):
    # Wagtail's steps after a migrate already use the cache: on a new server, `migrate`
    # followed by `createcachetable` would fail on the missing table.
    settings.CACHES = {
        "default": {"BACKEND": "security.cache.DatabaseCache", "LOCATION": "portal_cache_new"}
    }
    call_command("migrate", verbosity=0)
    assert "portal_cache_new" in connection.introspection.table_names()


def redis_cache():
    import redis

    from security.cache import RedisCache

    location = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
    try:
        redis.Redis.from_url(location, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        if os.environ.get("REDIS_REQUIRED"):  # CI: a missing Redis fails, never skips
            raise
        pytest.skip(f"no Redis at {location}")
    return RedisCache(location, {})


def test_the_redis_cache_makes_its_client_once_and_works_as_djangos():
    cache = redis_cache()
    cache.clear()
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    # One connection, kept: no pool check-out (and its socket poll) for each command.
    connection = client.connection
    assert connection is not None
    cache.get("page")
    assert client.connection is connection and connection.is_connected
    cache.set("page", ("stamp", "<p>Bonjour</p>"), 60)
    assert cache.get_many(["page", "missing"]) == {"page": ("stamp", "<p>Bonjour</p>")}
    assert cache.add("counter", 1, 60) and not cache.add("counter", 5, 60)
    assert cache.incr("counter") == 2
    cache.clear()


def test_each_thread_and_each_forked_process_has_its_own_redis_client():
    # A redis-py client that keeps its connection may not be shared: a connection
    # carries one command at a time, and a forked process must not write to its
    # parent's socket.
    cache = redis_cache()
    mine = cache._cache.get_client()
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(cache._cache.get_client()))
    thread.start()
    thread.join()
    assert theirs[0] is not mine and theirs[0].connection is not mine.connection
    with mock.patch("security.cache.os.getpid", return_value=os.getpid() + 1):
        child = cache._cache.get_client()
    assert child is not mine and child.connection is not mine.connection


def test_the_redis_cache_reconnects_after_its_connection_broke():
    import redis

    cache = redis_cache()
    cache.set("page", "<p>Bonjour</p>", 60)
    client = cache._cache.get_client()
    client.connection.disconnect()  # closed on our side
    assert cache.get("page") == "<p>Bonjour</p>"
    # Closed by Redis (a restart, an idle timeout): the next command still answers.
    other = redis.Redis.from_url(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9"))
    assert other.client_kill_filter(_id=client.client_id()) == 1
    assert cache.get("page") == "<p>Bonjour</p>"
    assert cache._cache.get_client() is client and client.connection.is_connected
    cache.clear()
