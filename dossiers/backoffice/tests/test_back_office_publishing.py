"""Publishing that a lawyer cannot miss: the main button publishes, a draft says plainly
that clients see nothing, a taken reference links to the dossier that has it."""

import re

import pytest
from django.urls import reverse

from dossiers.factories import DossierFactory
from dossiers.tests.helpers import dossier_edit_url

pytestmark = pytest.mark.django_db


def main_button(html):
    """The action menu's first button: the one a lawyer presses."""
    footer = (
        html[html.index('data-controller="w-dropdown"') - 4000 :] if "w-dropdown" in html else html
    )
    match = re.search(
        r'<button[^>]*name="(action-[a-z]+)"[^>]*>.*?<em[^>]*>([^<]+)</em>', footer, re.S
    )
    return match.group(1), " ".join(match.group(2).split())


def test_the_main_button_publishes_for_the_clients(lawyer_session):
    for url in (
        reverse("wagtailsnippets_dossiers_dossier:add"),
        dossier_edit_url(DossierFactory(live=False)),
    ):
        html = lawyer_session.get(url).content.decode()
        name, label = main_button(html)
        assert name == "action-publish"
        assert label == "Publier pour les clients"


def test_a_draft_says_clients_see_nothing_yet(lawyer_session):
    draft = DossierFactory(live=False)
    html = lawyer_session.get(dossier_edit_url(draft)).content.decode()
    assert "Brouillon : vos clients ne voient encore rien de ce dossier." in html
    live = DossierFactory(live=True)
    html = lawyer_session.get(dossier_edit_url(live)).content.decode()
    assert "Publié : vos clients voient ce dossier" in html


def test_a_taken_reference_links_to_the_dossier_that_has_it(lawyer_session, lawyer):
    draft = DossierFactory(live=False, reference="2026IIDOS/0001")
    response = lawyer_session.post(
        reverse("wagtailsnippets_dossiers_dossier:add"),
        {
            "reference": "2026IIDOS/0001",
            "short_name": "X",
            "interlocutor": lawyer.pk,
            "status": "open",
            "accesses-TOTAL_FORMS": "0",
            "accesses-INITIAL_FORMS": "0",
        },
    )
    html = response.content.decode()
    assert dossier_edit_url(draft) in html
    assert "Un dossier porte déjà cette référence" in html


def test_no_autosave_on_a_new_dossier(lawyer_session):
    html = lawyer_session.get(reverse("wagtailsnippets_dossiers_dossier:add")).content.decode()
    assert "data-w-autosave-interval-value" not in html  # the edit page has it
