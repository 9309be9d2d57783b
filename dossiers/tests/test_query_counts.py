"""Bounded queries: the portal's pages cost the same for 3 items or for 5,000."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dossiers.factories import ITEM_FACTORIES, DossierAccessFactory, DossierFactory
from dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def build(client_user, dossiers, items_per_dossier):
    """``dossiers`` dossiers of the client, each with ``items_per_dossier`` items of all kinds."""
    per_kind = items_per_dossier // len(ITEM_FACTORIES)
    for _ in range(dossiers):
        dossier = DossierFactory()
        DossierAccessFactory(dossier=dossier, client=client_user)
        for relation, factory in ITEM_FACTORIES.items():
            files = {"documents": {"file": "documents/x.pdf"}, "invoices": {"pdf": "f/x.pdf"}}
            items = [
                factory.build(dossier=dossier, **files.get(relation, {})) for _ in range(per_kind)
            ]
            factory._meta.model.objects.bulk_create(items)


def queries_for(http_client, url):
    http_client.get(url)  # warm the per-process caches (site, content types)
    with CaptureQueriesContext(connection) as captured:
        response = http_client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def measure(http_client, user):
    dossier = Dossier.objects.visible_to(user).first()
    return {
        "accueil": queries_for(http_client, reverse("dossiers:home")),
        "category": queries_for(http_client, reverse("dossiers:category", args=["documents"])),
        "dossier": queries_for(http_client, reverse("dossiers:dossier", args=[dossier.pk])),
        "dossier category": queries_for(
            http_client, reverse("dossiers:dossier_category", args=[dossier.pk, "factures"])
        ),
    }


def test_page_queries_do_not_grow_with_dossiers_or_items(client, client_a, client_b):
    build(client_a, dossiers=1, items_per_dossier=4)
    client.force_login(client_a)
    small = measure(client, client_a)

    build(client_b, dossiers=50, items_per_dossier=100)
    client.force_login(client_b)
    large = measure(client, client_b)

    print(f"\nSQL queries per page, 1 dossier/4 items vs 50 dossiers/5,000 items: {small} {large}")
    assert small == large
    assert max(large.values()) <= 20
