"""The lawyers' back office for clients (accounts and contact details)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Client

# Client is a proxy of the user model: without its own policy, Wagtail would apply the
# user model's (the "Users" admin permissions) to the clients' screens.
register_permission_policy(Client, exact_class=True)


class ClientViewSet(SnippetViewSet):
    model = Client
    icon = "user"
    menu_label = _("Clients")
    menu_order = 100
    add_to_admin_menu = True
    list_display = ["__str__", "email", "city", "is_active", "last_login"]
    list_filter = ["is_active", "city"]
    list_export = [
        "last_name",
        "first_name",
        "email",
        "address",
        "postal_code",
        "city",
        "phone",
        "mobile",
        "is_active",
    ]
    search_fields = ["last_name", "first_name", "email", "city", "phone", "mobile"]
    search_backend_name = None
    ordering = ["last_name", "first_name"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "last_name",
        "first_name",
        "email",
        "address",
        "postal_code",
        "city",
        "phone",
        "mobile",
        "is_active",
        "last_login",
        "invited_at",
    ]

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("last_name"), FieldPanel("first_name")]),
                FieldPanel("email"),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("mobile")]),
            ],
            heading=_("Contact details"),
        ),
        FieldPanel("is_active", heading=_("Account active")),
    ]


register_snippet(ClientViewSet)
