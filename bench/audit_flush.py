"""The downloads' audit entries: writes to the database what the Redis queue holds (as
the worker does), then prints, as JSON, how the entries went (``queued`` through Redis,
or ``direct``: written during the request), how many the queue held and how many
download entries the audit trail holds in all. With the settings of the environment."""

import json
import os
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from wagtail.models import ModelLogEntry  # noqa: E402

from security import audit_queue  # noqa: E402

client = audit_queue.redis()
queued = client is not None and audit_queue.durable(client)
held = client.xlen(audit_queue.stream_key()) if client is not None else 0
written = audit_queue.flush()
print(
    json.dumps(
        {
            "mode": "queued" if queued else "direct",
            "held": held,
            "written": written,
            "entries": ModelLogEntry.objects.filter(action="espace.download").count(),
        }
    )
)
