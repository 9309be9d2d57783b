"""French contact details checked and written one way; passwords checked for strength.

The password validators are wired in AUTH_PASSWORD_VALIDATORS (config/settings/base.py), so
they apply wherever Django or Wagtail validates a new password, with or without a user.
"""

import math
import re
import threading
import unicodedata
from pathlib import Path

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
from zxcvbn.matching import L33T_TABLE, RANKED_DICTIONARIES, add_frequency_lists

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
    """What an attacker knows of the account: its names, its email address and its postal
    address, in parts."""
    if user is None:
        return set()
    words = set()
    for attribute in ("first_name", "last_name", "address", "postal_code", "city"):
        words |= _variants(getattr(user, attribute, ""))
    email = getattr(user, "email", "") or ""
    local, _at, domain = email.partition("@")
    for part in (email, local, domain):
        words |= _variants(part)
    return words


def firm_words():
    """The firm's name and address, words clients of the firm are likely to use."""
    firm = FirmSettings.current()
    return _variants(firm.name) | _variants(firm.address)


# French dictionaries (``dictionaries/``, made by ``dictionaries/build.py`` from pinned data
# packages): the estimator's own lists are English only, so « Soleil2026!!! » passed.
DICTIONARIES = Path(__file__).resolve().parent / "dictionaries"
_french = {"loaded": False}


def _load_french_dictionaries():
    """Give the estimator the French lists, once per process (under ``_zxcvbn_lock``)."""
    if _french["loaded"]:
        return
    lists = {}
    for path in sorted(DICTIONARIES.glob("fr_*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        lists[path.stem] = [line for line in lines if line and not line.startswith("#")]
    add_frequency_lists(lists)
    _french["loaded"] = True


def fold(text):
    """« Liberté2026! » → « Liberte2026! »."""
    return "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )


def words_guesses_log10(password, words):
    """``decorated_words_log10`` of the password (first ESTIMATED_LENGTH characters), or
    infinity when it is not words with decorations."""
    inputs = words | {fold(word) for word in words}
    with _zxcvbn_lock:
        _load_french_dictionaries()
        estimate = decorated_words_log10(password[:ESTIMATED_LENGTH], inputs)
    return math.inf if estimate is None else estimate


def password_score(password, words):
    """zxcvbn's score (0 to 4) with the French dictionaries and ``words`` (the account's
    and the firm's), of the password as typed and without its accents: the weaker."""
    password = password[:ESTIMATED_LENGTH]
    inputs = sorted(words | {fold(word) for word in words})
    with _zxcvbn_lock:
        _load_french_dictionaries()
        return min(
            zxcvbn(candidate, user_inputs=inputs)["score"]
            for candidate in {password, fold(password)}
        )


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


# A password of words with their decorations (« Soleil2026!!! », « Amourdemavie1206 »):
# how many guesses an attacker who tries words by frequency, then years, dates and
# punctuation after them, needs. zxcvbn alone prices the decorations as random
# characters, and so lets many of them through.
WORDS_MIN_GUESSES_LOG10 = 11.5
# Decorations (digits and punctuation after or between the words) are worth this much at
# most: attackers try the usual ones (years, dates, « 123 », « ! ») first.
DECORATION_MAX_LOG10 = 4
# One letter alone among digits (« 2b »): about a guess per letter.
LETTER_LOG10 = math.log10(26)
LETTERS = re.compile(r"[^\W\d_]+")


def _rank(token, words):
    """The best rank of ``token`` in the estimator's dictionaries (English and French),
    the account's own words ranking first; None where none has it."""
    if token in words:
        return 1
    ranks = [ranked[token] for ranked in RANKED_DICTIONARIES.values() if token in ranked]
    return min(ranks) if ranks else None


def _words_log10(chunk, words, longest=24):
    """The cheapest reading of ``chunk`` (letters, lower-case, no accents) as dictionary
    words in a row: the sum of their ranks' logarithms and how many they are; None when
    it is not made of dictionary words."""
    cost = [(0.0, 0)] + [None] * len(chunk)
    for start in range(len(chunk)):
        if cost[start] is None:
            continue
        for end in range(start + 1, min(len(chunk), start + longest) + 1):
            rank = _rank(chunk[start:end], words) if end - start > 1 else None
            if rank is None:
                continue
            reading = (cost[start][0] + math.log10(rank), cost[start][1] + 1)
            if cost[end] is None or reading[0] < cost[end][0]:
                cost[end] = reading
    return cost[-1]


def decorated_words_log10(password, words):
    """Guesses (log10) for a password read as dictionary words with decorations, or None
    when it is not one (no run of letters, or letters that are no words): then zxcvbn's
    estimate is the one that counts. ``words``: the account's and the firm's."""
    chunks = LETTERS.findall(password)
    if not any(len(chunk) >= 3 for chunk in chunks):
        return None  # no word in it: digits, symbols, a letter here and there
    total, count = 0.0, 0
    for chunk in chunks:
        if len(chunk) == 1:
            total, count = total + LETTER_LOG10, count + 1
            continue
        reading = _words_log10(fold(chunk).lower(), words)
        if reading is None:
            return None
        total, count = total + reading[0], count + reading[1]
    decorations = "".join(LETTERS.split(password))
    if decorations:
        estimate = zxcvbn(decorations, user_inputs=sorted(words))["guesses_log10"]
        total += min(estimate, DECORATION_MAX_LOG10)
    if any(char.isupper() for char in password):
        total += math.log10(2)
    return total + math.log10(count)


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
        if password_score(password, words) < self.min_score or (
            words_guesses_log10(password, words) < WORDS_MIN_GUESSES_LOG10
        ):
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
