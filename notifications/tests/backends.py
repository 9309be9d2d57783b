"""Email backends that misbehave on purpose, for the outbox's tests."""

import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class ProviderDown(Exception):
    pass


class FlakyBackend(LocmemBackend):
    """Fails while ``FlakyBackend.down`` is true, like a provider that is unreachable."""

    down = False
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).down:
            raise ProviderDown("Connection refused by the email provider")
        return super().send_messages(messages)


class SlowFileBackend(BaseEmailBackend):
    """Takes its time, then writes each message to SLOW_MAIL_DIR/<n>-<message-id>.eml."""

    def send_messages(self, messages):
        folder = Path(os.environ["SLOW_MAIL_DIR"])
        for message in messages:
            time.sleep(float(os.environ.get("SLOW_MAIL_DELAY", "0.5")))
            message_id = message.extra_headers["Message-ID"].strip("<>")
            path = folder / f"{time.monotonic_ns()}-{message_id}.eml"
            path.write_bytes(message.message().as_bytes())
        return len(messages)
