"""A model's name in the back office's sentences, with the right French article and agreement.

Wagtail builds its sentences from a model's verbose_name (« Ajouter un(e) %(model_name)s »),
for no gender in particular. Here each sentence has one translation per grammatical gender
(the catalogue's contexts "masculine" and "feminine"): « Ajouter un client », « Ajouter une
facture », « Le dossier « … » a été créé ». A model whose French name is feminine says so
with ``grammatical_gender = FEMININE`` (on the model, or on its viewset or listing).
"""

import unicodedata

from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy

MASCULINE = "masculine"
FEMININE = "feminine"

PHRASES = {
    "add": {
        MASCULINE: pgettext_lazy("masculine", "Add a %(model_name)s"),
        FEMININE: pgettext_lazy("feminine", "Add a %(model_name)s"),
    },
    "new": {
        MASCULINE: pgettext_lazy("masculine", "New %(model_name)s"),
        FEMININE: pgettext_lazy("feminine", "New %(model_name)s"),
    },
    "created": {
        MASCULINE: pgettext_lazy("masculine", "The %(model_name)s “%(object)s” was created."),
        FEMININE: pgettext_lazy("feminine", "The %(model_name)s “%(object)s” was created."),
    },
    "created_published": {
        MASCULINE: pgettext_lazy(
            "masculine", "The %(model_name)s “%(object)s” was created and published."
        ),
        FEMININE: pgettext_lazy(
            "feminine", "The %(model_name)s “%(object)s” was created and published."
        ),
    },
    "updated": {
        MASCULINE: pgettext_lazy("masculine", "The %(model_name)s “%(object)s” was updated."),
        FEMININE: pgettext_lazy("feminine", "The %(model_name)s “%(object)s” was updated."),
    },
    "updated_published": {
        MASCULINE: pgettext_lazy(
            "masculine", "The %(model_name)s “%(object)s” was updated and published."
        ),
        FEMININE: pgettext_lazy(
            "feminine", "The %(model_name)s “%(object)s” was updated and published."
        ),
    },
    "deleted": {
        MASCULINE: pgettext_lazy("masculine", "The %(model_name)s “%(object)s” was deleted."),
        FEMININE: pgettext_lazy("feminine", "The %(model_name)s “%(object)s” was deleted."),
    },
    "not_created": {
        MASCULINE: pgettext_lazy(
            "masculine", "The %(model_name)s could not be created: correct the errors below."
        ),
        FEMININE: pgettext_lazy(
            "feminine", "The %(model_name)s could not be created: correct the errors below."
        ),
    },
    "not_saved": {
        MASCULINE: pgettext_lazy(
            "masculine", "The %(model_name)s could not be saved: correct the errors below."
        ),
        FEMININE: pgettext_lazy(
            "feminine", "The %(model_name)s could not be saved: correct the errors below."
        ),
    },
    "delete_confirm": {
        MASCULINE: pgettext_lazy(
            "masculine", "Are you sure you want to delete this %(model_name)s?"
        ),
        FEMININE: pgettext_lazy("feminine", "Are you sure you want to delete this %(model_name)s?"),
    },
    "choose": {
        MASCULINE: pgettext_lazy("masculine", "Choose a %(model_name)s"),
        FEMININE: pgettext_lazy("feminine", "Choose a %(model_name)s"),
    },
    "choose_another": {
        MASCULINE: pgettext_lazy("masculine", "Choose another %(model_name)s"),
        FEMININE: pgettext_lazy("feminine", "Choose another %(model_name)s"),
    },
    "none_yet": {
        MASCULINE: pgettext_lazy("masculine", "No %(model_name)s yet."),
        FEMININE: pgettext_lazy("feminine", "No %(model_name)s yet."),
    },
    "none_found": {
        MASCULINE: pgettext_lazy("masculine", "No %(model_name)s matches your search."),
        FEMININE: pgettext_lazy("feminine", "No %(model_name)s matches your search."),
    },
}


# Contexts of a sentence that puts « de » before a name: « de DUPONT Marc », but
# « d'ALEXANDER Luce ».
BEFORE_VOWEL = "before a vowel"
BEFORE_CONSONANT = "before a consonant"


def elision(name):
    """Which form of a sentence with « de » before ``name`` (French elides it before a
    vowel: « les coordonnées d'ALEXANDER Luce »): a key of ``about_name``'s sentences."""
    letter = unicodedata.normalize("NFD", str(name).strip())[:1].lower()
    return BEFORE_VOWEL if letter and letter in "aeiouy" else BEFORE_CONSONANT


def about_name(sentences, name, **values):
    """``sentences`` (one per ``elision``, each with ``%(name)s``) said of ``name``."""
    return sentences[elision(name)] % {"name": name, **values}


def gender_of(model, default=MASCULINE):
    return getattr(model, "grammatical_gender", None) or default


def phrase(key, model, gender=None, **values):
    """The sentence ``key`` about ``model`` (a class or an instance), capitalised."""
    gender = gender or gender_of(model)
    text = PHRASES[key][gender] % {"model_name": model._meta.verbose_name, **values}
    return capfirst(text)
