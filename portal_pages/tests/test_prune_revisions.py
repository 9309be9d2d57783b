"""Old versions go, after the firm's retention; what is published and the latest stay."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision, Site

from dossiers.factories import DossierFactory
from portal_pages.models import FirmSettings

pytestmark = pytest.mark.django_db


def age(revision, days):
    Revision.objects.filter(pk=revision.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_versions_older_than_the_retention_go_and_the_live_and_latest_stay(lawyer, capsys):
    firm = FirmSettings.for_site(Site.objects.get(is_default_site=True))
    firm.revision_retention_days = 30
    firm.save()
    dossier = DossierFactory(live=False)
    old_drafts = [dossier.save_revision(user=lawyer) for _ in range(3)]
    published = dossier.save_revision(user=lawyer)
    published.publish(user=lawyer)
    recent_draft = dossier.save_revision(user=lawyer)
    latest = dossier.save_revision(user=lawyer)
    for revision in [*old_drafts, published, recent_draft, latest]:
        age(revision, 400)
    age(recent_draft, 10)
    other = DossierFactory(live=False)
    lone = other.save_revision(user=lawyer)
    age(lone, 400)  # an object's only (so latest) version stays whatever its age

    call_command("prune_revisions")

    kept = set(Revision.objects.values_list("pk", flat=True))
    assert kept >= {published.pk, recent_draft.pk, latest.pk, lone.pk}
    assert kept.isdisjoint(r.pk for r in old_drafts)
    assert "3 revision(s) older than 30 days deleted." in capsys.readouterr().out
    dossier.refresh_from_db()
    assert dossier.live_revision_id == published.pk
    assert dossier.get_latest_revision_as_object().pk == dossier.pk


def test_a_version_scheduled_to_go_live_is_kept(lawyer):
    dossier = DossierFactory(live=False)
    scheduled = dossier.save_revision(user=lawyer, approved_go_live_at=timezone.now())
    dossier.save_revision(user=lawyer)
    age(scheduled, 1000)
    call_command("prune_revisions", days=1)
    assert Revision.objects.filter(pk=scheduled.pk).exists()
