"""The firm's branding where a browser and a calendar app show it: the tab's icon, in the
firm's colour with its initial, and the calendar feed's name."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from portal_pages.models import FirmSettings

pytestmark = pytest.mark.django_db


def test_the_tab_icon_is_the_firms_initial_on_its_colour_for_anyone(settings):
    firm = FirmSettings.current()
    firm.name = "Étude <Martin>"
    firm.primary_colour = "#123456"
    firm.save()
    login = HttpClient().get(reverse("clients:login")).content.decode()
    assert reverse("portal_pages:favicon") in login
    response = HttpClient().get(reverse("portal_pages:favicon"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert 'fill="#123456"' in svg and ">É</text>" in svg
    assert "<Martin>" not in svg
