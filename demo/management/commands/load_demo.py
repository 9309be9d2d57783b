from django.core.management.base import BaseCommand

from demo.world import load_demo


class Command(BaseCommand):
    help = "Load the manual's world (firm, lawyer, clients, dossiers, help pages); idempotent."

    def handle(self, *args, **options):
        load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
