from wagtail import hooks
from wagtail.admin.menu import SubmenuMenuItem

from .home import HomeTasksPanel
from .menu import MENU_SECTIONS


def _section(key):
    section = MENU_SECTIONS[key]
    return lambda: SubmenuMenuItem(
        section["label"],
        section["menu"],
        icon_name=section["icon"],
        name=key,
        order=section["order"],
    )


for key in MENU_SECTIONS:
    hooks.register("register_admin_menu_item", _section(key))


@hooks.register("construct_homepage_panels")
def home_tasks_panel(request, panels):
    panels.insert(0, HomeTasksPanel(request))
