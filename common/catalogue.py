"""Words the back office shows that come from code the catalogue does not read: marked
here for `make messages`, translated in ours."""

from django.utils.translation import gettext_noop, ngettext_lazy

# wagtail-modeladmin's filters come from django.contrib.admin, which is not installed, so its
# French catalogue is not loaded: these are its filters' words, translated in ours.
ADMIN_FILTER_WORDS = [
    gettext_noop("All"),
    gettext_noop("Any date"),
    gettext_noop("Today"),
    gettext_noop("Past 7 days"),
    gettext_noop("This month"),
    gettext_noop("This year"),
    gettext_noop("No date"),
    gettext_noop("Has date"),
    gettext_noop("Yes"),
    gettext_noop("No"),
    gettext_noop("Unknown"),
]

# Wagtail's own sentences about any model come in its catalogue for no gender at all
# (« Nouvel(le) : Groupe », « Publié(e) »). Ours, which wins, words them so that they read
# right for any model; our own models get their proper forms (common.wording).
WAGTAIL_NEUTRAL_WORDS = [
    gettext_noop("New: %(model_name)s"),
    gettext_noop("Add %(model_name)s"),
    gettext_noop("Add %(label)s"),
    gettext_noop("Create a new %(model_name)s"),
    gettext_noop("No %(model_name)s match your query."),
    gettext_noop("The %(model_name)s could not be created due to errors."),
    gettext_noop("The %(model_name)s could not be saved due to errors."),
    gettext_noop("Are you sure you want to delete this %(model_name)s?"),
    gettext_noop("Anyone can edit this %(model_name)s"),
    gettext_noop("Anyone can edit this %(model_name)s – lock it to prevent others from editing"),
    gettext_noop("%(model_name)s '%(object)s' created."),
    gettext_noop("%(model_name)s '%(object)s' updated."),
    gettext_noop("%(model_name)s '%(object)s' deleted."),
    gettext_noop("Created"),
    gettext_noop("Published"),
    gettext_noop("Unlocked"),
    gettext_noop("Locked"),
    gettext_noop("Locked by you"),
    gettext_noop("Locked by another user"),
    ngettext_lazy("Used %(usage_count)s time", "Used %(usage_count)s times", "usage_count"),
]
