"""The lawyers' back office for clients (accounts and contact details), registered with
Wagtail: the snippet, its buttons, the contact changes' listing, the admin URLs."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from . import two_factor_views
from .admin_views import decide_change_request
from .models import Client
from .viewsets import ClientViewSet, ContactChangeRequestAdmin, invite_label, invite_url

# Client is a proxy of the user model: without its own policy, Wagtail would apply the
# user model's (the "Users" admin permissions) to the clients' screens.
register_permission_policy(Client, exact_class=True)

register_snippet(ClientViewSet)
modeladmin_register(ContactChangeRequestAdmin)


@hooks.register("register_snippet_listing_buttons")
def client_invite_button(snippet, user, next_url=None):
    if isinstance(snippet, Client) and (url := invite_url(snippet, user)):
        yield Button(invite_label(snippet), url, icon_name="mail", priority=5)
    if isinstance(snippet, Client):
        yield from _reset_two_factor_button(snippet, user)


@hooks.register("register_admin_urls")
def two_factor_admin_urls():
    return [
        path("2fa/", two_factor_views.admin_manage, name="two_factor_admin_manage"),
        path("2fa/configurer/", two_factor_views.admin_setup, name="two_factor_admin_setup"),
        path("2fa/verifier/", two_factor_views.admin_verify, name="two_factor_admin_verify"),
        path(
            "2fa/confirmer/",
            two_factor_views.admin_reauthenticate,
            name="two_factor_admin_reauthenticate",
        ),
        path(
            "2fa/reinitialiser/<int:pk>/",
            two_factor_views.admin_reset,
            name="two_factor_admin_reset",
        ),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_admin_manage"),
        "label": _("Two-factor authentication"),
        "help_text": _("Your authenticator app and your recovery codes."),
    }


def _reset_two_factor_button(account, request_user):
    if request_user.is_superuser and account.pk != request_user.pk:
        url = reverse("two_factor_admin_reset", args=[account.pk])
        yield Button(_("Reset two-factor authentication"), url, icon_name="key", priority=60)


@hooks.register("register_user_listing_buttons")
def user_reset_two_factor_button(user, request_user):
    return list(_reset_two_factor_button(user, request_user))


@hooks.register("register_admin_urls")
def change_request_admin_urls():
    urls = [
        path(
            "<int:pk>/appliquer/",
            decide_change_request,
            {"decision": "apply"},
            name="apply",
        ),
        path(
            "<int:pk>/rejeter/",
            decide_change_request,
            {"decision": "reject"},
            name="reject",
        ),
    ]
    return [path("coordonnees/", include((urls, "contact_changes")))]
