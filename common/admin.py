"""The back office's frame that every app builds on: its menu sections and record listings.

Snippets serve what has drafts and revisions (dossiers, clients); every plain listing is a
wagtail-modeladmin ``RecordAdmin``, placed in one of the menu's sections.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from wagtail import hooks
from wagtail.admin.menu import Menu
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
