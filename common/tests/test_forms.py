"""French input in the back office: amounts and dates read exactly as typed, or refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from common.forms import FrenchDecimalField

READ_EXACTLY = [
    ("480,00", Decimal("480.00")),
    ("480.00", Decimal("480.00")),
    ("480", Decimal("480")),
    ("1 250,00", Decimal("1250.00")),
    ("1\u00a0250,00", Decimal("1250.00")),
    ("1\u202f250,00", Decimal("1250.00")),
    ("1250,5", Decimal("1250.50")),
    ("1 250 000,99", Decimal("1250000.99")),
    (" 0,01 ", Decimal("0.01")),
]

REFUSED = [
    "1,250.00",  # two separators: which one is the decimal?
    "1.250,00",
    "12,345",  # twelve thousand or twelve and a third decimal?
    "4 80",  # a group of two digits is not a thousand
    "1 2500,00",
    "abc",
    "480,001",  # three decimals
    "480,",
    ",50",
    "-480,00",
    "480 €",
    "4 800 ,00",
]


def amount_field():
    return FrenchDecimalField(max_digits=12, decimal_places=2)


@pytest.mark.parametrize(("typed", "read"), READ_EXACTLY)
def test_an_amount_typed_the_french_way_is_read_exactly(typed, read):
    assert amount_field().clean(typed) == read


@pytest.mark.parametrize("typed", REFUSED)
def test_an_amount_that_cannot_be_read_exactly_is_refused_in_french(typed):
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        amount_field().clean(typed)
    message = " ".join(refused.value.messages)
    assert "Saisissez un montant" in message or "chiffres après la virgule" in message, message


def test_an_amount_is_shown_the_french_way_in_its_field():
    field = amount_field()
    assert field.prepare_value(Decimal("1250")) == "1\u00a0250,00"
    assert field.prepare_value(Decimal("480.5")) == "480,50"
    assert field.prepare_value(Decimal("1250000.99")) == "1\u00a0250\u00a0000,99"
    html = field.widget.render("amount", field.prepare_value(Decimal("1250")))
    assert 'type="text"' in html and 'inputmode="decimal"' in html and "step" not in html
    # What the field shows, it reads back unchanged.
    assert field.clean(field.prepare_value(Decimal("1250.00"))) == Decimal("1250.00")


@pytest.mark.django_db
def test_the_dossier_editor_reads_french_amounts_and_dates_and_refuses_the_rest():
    from dossiers.models import Appointment, Dossier, Invoice

    def item_form(model):
        return model.snippet_viewset.get_edit_handler().get_form_class()()

    invoice_form = item_form(Invoice)

    amount = invoice_form.fields["amount"]
    assert isinstance(amount, FrenchDecimalField)
    issue_date = invoice_form.fields["issue_date"]
    with translation.override("fr"):
        assert issue_date.clean("15/01/2027") == datetime.date(2027, 1, 15)
        for typed in ("31/02/2027", "2027-13-01", "abc"):
            with pytest.raises(ValidationError):
                issue_date.clean(typed)
        assert issue_date.widget.format == "%d/%m/%Y"
        assert issue_date.widget.get_config()["validateOnBlur"] is False
        starts_at = item_form(Appointment).fields["starts_at"]
        assert starts_at.widget.format == "%d/%m/%Y %H:%M"
        assert starts_at.widget.get_config()["validateOnBlur"] is False
        assert Dossier.objects.count() == 0


def test_de_is_elided_before_a_vowel():
    from django.utils import translation

    from clients.admin_views import REJECTED
    from common.wording import about_name

    with translation.override("fr"):
        assert about_name(REJECTED, "ALEXANDER Luce") == "La demande d'ALEXANDER Luce est rejetée."
        assert about_name(REJECTED, "ÉTIENNE Paul") == "La demande d'ÉTIENNE Paul est rejetée."
        assert about_name(REJECTED, "DUPONT Marc") == "La demande de DUPONT Marc est rejetée."
