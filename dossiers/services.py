"""Operations on dossiers that change several things at once, each in one transaction."""

from django.db import transaction
from django.utils import timezone

from .models import ITEM_MODELS


@transaction.atomic
def record_publication(dossier):
    """Date the items that this publish shares for the first time.

    Returns ``{category: [item ids]}`` of the newly shared items: the ones whose
    clients are to be told.
    """
    now = timezone.now()
    newly_shared = {}
    for category, model in ITEM_MODELS.items():
        fresh = model.objects.filter(dossier=dossier, first_published_at__isnull=True)
        ids = list(fresh.values_list("pk", flat=True))
        if ids:
            model.objects.filter(pk__in=ids).update(first_published_at=now)
            newly_shared[category] = ids
    return newly_shared
