import os
import socket

from django_tasks import task

from . import delivery

# Who holds an email being sent (OutgoingEmail.claimed_by): this machine and process.
WORKER = f"{socket.gethostname()}:{os.getpid()}"


@task()
def deliver_due_emails():
    """Send the emails that are due (several workers may run this at once), then come back
    for what is left: the rest of a large batch now, a failed email at its retry time."""
    attempted, more, retry_at = delivery.deliver_due(worker=WORKER)
    if more:
        deliver_due_emails.enqueue()
    if retry_at is not None:
        deliver_due_emails.using(run_after=retry_at).enqueue()
    return attempted
