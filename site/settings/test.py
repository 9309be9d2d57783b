"""Tests: fast hashing, in-memory cache, files and mail in a throw-away folder."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-that-is-long-enough-for-the-checks-0123456789"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "counters": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "c"},
}
CLIENT_PAGE_CACHE = True  # as production with Redis: the cache is in memory here

_TMP = Path(tempfile.mkdtemp(prefix="espace-tests-"))
MEDIA_ROOT = _TMP / "media"
PRIVATE_FILES_ROOT = _TMP / "private"
if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_FILES_ROOT  # noqa: F405
STATIC_ROOT = _TMP / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_FILE_PATH = _TMP / "mail"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
ADMIN_TWO_FACTOR_REQUIRED = False
NOTIFICATION_QUIET_PERIOD = 120
PORTAL_BASE_URL = "http://testserver"
# The demo world and the Stripe stand-in (the demo app) are test fixtures too.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
DEMO_DATA_ALLOWED = True
STRIPE_TEST_MODE = True
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
