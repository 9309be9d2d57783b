"""« À traiter », the back office's home: counts that match the data, per lawyer and for
the whole firm, in a constant number of queries."""

import datetime
import re
import time
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from clients.factories import ClientFactory, LawyerFactory, UserFactory
from clients.models import User
from clients.services import request_contact_change
from common.home import HomeTasksPanel
from dossiers.factories import InvoiceFactory, shared_dossier
from dossiers.inbox import services
from dossiers.inbox.uploads import CheckedFile
from dossiers.models import Deposit, Message, TeamAccessSettings
from notifications.models import OutgoingEmail
from payments.models import Payment

pytestmark = pytest.mark.django_db

HOURS_AGO = 5  # the lawyers' previous visit


def ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def logged_in(user, hours):
    """An audit entry of a login ``hours`` ago, as security.signals writes it."""
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        label=str(user),
        action="espace.login",
        data={"area": "admin"},
        user_id=user.pk,
        timestamp=ago(hours),
    )


def deposit(dossier, client, hours):
    checked = CheckedFile(ContentFile(b"%PDF-1.4", name="a.pdf"), "a.pdf", "application/pdf", 8)
    [made] = services.deposit_files(dossier, client, [checked])
    Deposit.objects.filter(pk=made.pk).update(created_at=ago(hours))


def paid(invoice, client, hours, status=Payment.Status.PAID):
    return Payment.objects.create(
        invoice=invoice,
        client=client,
        invoice_number=invoice.number,
        amount=invoice.amount,
        status=status,
        paid_at=ago(hours) if status == Payment.Status.PAID else None,
    )


def email(user, status, attempts):
    return OutgoingEmail.objects.create(
        kind="invitation", recipient=user.email, user=user, status=status, attempts=attempts
    )


@pytest.fixture
def firm(client_a, client_b):
    """Fabien's dossier (Luce) and Claire's (Marc), each with something of every kind."""
    fabien = LawyerFactory(first_name="Fabien", last_name="DELMAS")
    claire = LawyerFactory(first_name="Claire", last_name="MARTIN")
    for lawyer in (fabien, claire):
        logged_in(lawyer, HOURS_AGO)
    mine = shared_dossier(client_a)
    mine.interlocutor = fabien
    mine.save()
    theirs = shared_dossier(client_b)
    theirs.interlocutor = claire
    theirs.save()

    # Messages: 2 + 1 to handle, one handled.
    for dossier, client in [(mine, client_a), (mine, client_a), (theirs, client_b)]:
        Message.objects.create(dossier=dossier, client=client, subject="Question", body="?")
    Message.objects.create(
        dossier=mine, client=client_a, subject="Réglé", body="!", handled_at=timezone.now()
    )
    # Deposits: since the last visit 1 + 2; one older, in Fabien's dossier.
    deposit(mine, client_a, 1)
    deposit(mine, client_a, HOURS_AGO + 1)
    deposit(theirs, client_b, 2)
    deposit(theirs, client_b, 3)
    # Contact details: one pending request each.
    request_contact_change(client_a, {"city": "LYON"})
    request_contact_change(client_b, {"city": "NICE"})
    # Payments: received since the last visit 1 + 1; one before, one still waiting.
    my_invoice = InvoiceFactory(dossier=mine, amount=Decimal("100.00"))
    their_invoice = InvoiceFactory(dossier=theirs, amount=Decimal("200.00"))
    paid(my_invoice, client_a, 1)
    paid(my_invoice, client_a, HOURS_AGO + 2)
    paid(their_invoice, client_b, 1)
    paid(their_invoice, client_b, 0, status=Payment.Status.PENDING)
    # Emails: failed to Luce, retried 3 times to Marc, to Fabien; a first retry is not failing.
    email(client_a, OutgoingEmail.Status.FAILED, 80)
    email(client_b, OutgoingEmail.Status.QUEUED, 3)
    email(fabien, OutgoingEmail.Status.FAILED, 80)
    email(client_b, OutgoingEmail.Status.QUEUED, 1)
    return {"fabien": fabien, "claire": claire, "mine": mine, "theirs": theirs}


def panel_request(user):
    request = RequestFactory().get(reverse("wagtailadmin_home"))
    request.user = user
    request.session = {"started_at": int(time.time())}  # this session's login: now
    logged_in(user, 0)
    return request


def counts(user):
    return {
        str(task.label): (task.mine, task.firm)
        for task in HomeTasksPanel(panel_request(user)).tasks()
    }


def test_a_lawyer_sees_their_dossiers_and_the_whole_firm(firm):
    assert counts(firm["fabien"]) == {
        "Messages à traiter": (2, 3),
        "Nouveaux dépôts": (1, 3),
        "Coordonnées à examiner": (1, 2),
        "Paiements reçus": (1, 2),
        "Paiements à vérifier": (0, 0),
    }


def test_another_lawyers_items_count_only_for_the_whole_firm(firm):
    assert counts(firm["claire"]) == {
        "Messages à traiter": (1, 3),
        "Nouveaux dépôts": (2, 3),
        "Coordonnées à examiner": (1, 2),
        "Paiements reçus": (1, 2),
        "Paiements à vérifier": (0, 0),
    }


def test_a_firm_admin_also_sees_the_emails_that_keep_failing(firm):
    admin = UserFactory(is_staff=True, is_superuser=True)
    assert counts(admin)["E-mails en échec répété"] == (0, 3)
    firm["fabien"].is_superuser = True
    firm["fabien"].save()
    fabien = User.objects.get(pk=firm["fabien"].pk)
    # To Fabien and to Luce, the client of his dossier; not the one to Marc.
    assert counts(fabien)["E-mails en échec répété"] == (2, 3)


def test_new_counts_from_the_previous_login_whatever_the_order_of_logins(firm):
    fabien = firm["fabien"]
    logged_in(fabien, HOURS_AGO + 10)  # an older visit changes nothing
    assert counts(fabien)["Nouveaux dépôts"] == (1, 3)
    ModelLogEntry.objects.filter(action="espace.login", user_id=fabien.pk).delete()
    # A first visit: the last 7 days.
    assert counts(fabien)["Nouveaux dépôts"] == (2, 4)


@pytest.mark.parametrize("superuser", [False, True])
def test_the_panel_takes_one_query_per_line_whatever_the_data(
    firm, superuser, django_assert_num_queries, client_a
):
    user = firm["fabien"]
    if superuser:
        user = UserFactory(is_staff=True, is_superuser=True)
    user.get_all_permissions()  # the permissions, read once per request by the menu already
    TeamAccessSettings.team_only_now()  # the firm's access setting, in the shared cache
    request = panel_request(user)
    # The previous login, then messages, deposits, contact details, payments received and
    # to verify (and emails).
    expected = 7 if superuser else 6
    with django_assert_num_queries(expected):
        html = HomeTasksPanel(request).render_html({})
    assert "À traiter" in html
    for _ in range(20):
        deposit(firm["mine"], client_a, 0)
        Message.objects.create(dossier=firm["mine"], client=client_a, subject="s", body="b")
        email(ClientFactory(), OutgoingEmail.Status.FAILED, 80)
    request = panel_request(user)
    with django_assert_num_queries(expected):
        HomeTasksPanel(request).render_html({})


@pytest.mark.parametrize("firm_admin", [False, True])
def test_the_home_page_shows_the_panel_with_filtered_links(client, firm, firm_admin):
    fabien = firm["fabien"]
    fabien.is_superuser = firm_admin
    fabien.save()
    client.force_login(fabien)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "À traiter" in page and "Mes dossiers" in page and "Tout le cabinet" in page
    assert "Depuis votre dernière visite, le " in page
    links = re.findall(r'<a href="([^"]+)">(\d+)</a>', page)
    messages = reverse("dossiers_message_modeladmin_index")
    assert (f"{messages}?handled=no&amp;interlocutor={fabien.pk}", "2") in links
    assert (f"{messages}?handled=no", "3") in links
    assert len(links) == (9 if firm_admin else 8)  # every count but zeros and "my" emails
    # Each link opens the listing with exactly what the panel counted.
    for url, count in links:
        listing = client.get(url.replace("&amp;", "&"))
        assert listing.status_code == 200, url
        assert listing.context["paginator"].count == int(count), url


def test_a_client_never_sees_the_panel(client, client_a):
    client.force_login(client_a)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
