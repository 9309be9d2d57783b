"""Bounded queries: the portal's pages cost the same for 4 items or for 5,000, within
fixed budgets, and reading a page writes nothing to the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dossiers.factories import ITEM_FACTORIES, DossierAccessFactory, DossierFactory
from dossiers.models import Deposit, Dossier, Message, Reply
from portal_pages.cache import invalidate
from portal_pages.models import FirmSettings

pytestmark = pytest.mark.django_db

# Queries per page, the session's and the user's included (database sessions).
BUDGETS = {"accueil": 6, "dossier": 6, "category": 5, "dossier category": 5, "all dossiers": 5}
WRITES = ("INSERT", "UPDATE", "DELETE")


def build(client_user, dossiers, items_per_dossier, lawyer=None):
    """``dossiers`` dossiers of the client, each with ``items_per_dossier`` items of all
    kinds; in the first one, a deposit and a message with its answer."""
    per_kind = items_per_dossier // len(ITEM_FACTORIES)
    for n in range(dossiers):
        dossier = DossierFactory()
        DossierAccessFactory(dossier=dossier, client=client_user)
        for relation, factory in ITEM_FACTORIES.items():
            files = {"documents": {"file": "documents/x.pdf"}, "invoices": {"pdf": "f/x.pdf"}}
            items = [
                factory.build(dossier=dossier, **files.get(relation, {})) for _ in range(per_kind)
            ]
            factory._meta.model.objects.bulk_create(items)
        if n == 0 and lawyer is not None:
            Deposit.objects.create(
                dossier=dossier, client=client_user, file="depots/x.pdf", filename="x.pdf"
            )
            message = Message.objects.create(
                dossier=dossier, client=client_user, subject="Question", body="Bonjour"
            )
            Reply.objects.create(message=message, author=lawyer, body="Réponse")


def queries_for(http_client, url):
    """A page's queries when it is made anew (not read back from the page cache)."""
    http_client.get(url)
    invalidate()  # every cached page and card goes
    # The firm's set-up is cached again (per site, and for code without a request).
    http_client.get(reverse("clients:account"))
    FirmSettings.current()
    with CaptureQueriesContext(connection) as captured:
        response = http_client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


def measure(http_client, user):
    dossier = Dossier.objects.visible_to(user).order_by("pk").first()
    urls = {
        "accueil": reverse("dossiers:home"),
        "category": reverse("dossiers:category", args=["factures"]),
        "dossier": reverse("dossiers:dossier", args=[dossier.pk]),
        "dossier category": reverse("dossiers:dossier_category", args=[dossier.pk, "factures"]),
        "all dossiers": reverse("dossiers:dossier_list"),
    }
    return {name: queries_for(http_client, url) for name, url in urls.items()}


@pytest.fixture
def small_and_large(client, client_a, client_b, lawyer):
    build(client_a, dossiers=1, items_per_dossier=4, lawyer=lawyer)
    client.force_login(client_a)
    small = measure(client, client_a)
    build(client_b, dossiers=50, items_per_dossier=100, lawyer=lawyer)
    client.force_login(client_b)
    large = measure(client, client_b)
    return small, large


def test_page_queries_stay_within_budget_whatever_the_client_has(small_and_large):
    small, large = ({name: len(sql) for name, sql in s.items()} for s in small_and_large)
    print(f"\nSQL queries per page, 1 dossier/4 items vs 50 dossiers/5,000 items: {small} {large}")
    assert small == large
    assert all(large[name] <= budget for name, budget in BUDGETS.items()), (large, BUDGETS)


def test_reading_pages_writes_nothing(small_and_large):
    for measured in small_and_large:
        writes = [
            sql for sqls in measured.values() for sql in sqls if sql.lstrip().startswith(WRITES)
        ]
        assert writes == []


def test_a_get_of_accueil_writes_nothing_after_login(client_a, lawyer):
    from django.test import Client as HttpClient

    from clients.factories import PASSWORD

    build(client_a, dossiers=2, items_per_dossier=4, lawyer=lawyer)
    browser = HttpClient()
    browser.post(reverse("clients:login"), {"username": client_a.email, "password": PASSWORD})
    browser.get(reverse("dossiers:home"))  # the first page records the session's start
    for _ in range(3):
        sqls = queries_for(browser, reverse("dossiers:home"))
        assert [sql for sql in sqls if sql.lstrip().startswith(WRITES)] == []
