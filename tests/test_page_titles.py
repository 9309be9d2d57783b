"""Every portal page's <title> is text: no markup slipped into a template's title block."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["dossiers:home", "clients:account", "privacy:activity", "clients:contact_details"]


@pytest.mark.parametrize("name", PAGES)
def test_the_title_holds_no_markup_and_sections_appear_once(client, client_a, name):
    client.force_login(client_a)
    html = client.get(reverse(name)).content.decode()
    [title] = re.findall(r"<title>(.*?)</title>", html, re.S)
    assert "<" not in title and len(title) < 120, title
    for section in re.findall(r'<section[^>]*id="([^"]+)"', html):
        assert html.count(f'id="{section}"') == 1, section
