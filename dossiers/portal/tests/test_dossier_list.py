"""Accueil lists a bounded number of dossiers; « Mes dossiers » lists them all, a page at a
time, through the same access gate."""

import pytest
from django.urls import reverse

from dossiers.factories import DossierFactory, shared_dossier
from dossiers.portal.views import HOME_DOSSIERS, ITEMS_PER_PAGE

pytestmark = pytest.mark.django_db
HOME = reverse("dossiers:home")
ALL = reverse("dossiers:dossier_list")


def links_to_dossiers(html, dossiers):
    return [d for d in dossiers if f'href="{reverse("dossiers:dossier", args=[d.pk])}"' in html]


def test_accueil_shows_the_first_dossiers_then_a_link_to_all_of_them(client, client_a):
    dossiers = sorted(
        (shared_dossier(client_a) for _ in range(HOME_DOSSIERS + 5)), key=lambda d: d.reference
    )
    client.force_login(client_a)
    html = client.get(HOME).content.decode()
    assert links_to_dossiers(html, dossiers) == dossiers[:HOME_DOSSIERS]
    assert f'href="{ALL}"' in html and "Voir tous mes dossiers" in html
    # The deposit form still offers every dossier.
    assert all(f'<option value="{d.pk}"' in html for d in dossiers)


def test_accueil_has_no_link_when_every_dossier_is_shown(client, client_a):
    shared_dossier(client_a)
    client.force_login(client_a)
    assert f'href="{ALL}"' not in client.get(HOME).content.decode()


def test_all_dossiers_page_by_page_and_only_the_clients_own(client, client_a, client_b):
    mine = sorted(
        (shared_dossier(client_a) for _ in range(ITEMS_PER_PAGE + 3)), key=lambda d: d.reference
    )
    others = [shared_dossier(client_b), DossierFactory(live=True)]
    draft = shared_dossier(client_a)
    draft.live = False
    draft.save()
    client.force_login(client_a)
    first = client.get(ALL).content.decode()
    second = client.get(ALL, {"page": 2}).content.decode()
    assert links_to_dossiers(first, mine) == mine[:ITEMS_PER_PAGE]
    assert links_to_dossiers(second, mine) == mine[ITEMS_PER_PAGE:]
    assert "Page 1 sur 2" in first
    for html in (first, second):
        assert links_to_dossiers(html, others + [draft]) == []
        assert all(d.reference not in html for d in others + [draft])


def test_all_dossiers_for_a_client_without_any(client, client_b):
    client.force_login(client_b)
    response = client.get(ALL)
    assert response.status_code == 200
    assert "Vous n'avez aucun dossier sur votre espace client." in response.content.decode()


def test_all_dossiers_needs_a_client_login(client):
    response = client.get(ALL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("clients:login"))


def test_the_deposit_forms_dossiers_are_escaped_and_the_chosen_one_selected():
    from dossiers.inbox.forms import DossierSelect

    select = DossierSelect(choices=[("", "---------"), (7, 'DUPONT <b>"SCI"</b> & fils'), (9, "B")])
    html = select.render("dossier", "9")
    assert '<option value="7">DUPONT &lt;b&gt;&quot;SCI&quot;&lt;/b&gt; &amp; fils</option>' in html
    assert '<option value="9" selected>B</option>' in html
    assert '<option value="">---------</option>' in html
    assert "<b>" not in html
