"""The back office's frame: its menu sections, and plain listings that read in French."""

import re

import pytest
from django.urls import reverse

from clients.factories import UserFactory
from common.records import admin_url
from dossiers.models import Message
from notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db

ENGLISH = ["Any date", "Past 7 days", "This month", "This year", ">All<", "Has date"]


@pytest.fixture
def firm_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def menu_sections(html):
    """{section: [item labels]} from the sidebar's JSON (Wagtail renders the menu in it)."""
    sections = {}
    for match in re.finditer(
        r'"wagtail\.sidebar\.SubMenuItem", "_args": \[\{"name": "(\w+)"', html
    ):
        rest = html[match.end() :].split("wagtail.sidebar.SubMenuItem", 1)[0]
        sections[match.group(1)] = re.findall(r'"label": "([^"]+)"', rest)
    return sections


def test_the_menu_groups_the_listings_in_two_sections(firm_admin):
    html = firm_admin.get(reverse("wagtailadmin_home")).content.decode()
    sections = {
        name: [label.encode().decode("unicode_escape") for label in labels]
        for name, labels in menu_sections(html).items()
    }
    assert sections["inbox"][:4] == ["Boîte de réception", "Messages", "Dépôts", "Coordonnées"]
    assert sections["follow_up"][:4] == ["Suivi", "E-mails", "Paiements", "Verrouillages"]


@pytest.mark.parametrize("model", [Message, OutgoingEmail])
def test_the_listings_filters_read_in_french(firm_admin, model):
    html = firm_admin.get(admin_url(model, "index")).content.decode()
    text = re.sub(r"\s+", " ", html)
    assert "Tous" in text or "Toutes les dates" in text
    for english in ENGLISH:
        assert english not in text, english
