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


class OvertakenBackend(LocmemBackend):
    """The first send takes longer than the lease: meanwhile the email is taken back and a
    second worker sends it (``overtake``, set by the test); then the first one fails."""

    overtake = None
    overtaken = False

    def send_messages(self, messages):
        cls = type(self)
        if cls.overtake is not None and not cls.overtaken:
            cls.overtaken = True
            cls.overtake()
            raise ProviderDown("timed out after the lease")
        return super().send_messages(messages)
