"""The back office's French input: amounts and dates kept exactly as typed, or refused.

A lawyer types « 480,00 », « 1 250,00 » or « 15/01/2027 »: what is read is what was meant,
and anything that could be read two ways (« 1,250.00 », « 12,345 ») or not at all is
refused on its field; never rewritten, never saved as something else.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput

# Spaces that group thousands in French: regular, non-breaking (U+00A0), narrow (U+202F).
GROUP_SPACES = " \u00a0\u202f"
# Digits in groups of three after the first (1 250 000) or not grouped at all (1250000),
# then a comma or a point and the decimals.
AMOUNT = re.compile(
    rf"^(?P<units>\d{{1,3}}(?:[{GROUP_SPACES}]\d{{3}})+|\d+)(?:[,.](?P<decimals>\d+))?$"
)
SHOWN_GROUP_SPACE = "\u00a0"


class FrenchDecimalInput(forms.TextInput):
    """A text input (a number input would let the browser drop a French comma)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class FrenchDecimalField(forms.DecimalField):
    """A decimal typed the French way: « 480,00 », « 1 250,00 »; « 480.00 » and « 1250,5 »
    too. Shown as « 1 250,00 ». Whatever cannot be read exactly is refused."""

    widget = FrenchDecimalInput
    default_error_messages = {
        "invalid": _(
            "Enter an amount such as 1 250,00: digits, a comma before the cents, "
            "spaces only between thousands."
        ),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        match = AMOUNT.match(text)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        units = re.sub(f"[{GROUP_SPACES}]", "", match["units"])
        try:
            return Decimal(f"{units}.{match['decimals'] or '0'}")
        except InvalidOperation:  # pragma: no cover - the pattern admits digits only
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        # No "step"/"min"/"max" attributes: they are a number input's.
        return forms.Field.widget_attrs(self, widget)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_french_decimal(Decimal(value), self.decimal_places)
        return value


def format_french_decimal(value, decimal_places=2):
    """« 1 250,00 »: thousands grouped by non-breaking spaces, a decimal comma."""
    places = 2 if decimal_places is None else decimal_places
    sign = "-" if value < 0 else ""
    units, _point, decimals = f"{abs(value):.{places}f}".partition(".")
    groups = []
    while len(units) > 3:
        units, group = units[:-3], units[-3:]
        groups.insert(0, group)
    grouped = SHOWN_GROUP_SPACE.join([units, *groups])
    return f"{sign}{grouped},{decimals}" if decimals else f"{sign}{grouped}"


# Wagtail's date pickers rewrite on blur whatever they cannot read in their format (today's
# date for « abc », the 3rd of March for « 31/02/2027 »). Ours leave the typed text alone:
# the form reads it, or refuses it with an error on its field.
KEEP_TYPED_TEXT = {"validateOnBlur": False}


class FrenchDateInput(AdminDateInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_TYPED_TEXT}


class FrenchDateTimeInput(AdminDateTimeInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_TYPED_TEXT}


class FrenchTimeInput(AdminTimeInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_TYPED_TEXT}
