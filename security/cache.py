"""The cache backends: Redis's, and the database's that holds the rate limits when no
Redis is configured."""

import base64
import os
import pickle
import threading

from asgiref.sync import sync_to_async
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from django.db import connections, models, router, transaction
from django.utils.timezone import now as tz_now
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache, with an increment that loses no hit and keeps the expiry.

    Django's own ``incr`` reads the value, then writes it back with the default timeout:
    two processes counting at once lose a hit, and a rate-limit counter meant to last an
    hour vanishes TIMEOUT (5 minutes) after its last hit, which resets the limit. Here the
    row is locked first (a no-op UPDATE: a row lock in PostgreSQL, the write lock in
    SQLite), then read and rewritten in the same transaction, with its expiry unchanged.
    """

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        name = connection.ops.quote_name
        table, cache_key, value_column, expires = (
            name(self._table),
            name("cache_key"),
            name("value"),
            name("expires"),
        )
        # Quoted names only in the text; every value is bound.
        lock = f"UPDATE {table} SET {cache_key} = {cache_key} WHERE {cache_key} = %s"  # noqa: S608
        read = f"SELECT {value_column}, {expires} FROM {table} WHERE {cache_key} = %s"  # noqa: S608
        write = f"UPDATE {table} SET {value_column} = %s WHERE {cache_key} = %s"  # noqa: S608
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(
            connection
        )
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(lock, [key])
            if cursor.rowcount < 1:
                raise ValueError(f"Key '{key}' not found")
            cursor.execute(read, [key])
            value, expiry = cursor.fetchone()
            for converter in converters:
                expiry = converter(expiry, expression, connection)
            if expiry < tz_now():
                raise ValueError(f"Key '{key}' not found")
            value = connection.ops.process_clob(value)
            new_value = pickle.loads(base64.b64decode(value.encode())) + delta  # noqa: S301
            pickled = pickle.dumps(new_value, self.pickle_protocol)
            cursor.execute(write, [base64.b64encode(pickled).decode("latin1"), key])
        return new_value

    async def aincr(self, key, delta=1, version=None):
        return await sync_to_async(self.incr)(key, delta, version)


class RedisCacheClient(DjangoRedisCacheClient):
    """Django's client, with one redis-py client per thread and server, made once, that
    keeps its own connection.

    Django makes a new redis-py client for every cache call; every page reads the cache
    two or three times, and making the client costs as much as the call itself. A client
    that takes a connection from its pool for each command also polls that connection's
    socket first and records the pool's metrics, a sixth of a command's time: each
    thread's client keeps one connection instead (``single_connection_client``). A forked
    process makes its own.

    That poll is also what found a connection that Redis had closed (a restart, an idle
    timeout) and made a new one. Without it, such a command fails on the closed socket:
    it is sent once more on a new connection (a command cut off that way may have run,
    as with any client; the audit queue's entries carry a uuid for this). A connection
    attempt gives up after CONNECT_TIMEOUT seconds, unless OPTIONS say otherwise.
    """

    CONNECT_TIMEOUT = 2

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pool_options.setdefault(
            "retry", Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,))
        )
        self._pool_options.setdefault("socket_connect_timeout", self.CONNECT_TIMEOUT)
        self._local = threading.local()

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            local.pid, local.clients = os.getpid(), {}
        client = local.clients.get(id(pool))
        if client is None:
            client = self._client(connection_pool=pool, single_connection_client=True)
            local.clients[id(pool)] = client
        return client


class RedisCache(DjangoRedisCache):
    """Django's Redis cache, with its clients made once (``RedisCacheClient``)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
