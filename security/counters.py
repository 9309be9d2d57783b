"""The rate limits' counters when no Redis is configured, in a table of the database.

django-ratelimit counts hits through a cache (``RATELIMIT_USE_CACHE``): ``add`` a counter
for its window, then ``incr`` it. Every process of every app server must share those
counters, and none may lose a hit. Django's database cache cannot do it: its ``incr``
reads the value, then writes it back with the default timeout, so two processes
counting at once lose a hit, and a counter meant to last an hour vanishes five minutes
after its last hit, which resets the limit.

``CounterCache`` is Django's cache API for counters only (integers), on our own table
(``RateCounter``) through the ORM: ``add`` is one INSERT that a second process's finds
taken (the key is unique), ``incr`` one UPDATE of ``count = count + delta`` on a row
still within its window, which the database serialises. With Redis, the counters are in
Redis (INCR), and this is not used.
"""

import datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import RateCounter

# A counter added without a timeout: it still ends (a counter without an end would be
# a limit that never resets).
LONGEST = datetime.timedelta(days=1)


class CounterCache(BaseCache):
    def __init__(self, location, params):
        # Django makes every cache backend with (LOCATION, params): the table is ours.
        super().__init__(params)

    def _until(self, timeout):
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        if timeout is None:
            return timezone.now() + LONGEST
        return timezone.now() + datetime.timedelta(seconds=timeout)

    def _live(self, key, version):
        key = self.make_and_validate_key(key, version=version)
        return key, RateCounter.objects.filter(key=key, expires__gt=timezone.now())

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        now = timezone.now()
        # Ended counters go first (this one, and any other: they count nothing any more).
        RateCounter.objects.filter(expires__lte=now).delete()
        try:
            with transaction.atomic():
                RateCounter.objects.create(key=key, count=int(value), expires=self._until(timeout))
        except IntegrityError:
            return False
        return True

    def incr(self, key, delta=1, version=None):
        key, live = self._live(key, version)
        with transaction.atomic():
            if not live.update(count=F("count") + delta):
                raise ValueError(f"Key '{key}' not found")
            return RateCounter.objects.values_list("count", flat=True).get(key=key)

    def get(self, key, default=None, version=None):
        _key, live = self._live(key, version)
        count = live.values_list("count", flat=True).first()
        return default if count is None else count

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        RateCounter.objects.update_or_create(
            key=key, defaults={"count": int(value), "expires": self._until(timeout)}
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        _key, live = self._live(key, version)
        return bool(live.update(expires=self._until(timeout)))

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return bool(RateCounter.objects.filter(key=key).delete()[0])

    def has_key(self, key, version=None):
        _key, live = self._live(key, version)
        return live.exists()

    def clear(self):
        RateCounter.objects.all().delete()
