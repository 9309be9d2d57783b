"""French contact details: postal codes and phone numbers, checked and written one way."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

POSTAL_CODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$")


def clean_postal_code(value):
    """A French postal code: five digits (01000 to 98999)."""
    value = re.sub(r"\s", "", value or "")
    if not POSTAL_CODE.match(value):
        raise ValidationError(
            _("Enter a French postal code of 5 digits, e.g. 75015."), code="postal_code"
        )
    return value


def clean_phone(value):
    """A French number, written "04 67 15 98 42"; a foreign one in international form.

    Accepts spaces, dots and dashes, and +33 or 0033 for France.
    """
    raw = re.sub(r"[\s.\-()]", "", value or "")
    if raw.startswith("0033"):
        raw = "+33" + raw[4:]
    if raw.startswith("+33"):
        raw = "0" + raw[3:].lstrip("0")
    if re.fullmatch(r"0[1-9]\d{8}", raw):
        return " ".join(raw[i : i + 2] for i in range(0, 10, 2))
    if re.fullmatch(r"\+[1-9]\d{7,14}", raw):
        return raw
    raise ValidationError(
        _("Enter a phone number of 10 digits, e.g. 04 67 15 98 42 (or +33 4 67 15 98 42)."),
        code="phone",
    )
