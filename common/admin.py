"""The back office's frame that every app builds on: its menu sections, record listings
and the home page's « À traiter » panel.

Snippets serve what has drafts and revisions (dossiers, clients); every plain listing is a
wagtail-modeladmin ``RecordAdmin``, placed in one of the menu's sections.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu
from wagtail.admin.panels import InlinePanel
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.models import CreateView, DeleteView
from wagtail_modeladmin.helpers import AdminURLHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InspectView

from .wording import gender_of, phrase

# The menu's sections, each a submenu that apps fill through its hook.
MENU_SECTIONS = {
    "inbox": {
        "label": _("Inbox"),
        "icon": "mail",
        "order": 115,
        "menu": Menu(register_hook_name="register_inbox_menu_item"),
    },
    "follow_up": {
        "label": _("Follow-up"),
        "icon": "history",
        "order": 900,
        "menu": Menu(register_hook_name="register_follow_up_menu_item"),
    },
}

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


class RecordPermissionHelper(PermissionHelper):
    """A record is read (and acted on through its own views), never edited, created or
    deleted through the generic forms: a deposit, a message, a payment, an email is what
    it was when it happened."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class WordedViewMixin:
    """Wagtail's generic sentences about the model, in its proper French forms
    (common.wording): « Ajouter un client », « Nouveau dossier », « La facture … »."""

    grammatical_gender = None  # the model's, unless the viewset says otherwise

    def _phrase(self, key, **values):
        gender = self.grammatical_gender or gender_of(self.model)
        return phrase(key, self.model, gender, **values)

    # Listings.
    @cached_property
    def add_item_label(self):
        return self._phrase("add")

    @cached_property
    def no_results_message(self):
        if getattr(self, "is_searching", False) or getattr(self, "is_filtering", False):
            return self._phrase("none_found")
        return self._phrase("none_yet")

    def get_header_title(self):
        # « Nouveau dossier » says it all: no « : Dossier » after it.
        if isinstance(self, CreateView):
            return self.get_page_title()
        return super().get_header_title()

    # Creating and editing.
    def get_page_title(self):
        if isinstance(self, CreateView):
            return self._phrase("new")
        return super().get_page_title()

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        if isinstance(self, CreateView) and items:
            items[-1] = {**items[-1], "label": self._phrase("new")}
        return items

    def get_success_message(self, instance=None):
        if isinstance(self, DeleteView):
            return self._phrase("deleted", object=self.object)
        instance = instance or self.object
        key = "created" if isinstance(self, CreateView) else "updated"
        if getattr(self, "action", None) == "publish" and not getattr(instance, "go_live_at", None):
            key += "_published"
        return self._phrase(key, object=instance)

    def get_error_message(self):
        if getattr(self, "expects_json_response", False):
            return super().get_error_message()
        return self._phrase("not_created" if isinstance(self, CreateView) else "not_saved")

    @property
    def confirmation_message(self):
        return self._phrase("delete_confirm")

    # Inspecting: « Oui », « Non », « — », not True, False, None.
    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return value


class WordedViewSetMixin:
    """A snippet or model viewset whose views speak of its model in proper French."""

    grammatical_gender = None
    WORDED_VIEWS = ("index_view_class", "add_view_class", "edit_view_class", "delete_view_class")
    WORDED_VIEWS += ("inspect_view_class",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for attribute in self.WORDED_VIEWS:
            view_class = getattr(self, attribute)
            worded = type(
                view_class.__name__,
                (WordedViewMixin, view_class),
                {"grammatical_gender": self.grammatical_gender},
            )
            setattr(self, attribute, worded)


class WordedInlinePanel(InlinePanel):
    """An inline panel whose button reads « Ajouter une facture », not « Ajouter un(e) »
    (templates/wagtailadmin/panels/inline_panel.html shows ``add_label``). ``add_model``
    names what is added when it is not the related model itself (a dossier's client, not
    its access row)."""

    def __init__(self, *args, add_model=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_model = add_model

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "add_model": self.add_model}

    class BoundPanel(InlinePanel.BoundPanel):
        @cached_property
        def add_label(self):
            return phrase("add", self.panel.add_model or self.panel.db_field.related_model)


class RecordInspectView(InspectView):
    def get_field_label(self, field_name, field=None):
        # « Date de création », not « date de création »: verbose names are lower-case.
        return capfirst(super().get_field_label(field_name, field))


class RecordAdmin(ModelAdmin):
    """A plain listing of records, with its inspect view, in one of the menu's sections."""

    menu_section = None  # a key of MENU_SECTIONS
    grammatical_gender = None  # the model's (common.wording), unless said here
    index_template_name = "common/admin/record_index.html"
    inspect_view_class = RecordInspectView
    add_to_admin_menu = False
    permission_helper_class = RecordPermissionHelper
    inspect_view_enabled = True
    list_per_page = 50

    @property
    def none_yet(self):
        """« Aucun message pour l'instant. », « Aucune demande … »: an empty listing."""
        return phrase("none_yet", self.model, self.grammatical_gender)

    def register_with_wagtail(self):
        super().register_with_wagtail()
        if self.menu_section:
            hook = MENU_SECTIONS[self.menu_section]["menu"].register_hook_name
            hooks.register(hook, self.get_menu_item)


def header_title(view):
    """« Modification : Cabinet »: a back-office page's title and subtitle, with French's
    space before the colon (Wagtail joins them with a bare ": ", untranslated)."""
    title, subtitle = view.get_page_title(), view.get_page_subtitle()
    if not subtitle:
        return title
    return _("%(title)s: %(subtitle)s") % {"title": title, "subtitle": subtitle}


def admin_url(model, action, *args):
    """The address of a RecordAdmin's view (``index``, ``inspect``...) for ``model``."""
    return AdminURLHelper(model).get_action_url(action, *args)


def is_admin_path(path):
    """Whether ``path`` is in the back office, wherever the back office is mounted."""
    return path.startswith(reverse("wagtailadmin_home"))


# The home page: what waits for the lawyer. Each app registers, under this hook, a function
# of the request that returns its HomeTask (or None, for a user who may not see it).
HOME_TASKS_HOOK = "register_home_task"


@dataclass
class HomeTask:
    """One line of « À traiter »: how many, in the lawyer's own dossiers and in the whole
    firm, each linking to the listing that shows them."""

    order: int
    label: str
    help_text: str
    mine: int | None  # None: not a matter of dossiers
    firm: int
    mine_url: str = ""
    firm_url: str = ""


def count_mine(queryset, mine):
    """``(mine, firm)``: how many rows match the condition ``mine`` and how many in all, in
    one query. ``mine`` must not multiply rows (use Exists for a relation to many)."""
    counts = queryset.aggregate(mine=Count("pk", filter=mine), firm=Count("pk"))
    return counts["mine"], counts["firm"]


def listing_url(model, **params):
    """A RecordAdmin's listing, filtered by ``params`` (a list filter's or a field lookup)."""
    url = admin_url(model, "index")
    params = {key: value for key, value in params.items() if value is not None}
    return f"{url}?{urlencode(params)}" if params else url


class HomeTasksPanel(Component):
    """« À traiter »: every app's HomeTask, one query each (see each app's wagtail_hooks)."""

    name = "home_tasks"
    template_name = "common/admin/home_tasks.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def tasks(self):
        found = (task(self.request) for task in hooks.get_hooks(HOME_TASKS_HOOK))
        return sorted((task for task in found if task is not None), key=lambda task: task.order)

    def get_context_data(self, parent_context=None):
        return {"tasks": self.tasks(), "request": self.request}
