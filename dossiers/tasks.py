import datetime

from django.utils import timezone
from django_tasks import task

from . import services


@task()
def scan_pending_deposits():
    """Scan waiting deposits; while the scanner is down, try again in five minutes."""
    from .models import Deposit

    services.rescan_pending_deposits()
    if Deposit.objects.filter(scan_status=Deposit.Scan.PENDING).exists():
        scan_pending_deposits.using(
            run_after=timezone.now() + datetime.timedelta(minutes=5)
        ).enqueue()
