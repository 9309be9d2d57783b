"""The caches: the rate limits' counters without Redis count every hit for their whole
window; with Redis (django-redis) a connection Redis closed is made again."""

import datetime
import os
import threading
from unittest import mock

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from security.counters import CounterCache
from security.models import RateCounter


@pytest.fixture
def counters(db):
    return CounterCache("", {})


def later(**delta):
    """Every read of the counters from now on happens ``delta`` later."""
    return mock.patch(
        "security.counters.timezone.now",
        return_value=timezone.now() + datetime.timedelta(**delta),
    )


def test_a_counter_keeps_its_hour_after_an_increment(counters):
    # django-ratelimit adds the counter for its window, then increments it; Django's own
    # database cache rewrote it with the default 5-minute timeout, so a pause reset it.
    assert counters.add("reset:192.0.2.1", 1, 60 * 60)
    assert not counters.add("reset:192.0.2.1", 1, 60 * 60)  # taken: counted, not reset
    assert counters.incr("reset:192.0.2.1") == 2
    assert counters.incr("reset:192.0.2.1", 3) == 5
    with later(minutes=10):
        assert counters.get("reset:192.0.2.1") == 5
    with later(minutes=61):
        assert counters.get("reset:192.0.2.1") is None
        assert not counters.has_key("reset:192.0.2.1")
        # Its window over, the key starts a new one (and the ended row goes).
        assert counters.add("reset:192.0.2.1", 1, 60 * 60)
    assert RateCounter.objects.count() == 1


def test_a_missing_or_expired_counter_cannot_be_incremented(counters):
    with pytest.raises(ValueError):
        counters.incr("absent")
    counters.add("short", 1, 1)
    with later(minutes=1), pytest.raises(ValueError):
        counters.incr("short")


def test_set_touch_delete_and_clear(counters):
    counters.set("key", 3, 60)
    assert counters.get("key") == 3
    assert counters.touch("key", 600)
    with later(minutes=5):
        assert counters.get("key") == 3
    assert counters.delete("key") and not counters.delete("key")
    counters.set("other", 1)
    counters.clear()
    assert counters.get("other", "none") == "none"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_hits_counted_at_once_by_several_threads_are_all_counted():
    counters = CounterCache("", {})
    counters.add("login:192.0.2.9", 0, 3600)
    barrier = threading.Barrier(8)

    def hit():
        try:
            barrier.wait()
            for _ in range(25):
                counters.incr("login:192.0.2.9")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counters.get("login:192.0.2.9") == 200


def test_the_portal_shares_its_counters_through_the_database_without_redis():
    from config.settings import base

    if base.REDIS_URL:
        pytest.skip("REDIS_URL is set")
    assert base.CACHES["counters"]["BACKEND"] == "security.counters.CounterCache"
    assert base.RATELIMIT_USE_CACHE == "counters"


def redis_cache():
    import redis
    from django_redis.cache import RedisCache

    location = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
    try:
        redis.Redis.from_url(location, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        if os.environ.get("REDIS_REQUIRED"):  # CI: a missing Redis fails, never skips
            raise
        pytest.skip(f"no Redis at {location}")
    return RedisCache(location, {"OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2}})


def test_the_redis_cache_counts_and_reconnects_after_redis_closed_its_connection():
    import redis

    cache = redis_cache()
    cache.clear()
    cache.set("page", ("stamp", "<p>Bonjour</p>"), 60)
    assert cache.get_many(["page", "missing"]) == {"page": ("stamp", "<p>Bonjour</p>")}
    assert cache.add("counter", 1, 60) and not cache.add("counter", 5, 60)
    assert cache.incr("counter") == 2
    assert 55 <= cache.ttl("counter") <= 60  # INCR keeps the window
    # Closed by Redis (a restart, an idle timeout): the next command still answers.
    other = redis.Redis.from_url(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9"))
    killed = sum(
        other.client_kill_filter(_id=client["id"])
        for client in other.client_list()
        if client["id"] != str(other.client_id())
    )
    assert killed >= 1
    assert cache.get("page") == ("stamp", "<p>Bonjour</p>")
    cache.clear()
