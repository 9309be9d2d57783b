"""The firm's set-up is read from the cache, and a change made by firm staff shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from portal_pages.models import FirmSettings, HelpIndexPage, PortalHomePage

pytestmark = pytest.mark.django_db
LOGIN = reverse("clients:login")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, captured


def test_the_login_page_reads_the_firm_from_the_cache(client):
    client.get(LOGIN)
    response, captured = queries(client, LOGIN)
    assert response.status_code == 200
    assert not any(
        table in query["sql"]
        for query in captured.captured_queries
        for table in ("wagtailcore_site", "portal_pages_firmsettings", "wagtailcore_page")
    )


def test_saving_the_firm_settings_shows_at_once(client):
    client.get(LOGIN)
    firm = FirmSettings.for_site(Site.objects.get(is_default_site=True))
    firm.name = "Cabinet Nouveau Nom"
    firm.save()
    assert "Cabinet Nouveau Nom" in client.get(LOGIN).content.decode()
    assert FirmSettings.current().name == "Cabinet Nouveau Nom"


def test_publishing_the_portal_texts_shows_at_once(client):
    client.get(LOGIN)
    home = PortalHomePage.objects.get()
    home.login_text = "<p>Bienvenue chez nous</p>"
    home.save_revision().publish()
    assert "Bienvenue chez nous" in client.get(LOGIN).content.decode()


def test_the_help_link_follows_the_help_page(client):
    assert 'href="/aide/"' in client.get(LOGIN).content.decode()
    help_page = HelpIndexPage.objects.get()
    help_page.slug = "mode-d-emploi"
    help_page.save_revision().publish()
    assert 'href="/mode-d-emploi/"' in client.get(LOGIN).content.decode()
    help_page.unpublish()
    assert "mode-d-emploi" not in client.get(LOGIN).content.decode()


def test_deleting_the_site_shows_at_once():
    assert FirmSettings.current().name
    Site.objects.get(is_default_site=True).delete()
    assert FirmSettings.current().name == ""
