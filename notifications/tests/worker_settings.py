"""Settings for a real worker process in the outbox's crash test (see test_outbox.py)."""

from tests.process_settings import *  # noqa: F403

EMAIL_BACKEND = "notifications.tests.backends.SlowFileBackend"
NOTIFICATION_QUIET_PERIOD = 0
EMAIL_SENDING_LEASE = 0  # the one worker left releases what the killed one held
