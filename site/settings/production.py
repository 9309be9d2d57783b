"""Production: secrets and hosts from the environment, HTTPS only.

`manage.py check --deploy --fail-level WARNING` passes with these settings (CI runs it).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
if not SECRET_KEY or len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random value of 50+ characters.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Behind TLS-terminating proxies (one by default), which set X-Forwarded-Proto and
# X-Forwarded-For; without one (TRUSTED_PROXY_COUNT=0) neither header is believed.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
if TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

ADMIN_TWO_FACTOR_REQUIRED = env_bool("ADMIN_TWO_FACTOR_REQUIRED", True)

# What production must not run without.
if not ANYMAIL_PROVIDER:  # noqa: F405
    # Otherwise emails (reset links, temporary passwords) would be files on the server.
    raise ImproperlyConfigured("Set ANYMAIL_PROVIDER (and its ANYMAIL_* settings) to send email.")
if STRIPE_SECRET_KEY and not STRIPE_WEBHOOK_SECRET:  # noqa: F405
    raise ImproperlyConfigured("STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY.")
# Stripe: live keys, talking to Stripe itself. A test deployment (staging against Stripe's
# test mode or the stand-in) says so with STRIPE_TEST_MODE=1, and then has no live key.
if not STRIPE_TEST_MODE:  # noqa: F405
    if STRIPE_API_BASE:  # noqa: F405
        raise ImproperlyConfigured(
            "STRIPE_API_BASE sends Stripe calls elsewhere than Stripe (a stand-in): "
            "refused in production unless STRIPE_TEST_MODE=1."
        )
    if STRIPE_SECRET_KEY.startswith(("sk_test_", "rk_test_")):  # noqa: F405
        raise ImproperlyConfigured(
            "STRIPE_SECRET_KEY is a test-mode key, so no payment would be real: "
            "refused in production unless STRIPE_TEST_MODE=1."
        )
elif STRIPE_SECRET_KEY.startswith(("sk_live_", "rk_live_")):  # noqa: F405
    raise ImproperlyConfigured(
        "STRIPE_TEST_MODE=1 with a live STRIPE_SECRET_KEY: a test deployment takes test keys."
    )
if AWS_STORAGE_BUCKET_NAME and not os.environ.get("AWS_PRIVATE_BUCKET_NAME"):  # noqa: F405
    # A bucket policy that makes public media readable would expose client files too.
    raise ImproperlyConfigured("Client files need a bucket of their own: AWS_PRIVATE_BUCKET_NAME.")

SILENCED_SYSTEM_CHECKS = []
