from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.world import REFUSAL, load_demo


class Command(BaseCommand):
    help = "Load the manual's world (firm, lawyer, clients, dossiers, help pages); idempotent."

    def handle(self, *args, **options):
        # Production does not install the demo app at all; this holds wherever it is.
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(REFUSAL)
        load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
