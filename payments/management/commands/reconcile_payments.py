from django.core.management.base import BaseCommand

from payments.services import reconcile


class Command(BaseCommand):
    help = "Ask Stripe about every payment still waiting and settle the confirmed ones (the worker runs it every hour)."

    def handle(self, *args, **options):
        moved = reconcile()
        self.stdout.write(
            f"{len(moved)} payment(s) settled: {moved}" if moved else "Nothing to settle."
        )
