"""The background worker: django-tasks-db's worker, plus the sweeps that recover work.

Run it next to the web server (`make run` does). Every RECOVERY_INTERVAL seconds it puts
back emails that a stopped worker left half-sent and wakes delivery for due ones, and
scans deposits that wait for the antivirus, so that nothing is lost when a worker, the
database or the scanner restarts; and it runs the apps' periodic jobs that are due
(scheduled publishing every minute, the payments' reconciliation every hour...), each
once per period whatever the number of workers. Several workers may run at once: each
email is claimed by exactly one of them. A thread of its own writes the downloads' audit
entries queued in Redis to the database as they come (security.audit_queue).
"""

import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from notifications.registry import registered_sweeps
from notifications.services import recover, run_periodic
from notifications.tasks import WORKER
from security import audit_queue

logger = logging.getLogger(__name__)

# Below a minute: the shortest period of a periodic job (scheduled publishing).
RECOVERY_INTERVAL = 30


class Command(BaseCommand):
    help = "Run the background worker (tasks and email delivery)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1, help="Polling interval, seconds.")
        parser.add_argument("--batch", action="store_true", help="Run what is due, then exit.")

    def handle(self, *args, interval, batch, **options):
        self.recover()
        if not batch:
            stop = threading.Event()
            threading.Thread(target=self.keep_recovering, args=(stop,), daemon=True).start()
            threading.Thread(target=audit_queue.keep_flushing, args=(stop,), daemon=True).start()
        call_command(
            "db_worker",
            interval=interval,
            batch=batch,
            reload=False,
            startup_delay=not batch,
            verbosity=options["verbosity"],
        )

    def recover(self):
        for sweep in (recover, audit_queue.flush, *registered_sweeps()):
            try:
                sweep()
            except Exception:  # noqa: BLE001 - a failed sweep is retried at the next interval
                logger.exception("Worker sweep %s failed", sweep.__name__)
        try:
            run_periodic(worker=WORKER)
        except Exception:  # noqa: BLE001 - the cache away: tried again at the next interval
            logger.exception("The periodic jobs could not be run")

    def keep_recovering(self, stop):
        while not stop.wait(RECOVERY_INTERVAL):
            close_old_connections()
            self.recover()
            connection.close()
