"""Operations on dossiers that change several things at once, each in one transaction."""

from django.db import transaction
from django.utils import timezone

from .models import ITEM_MODELS


@transaction.atomic
def record_publication(dossier):
    """Date the items that this publish shares for the first time, and tell their clients.

    Returns ``{category: [item ids]}`` of the newly shared items.
    """
    from notifications.shares import announce

    now = timezone.now()
    newly_shared = {}
    for category, model in ITEM_MODELS.items():
        fresh = model.objects.filter(dossier=dossier, first_published_at__isnull=True)
        ids = list(fresh.values_list("pk", flat=True))
        if ids:
            model.objects.filter(pk__in=ids).update(first_published_at=now)
            newly_shared[category.value] = ids
    announce(dossier, newly_shared)
    return newly_shared
