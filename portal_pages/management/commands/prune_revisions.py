"""Delete the revisions (Wagtail's saved versions) older than the firm's retention.

Every save of a dossier or a page stores a whole version; kept forever, they would grow
without end. Kept whatever their age: each object's published version and its latest
one, and a version scheduled to go live. Run it daily (README, "Deployment").
"""

import datetime

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import DraftStateMixin, Revision, RevisionMixin

from portal_pages.models import FirmSettings

BATCH = 1000


def revisions_to_keep():
    keep = set()
    for model in apps.get_models():
        if not issubclass(model, RevisionMixin) or model._meta.proxy:
            continue
        fields = ["latest_revision_id"]
        if issubclass(model, DraftStateMixin):
            fields.append("live_revision_id")
        for row in model._base_manager.values_list(*fields):
            keep.update(pk for pk in row if pk is not None)
    return keep


def prune(days):
    """Delete what is older than ``days`` and not kept; returns how many went."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    keep = revisions_to_keep()
    old = (
        Revision.objects.filter(created_at__lt=cutoff, approved_go_live_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    doomed = [pk for pk in old.iterator(chunk_size=BATCH) if pk not in keep]
    for start in range(0, len(doomed), BATCH):
        with transaction.atomic():
            Revision.objects.filter(pk__in=doomed[start : start + BATCH]).delete()
    return len(doomed)


class Command(BaseCommand):
    help = "Delete saved versions older than the firm's retention (the live and latest stay)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Instead of the firm's setting.")

    def handle(self, *args, days=None, **options):
        days = days or FirmSettings.current().revision_retention_days
        deleted = prune(days)
        self.stdout.write(f"{deleted} revision(s) older than {days} days deleted.")
