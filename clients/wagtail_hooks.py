"""The lawyers' back office for clients (accounts and contact details)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import services
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

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("invite/<int:pk>/", InviteClientView.as_view(), name="invite"),
        ]


class InviteClientView(WagtailAdminTemplateMixin, TemplateView):
    """« Inviter »: email the client the portal's address and a way in (confirm, then send)."""

    template_name = "clients/admin/invite_confirm.html"
    page_title = _("Invite to the client area")
    header_icon = "mail"

    def dispatch(self, request, pk):
        if not request.user.has_perm("clients.change_client"):
            raise PermissionDenied
        self.client = get_object_or_404(Client.objects.filter(is_active=True), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.client)

    def get_context_data(self, **kwargs):
        from portal_pages.models import FirmSettings

        return super().get_context_data(
            client=self.client,
            method=FirmSettings.current().get_first_connection_display(),
            **kwargs,
        )

    def post(self, request, pk):
        services.invite_client(self.client)
        messages.success(
            request,
            _("The invitation is on its way to %(email)s.") % {"email": self.client.email},
        )
        return redirect("wagtailsnippets_clients_client:list")


register_snippet(ClientViewSet)


@hooks.register("register_snippet_listing_buttons")
def client_invite_button(snippet, user, next_url=None):
    if isinstance(snippet, Client) and snippet.is_active and user.has_perm("clients.change_client"):
        url = reverse("wagtailsnippets_clients_client:invite", args=[snippet.pk])
        yield Button(_("Invite"), url, icon_name="mail", priority=5)
