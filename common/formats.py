"""How the product writes dates, times, amounts and sizes, the French way: one place for
the portal's templates, the back office, the emails and the exports.

« mardi 3 mars 2026 à 14 h 30 », « 1 250,00 € », « 245 Ko ». Times are the firm's
(Europe/Paris).
"""

import datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

NBSP = "\u00a0"


def date_fr(value):
    """« mardi 3 mars 2026 »."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, "l j F Y")


def datetime_fr(value):
    """« mardi 3 mars 2026 à 14 h 30 »; a date alone is written without a time."""
    if not value:
        return ""
    if not isinstance(value, datetime.datetime):
        return date_fr(value)
    value = timezone.localtime(value)
    return _("%(date)s at %(time)s") % {"date": date_fr(value), "time": time_fr(value)}


def datetime_short(value):
    """« 07/12/2026 21:55 », Paris time: a date and time in a table or a spreadsheet."""
    if not value:
        return ""
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def time_fr(value):
    """« 14 h 30 », never broken across two lines (non-breaking spaces)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"


def euros(value):
    """« 1 250,00 € »: grouped thousands, a decimal comma, no line break inside."""
    if value is None or value == "":
        return ""
    amount = formats.number_format(
        Decimal(value), decimal_pos=2, use_l10n=True, force_grouping=True
    )
    return f"{amount}{NBSP}€"


def money(value, currency="eur"):
    """An amount in its currency: « 1 250,00 € », or « 1 250,00 USD » for another one."""
    if value is None or value == "":
        return ""
    if (currency or "eur").lower() == "eur":
        return euros(value)
    amount = formats.number_format(
        Decimal(value), decimal_pos=2, use_l10n=True, force_grouping=True
    )
    return f"{amount}{NBSP}{currency.upper()}"


def size_units():
    """The units of file sizes, smallest first (the drop zone's script gets them too)."""
    return [_("bytes"), _("KB"), _("MB"), _("GB")]


def filesize_fr(size):
    """« 245 Ko », « 1,2 Mo »: the one way sizes are written, portal and back office alike."""
    if size is None:
        return ""
    units = size_units()
    value = float(size)
    for unit in units:
        if value < 1024 or unit == units[-1]:
            decimals = 0 if unit == units[0] or value >= 10 else 1
            number = formats.number_format(value, decimal_pos=decimals, use_l10n=True)
            return f"{number}{NBSP}{unit}"
        value /= 1024
    return ""
