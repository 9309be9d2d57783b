"""Settings for a real worker process in the outbox's crash test (see test_outbox.py)."""

import os

from config.settings.test import *  # noqa: F403

DATABASES = {  # a file the test process and the worker process both open
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["WORKER_TEST_DB"],
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
    }
}
EMAIL_BACKEND = "notifications.tests.backends.SlowFileBackend"
NOTIFICATION_QUIET_PERIOD = 0
EMAIL_SENDING_LEASE = 0  # the one worker left releases what the killed one held
