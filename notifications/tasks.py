from django_tasks import task

from . import services


@task()
def deliver_due_emails():
    """Send the emails that are due (several workers may run this at once)."""
    return services.deliver_due(worker="task")
