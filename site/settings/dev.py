"""Development: what `make run` uses. Emails land in var/mail/ as files."""

import os

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# The demo lawyer logs in with a password alone (the README's demo accounts).
ADMIN_TWO_FACTOR_REQUIRED = env_bool("ADMIN_TWO_FACTOR_REQUIRED", False)

# A short quiet period, so that a share email shows up in var/mail/ quickly.
NOTIFICATION_QUIET_PERIOD = int(os.environ.get("NOTIFICATION_QUIET_PERIOD", "10"))

# The demo world (`load_demo`) and the Stripe stand-in (`stripe_standin`): the demo app.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
DEMO_DATA_ALLOWED = True

# Online payment in the demo: unless real Stripe keys are in the environment, the
# Stripe client talks to the local stand-in that `make run` starts (demo/stripe_standin.py).
STRIPE_TEST_MODE = env_bool("STRIPE_TEST_MODE", True)
if not os.environ.get("STRIPE_SECRET_KEY"):
    STRIPE_SECRET_KEY = "sk_test_standin"  # noqa: S105 - the stand-in's, not a secret
    STRIPE_WEBHOOK_SECRET = "whsec_standin"  # noqa: S105
    STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "http://127.0.0.1:12111")

# Static files straight from the app folders, no collectstatic needed.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
