"""French contact details checked and written one way; passwords checked for strength.

The password validators are wired in AUTH_PASSWORD_VALIDATORS (config/settings/base.py), so
they apply wherever Django or Wagtail validates a new password, with or without a user.
"""

import re
import threading
import unicodedata

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX as UNUSABLE_PREFIX
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import (
    MinimumLengthValidator,
    get_default_password_validators,
)
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from zxcvbn import zxcvbn
from zxcvbn.matching import L33T_TABLE

from notifications.services import queue_email
from portal_pages.models import FirmSettings
from security.audit import record

PASSWORD_CHANGED = "password_changed"  # noqa: S105 - an email kind, not a secret

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


# Passwords: the rule of the CNIL (deliberation no. 2022-100), at least 12 characters
# (MinimumLengthValidator) and hard to guess (PasswordStrengthValidator below).

# Words a client of a French law firm reaches for, which the estimator's English lists miss.
FRENCH_WORDS = (
    "avocat",
    "avocats",
    "cabinet",
    "motdepasse",
    "mot de passe",
    "espaceclient",
    "espace client",
)
# The French keyboard's letter rows: every run of 4 keys or more ("azerty", "qsdfgh"...).
AZERTY_ROWS = ("azertyuiop", "qsdfghjklm", "wxcvbn")
KEYBOARD_RUNS = tuple(
    row[start:end]
    for row in AZERTY_ROWS
    for start in range(len(row))
    for end in range(start + 4, len(row) + 1)
)
# zxcvbn refuses longer input; the first 72 characters are scored (a longer password is
# at least as hard to guess as its beginning).
ESTIMATED_LENGTH = 72
# zxcvbn keeps the user's words in a module-level dictionary during a call: one at a time.
_zxcvbn_lock = threading.Lock()


def _variants(text):
    """A text, lower-cased, as a whole, in parts, joined up, and without its accents."""
    text = (text or "").strip().lower()
    if not text:
        return set()
    parts = [part for part in re.split(r"[\W_]+", text) if part]
    found = {text, "".join(parts), *parts}
    plain = {
        "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
        for word in found
    }
    return found | plain


def personal_words(user):
    """What an attacker knows of the account: its names and its email address, in parts."""
    if user is None:
        return set()
    words = set()
    for attribute in ("first_name", "last_name"):
        words |= _variants(getattr(user, attribute, ""))
    email = getattr(user, "email", "") or ""
    local, _at, domain = email.partition("@")
    for part in (email, local, domain):
        words |= _variants(part)
    return words


def firm_words():
    """The firm's name, a word clients of the firm are likely to use."""
    return _variants(FirmSettings.current().name)


def password_score(password, words):
    with _zxcvbn_lock:
        return zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=sorted(words))["score"]


def _spelled_any_way(word):
    """A pattern for the word in any case, and with the estimator's own l33t substitutes."""
    return "".join(
        "[" + re.escape(char + "".join(L33T_TABLE.get(char, ()))) + "]"
        if char in L33T_TABLE
        else re.escape(char)
        for char in word
    )


def without_words(password, words):
    """The password once the known words are taken out ("M4rc" counts as "marc")."""
    for word in sorted(words, key=len, reverse=True):
        password = re.sub(_spelled_any_way(word), "", password, flags=re.IGNORECASE)
    return password


class PasswordStrengthValidator:
    """Refuses a password that is easy to guess, as the zxcvbn estimator measures it.

    The estimator is told the account's own words (names, email address), French words
    its English lists miss, the firm's name and the AZERTY rows. It scores a password by
    its best-guessed reading, which can pass "Marc.Dupont.2026" as strong; so what remains
    once those known words are taken out must reach the minimum score too (".2026" does
    not; "-Vacances-Sardaigne-2026" does).
    """

    def __init__(self, min_score=3):
        self.min_score = min_score

    def known_words(self, user):
        words = personal_words(user) | firm_words() | set(FRENCH_WORDS) | set(KEYBOARD_RUNS)
        return {word for word in words if len(word) >= 3}

    def validate(self, password, user=None):
        words = self.known_words(user)
        if password_score(password, words) < self.min_score:
            raise ValidationError(
                _(
                    "This password is too easy to guess. Avoid common words, keyboard "
                    "sequences (azerty, qsdfgh...), repeated characters and dates; a phrase "
                    "of several unrelated words is strong and easy to remember."
                ),
                code="password_too_guessable",
            )
        rest = without_words(password, words)
        if rest != password and (not rest or password_score(rest, words) < self.min_score):
            raise ValidationError(
                _(
                    "This password rests on your name, your email address, the firm's name "
                    'or words such as "avocat" or "mot de passe": '
                    "without them, what remains is too easy to guess. Add words that have "
                    "nothing to do with you."
                ),
                code="password_too_personal",
            )

    def get_help_text(self):
        return _(
            "Your password must be hard to guess: avoid your name, your email address, "
            "common words and keyboard sequences."
        )


class NotCurrentPasswordValidator:
    """Refuses the account's current password as its new one.

    Compared with the stored hash directly: user.check_password() could save the hash
    again (upgraded) in the middle of a validation.
    """

    def validate(self, password, user=None):
        encoded = getattr(user, "password", "") if user is not None else ""
        if encoded and check_password(password, encoded):
            raise ValidationError(
                _("This is your current password: choose a new one."),
                code="password_unchanged",
            )

    def get_help_text(self):
        return _("Your password must differ from your current one.")


def password_rule_help_text():
    """The rule in a few words, under the field where a client chooses a password."""
    min_length = next(
        (
            validator.min_length
            for validator in get_default_password_validators()
            if isinstance(validator, MinimumLengthValidator)
        ),
        12,
    )
    return escape(
        _(
            "At least %(min_length)d characters, hard to guess: avoid your name, your email "
            "address, common words and keyboard sequences (azerty...). A phrase of several "
            "words is easy to remember. Rule recommended by the CNIL (deliberation "
            "no. 2022-100)."
        )
        % {"min_length": min_length}
    )


class PasswordChangeNotice:
    """Not a rule: Django calls ``password_changed`` of every password validator once a
    new password is saved, whichever way (the portal's forms, a reset link, the back
    office). A changed password (not an account's first one) is audited, shows in « Mon
    activité », and its owner gets an essential email saying what to do if it was not
    them. The account's other sessions end by themselves (the session's hash follows the
    password), with a message at their next request (``middleware``)."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        previous = getattr(user, "password_before_change", None)
        if user is None or not user.pk or not previous or previous.startswith(UNUSABLE_PREFIX):
            return
        user.password_before_change = None
        record("espace.password_changed", user, user=user)
        queue_email(
            PASSWORD_CHANGED, user.email, user=user, context={"at": timezone.now().isoformat()}
        )

    def get_help_text(self):
        return ""
