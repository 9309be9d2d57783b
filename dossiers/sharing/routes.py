"""The routes to the publish path besides the bulk actions: a dossier published (with what
waits in it) or withdrawn, the worker's scheduled publishing, and Wagtail's publishing of
one object and deletions, heard through their signals. Each ends in
``publishing.shared`` or ``publishing.withdrawn``."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Revision
from wagtail.signals import published, unpublished

from security.audit import record

from .models import ITEM_MODELS, Dossier
from .publishing import publish, shared, withdrawn


def unshared(dossier):
    """{model: ids} of ``dossier``'s items that wait to be shared: drafts never published,
    and shared items with changes not published (withdrawn ones stay withdrawn)."""
    waiting = Q(live=False, first_published_at__isnull=True) | Q(
        live=True, has_unpublished_changes=True
    )
    found = {
        model: list(model.objects.filter(waiting, dossier=dossier).values_list("pk", flat=True))
        for model in ITEM_MODELS.values()
    }
    return {model: ids for model, ids in found.items() if ids}


def publish_with_items(dossier, by=None):
    """A dossier published with what waits to be shared in it (``unshared``), in one
    transaction: the dossier's own publish (Wagtail's: its revision), then its items',
    through ``publish``. Returns the number of items published."""
    with transaction.atomic():
        revision = dossier.latest_revision or dossier.save_revision(user=by)
        revision.publish(user=by, skip_permission_checks=True)
        waiting = unshared(dossier)
        return publish(dossier, waiting, by=by) if waiting else 0


def dossier_published(dossier, now=None):
    """The dossier itself was published: if it just went live, its live items are seen by
    its clients from now (one query and one UPDATE per kind of item)."""
    now = now or timezone.now()
    items = {}
    for model in ITEM_MODELS.values():
        waiting = model.objects.filter(dossier=dossier, live=True, shared_at__isnull=True)
        ids = list(waiting.values_list("pk", flat=True))
        if ids:
            model.objects.filter(pk__in=ids).update(shared_at=now)
            items[model] = ids
    shared(dossier.pk, items, now, newly_shared=list(items))


def dossier_withdrawn(dossier, now=None):
    """The dossier was unpublished: none of its items reaches its clients any more."""
    items = {
        model: list(model.objects.filter(dossier=dossier, live=True).values_list("pk", flat=True))
        for model in ITEM_MODELS.values()
    }
    withdrawn(dossier.pk, items, now or timezone.now())


def publish_scheduled(now=None):
    """What the worker runs every minute: the dossiers' and items' revisions whose time
    has come go live, and live ones past their expiry are withdrawn, each in its own
    transaction and through Wagtail's publishing, so through ``shared``/``withdrawn``.
    Returns (published, expired)."""
    now = now or timezone.now()
    models = [Dossier, *ITEM_MODELS.values()]
    expired = 0
    for model in models:
        for obj in model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at"):
            with transaction.atomic():
                obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
            expired += 1
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    due = Revision.objects.filter(
        approved_go_live_at__lt=now,
        content_type__in=content_types.values(),
    ).order_by("approved_go_live_at")
    published_count = 0
    for revision in due:
        with transaction.atomic():
            revision.publish(log_action="wagtail.publish.scheduled")
        published_count += 1
    return published_count, expired


@receiver(published, dispatch_uid="dossiers.sharing.published")
def _published(sender, instance, revision=None, **kwargs):
    # A publish scheduled for later sends this signal too, with the object not live yet:
    # it is told when it goes live (publish_scheduled publishes again).
    if not instance.live:
        return
    if sender is Dossier:
        record("espace.publish", instance, user=getattr(revision, "user", None))
        dossier_published(instance)
    elif sender in ITEM_MODELS.values():
        shared(instance.dossier_id, {sender: [instance.pk]}, timezone.now())


@receiver(unpublished, dispatch_uid="dossiers.sharing.unpublished")
def _unpublished(sender, instance, **kwargs):
    if sender is Dossier:
        dossier_withdrawn(instance)
    elif sender in ITEM_MODELS.values():
        withdrawn(instance.dossier_id, {sender: [instance.pk]}, timezone.now())


@receiver(pre_delete, dispatch_uid="dossiers.sharing.deleted")
def _deleted(sender, instance, **kwargs):
    # Before the rows go: listeners may still read what refers to them (a payment).
    if sender in ITEM_MODELS.values():
        withdrawn(instance.dossier_id, {sender: [instance.pk]}, timezone.now(), deleted=True)
