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


def test_query_strings_and_host_ports_do_not_grow_the_cache(client, client_a, settings):
    """Anyone can type a query string or a port: the cache keeps one page per page number,
    and one set-up per known host."""
    from unittest import mock

    from dossiers.factories import shared_dossier
    from portal_pages import cache

    settings.ALLOWED_HOSTS = ["portail.example.fr", "localhost", "testserver"]
    shared_dossier(client_a, items={"documents": 30})
    client.force_login(client_a)
    written = []
    original = cache.write

    def counting(name, value, stamp, timeout=cache.TIMEOUT):
        written.append(name)
        return original(name, value, stamp, timeout)

    with mock.patch.object(cache, "write", counting):
        for n in range(20):
            assert (
                client.get(f"/?utm_source={n}", HTTP_HOST="portail.example.fr").status_code == 200
            )
            assert client.get("/", HTTP_HOST=f"portail.example.fr:{8000 + n}").status_code == 200
            response = client.get(f"/categories/documents/?page={n % 2 + 1}&x={n}")
            assert response.status_code == 200
        client.get("/categories/documents/?page=2", HTTP_HOST="localhost")
        client.get("/categories/documents/?page=abc", HTTP_HOST="localhost")
    pages = {name for name in written if name.startswith("page:")}
    setups = {name for name in written if name.startswith("setup:")}
    # Accueil once (the query string is served fresh, ports are one host), page 2 once.
    assert len(pages) == 2, pages
    assert setups <= {"setup:portail.example.fr", "setup:localhost", "setup:testserver"}, setups
