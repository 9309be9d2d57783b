from django.core.management.base import BaseCommand

from payments.services import reconcile


class Command(BaseCommand):
    help = "Ask Stripe about every payment still waiting and settle the confirmed ones (run it hourly)."

    def handle(self, *args, **options):
        moved = reconcile()
        self.stdout.write(
            f"{len(moved)} payment(s) settled: {moved}" if moved else "Nothing to settle."
        )
