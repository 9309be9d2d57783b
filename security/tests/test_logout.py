"""Logging out ends the session on the server: a copied cookie is dead. A GET of a logout
address is no logout: it changes nothing, neither the session nor its cookie."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django.urls import reverse

pytestmark = pytest.mark.django_db
SEATS = [("lawyer", "/admin/logout/", "/admin/"), ("client_a", "/deconnexion/", "/")]


@pytest.mark.parametrize(("who", "logout", "page"), SEATS)
def test_logging_out_ends_the_session_on_the_server(who, logout, page, request):
    browser = HttpClient()
    browser.force_login(request.getfixturevalue(who))
    copied = browser.cookies["sessionid"].value
    assert browser.get(page).status_code == 200
    assert browser.post(logout).status_code == 302
    assert not Session.objects.filter(session_key=copied).exists()
    thief = HttpClient()
    thief.cookies["sessionid"] = copied
    assert thief.get(page).status_code == 302  # to the login page


@pytest.mark.parametrize(("who", "logout", "page"), SEATS)
def test_a_get_of_the_logout_address_changes_nothing(who, logout, page, request):
    browser = HttpClient()
    browser.force_login(request.getfixturevalue(who))
    session = browser.cookies["sessionid"].value
    response = browser.get(logout)
    assert response.status_code == 405
    kept = response.cookies.get("sessionid")
    assert kept is None or kept.value == session  # the cookie is not deleted
    assert Session.objects.filter(session_key=session).exists()
    assert browser.get(page).status_code == 200


def test_the_admin_logout_address_is_wagtails():
    assert reverse("wagtailadmin_logout") == "/admin/logout/"
