from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.views.generic import RedirectView
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


@hooks.register("register_admin_urls")
def no_snippets_index():
    """Wagtail's list of snippet types (« Fragments », with a count of every model's rows)
    is no screen of the firm's: its address leads home. Our apps' admin URLs come before
    Wagtail's own apps' (INSTALLED_APPS), so this one is found first; the snippets'
    screens under it stay Wagtail's."""
    return [path("snippets/", RedirectView.as_view(pattern_name="wagtailadmin_home"))]


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
