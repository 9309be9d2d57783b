"""Process tests with the cache every server uses outside the tests (site/settings/base.py):
the database cache without REDIS_URL, so that the servers started share their limits."""

from config.settings import base
from tests.process_settings import *  # noqa: F403

CACHES = base.CACHES
SESSION_ENGINE = base.SESSION_ENGINE
CLIENT_PAGE_CACHE = base.CLIENT_PAGE_CACHE
