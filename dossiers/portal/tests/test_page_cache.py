"""A client's pages are kept whole in the cache (portal_pages.cache.cached_page): a page
read again costs no query of its own, is never another client's, carries a CSRF token
of its request, and shows a change made by the firm or the client at once."""

import re
from unittest import mock

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from dossiers.factories import DocumentFactory, InvoiceFactory, shared_dossier
from dossiers.inbox import services
from dossiers.inbox.tests.test_deposits import PDF, deposit_to, upload
from dossiers.models import Deposit, Document, DossierAccess, Message
from dossiers.sharing import publishing
from payments.models import Payment
from payments.services import settle

pytestmark = pytest.mark.django_db
HOME = reverse("dossiers:home")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def dossier(client_a):
    return shared_dossier(client_a, items={"documents": 2, "invoices": 1})


@pytest.fixture
def luce(client, client_a):
    client.force_login(client_a)
    return client


def page(http_client, url):
    response = http_client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def cached_queries(http_client, url):
    http_client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = http_client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_a_page_read_again_costs_only_the_session_and_the_user(luce, dossier):
    for url in (
        HOME,
        reverse("dossiers:dossier", args=[dossier.pk]),
        reverse("dossiers:category", args=["documents"]),
        reverse("dossiers:dossier_category", args=[dossier.pk, "factures"]),
        reverse("dossiers:dossier_list"),
    ):
        sqls = cached_queries(luce, url)
        # The session (database sessions in tests) and the user: nothing of the page's own.
        assert len(sqls) == 2, (url, sqls)
        assert not any("dossiers_" in sql for sql in sqls), url


def test_a_cached_page_is_never_another_clients(client, client_a, client_b, dossier):
    theirs = shared_dossier(client_b, items={"documents": 1})
    client.force_login(client_a)
    page(client, HOME)
    page(client, HOME)
    client.force_login(client_b)
    html = page(client, HOME)
    assert str(theirs) in html and str(dossier) not in html
    assert "1 document" in html
    # Her dossier's page, cached for her, is still not found for him.
    client.force_login(client_a)
    page(client, reverse("dossiers:dossier", args=[dossier.pk]))
    client.force_login(client_b)
    assert client.get(reverse("dossiers:dossier", args=[dossier.pk])).status_code == 404


def test_each_response_carries_a_csrf_token_that_works(client_a, dossier):
    browser = HttpClient(enforce_csrf_checks=True)
    browser.force_login(client_a)
    url = reverse("dossiers:dossier", args=[dossier.pk])
    first, second = page(browser, url), page(browser, url)
    tokens = set(TOKEN.findall(first)) | set(TOKEN.findall(second))
    assert len(tokens) >= 2  # masked anew for each response, never the stored placeholder
    assert "csrf-token-of-the-request" not in first + second
    response = deposit_to(browser, dossier, upload("a.pdf", PDF), csrfmiddlewaretoken=tokens.pop())
    assert response.status_code == 302
    assert Deposit.objects.count() == 1


def test_publishing_and_withdrawing_show_at_once(luce, client_a, dossier, lawyer):
    assert "2 documents" in page(luce, HOME)
    draft = DocumentFactory(dossier=dossier, title="Jugement", live=False)
    publishing.publish(dossier, {Document: [draft.pk]}, by=lawyer)
    assert "3 documents" in page(luce, HOME)
    assert "Jugement" in page(luce, reverse("dossiers:category", args=["documents"]))
    publishing.withdraw(dossier, {Document: [draft.pk]}, by=lawyer)
    assert "2 documents" in page(luce, HOME)
    assert "Jugement" not in page(luce, reverse("dossiers:category", args=["documents"]))


def test_an_access_removed_shows_at_once(luce, client_a, dossier):
    url = reverse("dossiers:dossier", args=[dossier.pk])
    page(luce, url)
    assert str(dossier) in page(luce, HOME)
    DossierAccess.objects.filter(dossier=dossier, client=client_a).delete()
    assert luce.get(url).status_code == 404
    assert str(dossier) not in page(luce, HOME)


def test_a_deposit_its_scan_and_an_answer_show_at_once(luce, client_a, dossier, lawyer):
    url = reverse("dossiers:dossier", args=[dossier.pk])
    page(luce, url)
    deposit_to(luce, dossier, upload("pièce.pdf", PDF))
    assert "pièce.pdf" in page(luce, url)

    deposit = Deposit.objects.get()
    Deposit.objects.filter(pk=deposit.pk).update(scan_status=Deposit.Scan.PENDING)
    assert "Infecté" not in page(luce, url)
    with mock.patch.object(services.antivirus, "scan", return_value="Eicar-Test-Signature"):
        services.scan_deposit(deposit)
    assert "Infecté" in page(luce, url)

    message = Message.objects.create(
        dossier=dossier, client=client_a, subject="Audience", body="Quelle heure ?"
    )
    page(luce, url)
    services.answer_message(message, lawyer, "À 14 h, salle 3.")
    assert "À 14 h, salle 3." in page(luce, url)


def test_a_payment_settled_shows_at_once(luce, client_a, dossier, online_payment):
    invoice = InvoiceFactory(dossier=dossier, number="FA-77")
    url = reverse("dossiers:category", args=["factures"])
    assert "Payée" not in page(luce, url)
    payment = Payment.objects.create(
        invoice=invoice, client=client_a, amount=invoice.amount, invoice_number=invoice.number
    )
    page(luce, url)
    settle(payment, Payment.Status.PAID)
    assert "Payée" in page(luce, url)


def test_a_message_to_show_is_shown_once_and_the_page_is_not_kept_with_it(luce, dossier):
    page(luce, HOME)
    # The form without script: the answer is Accueil again, with a message.
    response = deposit_to(luce, dossier, upload("a.pdf", PDF))
    follow = luce.get(response["Location"]).content.decode()
    assert 'class="messages"' in follow
    assert 'class="messages"' not in page(luce, response["Location"])


def test_the_greeting_follows_the_clients_name(luce, client_a):
    assert f"Bonjour {client_a.first_name}" in page(luce, HOME)
    client_a.first_name = "Lucie"
    client_a.save()
    assert "Bonjour Lucie" in page(luce, HOME)


def test_a_page_is_kept_a_minute_at_most(luce, dossier):
    """What changes with the clock alone (the next rendez-vous, the deposit quota), or a
    change made outside the ORM's signals, shows within a minute."""
    assert "2 documents" in page(luce, HOME)
    Document.objects.filter(dossier=dossier).update(live=False)  # no signal: stays cached
    assert "2 documents" in page(luce, HOME)
    import time

    later = time.time() + 61
    with mock.patch("django.core.cache.backends.locmem.time.time", return_value=later):
        assert "2 documents" not in page(luce, HOME)


def test_a_download_is_refused_at_once_when_withdrawn_or_its_access_removed(
    client, client_a, client_b, dossier, lawyer
):
    """Which file a client may download is cached like their pages: dropped with them."""
    document = dossier.documents.first()
    url = reverse("dossiers:document_download", args=[document.pk])
    client.force_login(client_a)
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    # Every download is in the audit trail, cached or not.
    assert ModelLogEntry.objects.filter(action="espace.download", user_id=client_a.pk).count() == 2
    # Another client asking for it after her is not found (his own lookup).
    client.force_login(client_b)
    assert client.get(url).status_code == 404
    client.force_login(client_a)
    publishing.withdraw(dossier, {Document: [document.pk]}, by=lawyer)
    assert client.get(url).status_code == 404
    publishing.publish(dossier, {Document: [document.pk]}, by=lawyer)
    assert client.get(url).status_code == 200
    DossierAccess.objects.filter(dossier=dossier, client=client_a).delete()
    assert client.get(url).status_code == 404


def test_without_redis_pages_are_made_anew_each_time(luce, dossier, settings):
    """With the database cache (no Redis), a page kept there would be a row written for
    each page made anew: CLIENT_PAGE_CACHE is then off."""
    settings.CLIENT_PAGE_CACHE = False
    sqls = cached_queries(luce, HOME)
    assert any("dossiers_dossier" in sql for sql in sqls)
    url = reverse("dossiers:category", args=["documents"])
    page(luce, url)
    document = dossier.documents.first()
    Document.objects.filter(pk=document.pk).update(title="Titre changé", live=False)
    assert "Titre changé" not in page(luce, url)  # seen at once, signal or not
    Document.objects.filter(pk=document.pk).update(live=True)
    assert "Titre changé" in page(luce, url)
    Document.objects.filter(pk=document.pk).update(live=False)
    assert luce.get(reverse("dossiers:document_download", args=[document.pk])).status_code == 404


def test_two_clients_of_the_same_name_never_share_a_page(luce, client_a, dossier):
    """A namesake of Luce (same first and last name, another account) gets her own pages."""
    from clients.factories import ClientFactory

    namesake = ClientFactory(
        first_name=client_a.first_name, last_name=client_a.last_name, last_login=client_a.last_login
    )
    theirs = shared_dossier(namesake, items={"appointments": 1})
    other = HttpClient()
    other.force_login(namesake)
    for url in (
        HOME,
        reverse("dossiers:dossier_list"),
        reverse("dossiers:category", args=["documents"]),
    ):
        luce.get(url)  # Luce's page, now in the cache
        response = other.get(url)
        html = response.content.decode()
        assert dossier.reference not in html, url
        assert response.status_code == 404 or theirs.reference in html, url
    assert "1 rendez-vous" in page(other, HOME) and "2 documents" not in page(other, HOME)
