"""The back office's frame that every app builds on: its menu sections, record listings
and the home page's « À traiter » panel.

Snippets serve what has drafts and revisions (dossiers, clients); every plain listing is a
wagtail-modeladmin ``RecordAdmin``, placed in one of the menu's sections.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from wagtail import hooks
from wagtail.admin.menu import Menu
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.helpers import AdminURLHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin

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


class RecordAdmin(ModelAdmin):
    """A plain listing of records, with its inspect view, in one of the menu's sections."""

    menu_section = None  # a key of MENU_SECTIONS
    add_to_admin_menu = False
    permission_helper_class = RecordPermissionHelper
    inspect_view_enabled = True
    list_per_page = 50

    def register_with_wagtail(self):
        super().register_with_wagtail()
        if self.menu_section:
            hook = MENU_SECTIONS[self.menu_section]["menu"].register_hook_name
            hooks.register(hook, self.get_menu_item)


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
