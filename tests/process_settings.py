"""Settings for tests that run the project in separate processes (a worker, gunicorn):
a SQLite file that the test and those processes share, named by PROCESS_TEST_DB."""

import os

from config.settings.test import *  # noqa: F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["PROCESS_TEST_DB"],
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
    }
}
