"""The back office menu's sections, each a submenu that apps fill through its hook."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu

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
