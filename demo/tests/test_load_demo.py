import os

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import RequestFactory
from wagtail.models import Site

from dossiers.models import Category, Dossier, Invoice
from portal_pages.models import FirmSettings, HelpPage

pytestmark = pytest.mark.django_db

DEMO_EMAILS = [
    "fabien.delmas@aaps-avocats.com",
    "admin@aaps-avocats.com",
    "academy@secib.fr",
    "marc.dupont@example.fr",
]


def snapshot():
    """Every row count of every model, and every stored private file."""
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    files = []
    root = storages["private"].location
    for folder, _dirs, names in os.walk(root):
        files += [os.path.join(folder, name) for name in names]
    return counts, sorted(files)


def test_load_demo_twice_changes_nothing():
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first


def test_the_demo_is_the_manuals_world():
    call_command("load_demo")

    firm = FirmSettings.for_site(Site.objects.get(is_default_site=True))
    assert firm.name == "AAPS AVOCATS"
    assert firm.address == "8 rue Armand Moisant - 75015 Paris"
    assert firm.phone == "01 43 06 91 47"
    assert firm.email == "contact@aaps-avocats.com"
    assert firm.online_payment_enabled

    lawyer = authenticate(
        RequestFactory().post("/connexion/"),
        username="fabien.delmas@aaps-avocats.com",
        password="Delmas-Demo-2026",
    )
    luce = authenticate(
        RequestFactory().post("/connexion/"), username="academy@secib.fr", password="a12RJ3d11P"
    )
    marc = authenticate(
        RequestFactory().post("/connexion/"),
        username="marc.dupont@example.fr",
        password="Dupont-Demo-2026",
    )
    assert lawyer and lawyer.is_staff and lawyer.has_perm("dossiers.publish_dossier")
    assert luce and luce.is_client and marc and marc.is_client
    assert (luce.address, luce.postal_code, luce.city, luce.phone, luce.mobile) == (
        "Impasse Adam 1er",
        "34470",
        "PEROLS",
        "04 67 15 98 42",
        "06 15 25 65 25",
    )

    main = Dossier.objects.get(reference="2017IIDOS/1529")
    assert str(main) == "2017IIDOS/1529 - ALEXAN"
    assert main.interlocutor.display_name == "DELMAS Fabien"
    luce_dossiers = Dossier.objects.visible_to(luce)
    assert set(luce_dossiers) == {main, Dossier.objects.get(reference="2019IIDOS/0412")}
    for category in Category:
        assert category.model.objects.visible_to(luce).filter(dossier=main).exists()
        assert category.model.objects.visible_to(marc).exists()
    second = Dossier.objects.get(reference="2019IIDOS/0412")
    assert [c for c in Category if c.model.objects.filter(dossier=second).exists()] == [
        Category.DOCUMENTS
    ]
    unpaid = Invoice.objects.visible_to(luce).get()
    assert unpaid.status == Invoice.Status.TO_PAY and unpaid.payable_online
    assert not Dossier.objects.visible_to(marc).filter(pk=main.pk).exists()

    titles = set(HelpPage.objects.live().values_list("title", flat=True))
    assert {"Ma première connexion", "Le dépôt de documents", "L'envoi d'un message"} <= titles


def test_load_demo_refuses_where_demo_data_is_not_allowed(settings):
    """Defence in depth: wherever the demo app is installed, the setting still decides."""
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import CommandError

    from clients.models import User
    from demo.world import load_demo

    settings.DEMO_DATA_ALLOWED = False
    before = snapshot()
    with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED"):
        call_command("load_demo")
    with pytest.raises(ImproperlyConfigured, match="DEMO_DATA_ALLOWED"):
        load_demo()
    assert snapshot() == before
    assert not User.objects.filter(email__in=DEMO_EMAILS).exists()
