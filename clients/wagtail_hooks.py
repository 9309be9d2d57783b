"""The lawyers' back office for clients (accounts and contact details)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import modeladmin_register

from common.admin import RecordAdmin, WordedViewSetMixin, admin_url
from portal_pages.models import FirmSettings

from . import services, two_factor_views
from .models import CONTACT_FIELDS, Client, ContactChangeRequest

# Client is a proxy of the user model: without its own policy, Wagtail would apply the
# user model's (the "Users" admin permissions) to the clients' screens.
register_permission_policy(Client, exact_class=True)


class ClientViewSet(WordedViewSetMixin, SnippetViewSet):
    model = Client
    icon = "user"
    menu_label = _("Clients")
    menu_order = 100
    add_to_admin_menu = True
    # « Oui » / « Non » (templates/wagtailadmin/tables/boolean_cell.html), not True / False.
    list_display = [
        "__str__",
        "email",
        "city",
        BooleanColumn("is_active", label=_("Active"), sort_key="is_active"),
        "last_login",
    ]
    list_filter = ["is_active", "city"]
    list_export = [*CONTACT_FIELDS, "is_active"]
    search_fields = ["last_name", "first_name", "email", "city", "phone", "mobile"]
    search_backend_name = None
    ordering = ["last_name", "first_name"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [*CONTACT_FIELDS, "is_active", "last_login", "invited_at"]

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
    if isinstance(snippet, Client):
        yield from _reset_two_factor_button(snippet, user)


# « Mettre à jour mes coordonnées »: the requests, current and proposed values side by side.


class ContactChangeRequestAdmin(RecordAdmin):
    """Decided (applied or rejected) through its own buttons, never edited."""

    model = ContactChangeRequest
    menu_label = _("Contact details")
    menu_icon = "user"
    menu_order = 140
    menu_section = "inbox"
    inspect_template_name = "clients/admin/change_request_inspect.html"
    inspect_view_fields = ["client", "created_at", "status"]
    list_display = ["client", "created_at", "status", "decided_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["client__last_name", "client__first_name", "client__email", "email"]
    list_select_related = ["client"]


modeladmin_register(ContactChangeRequestAdmin)


@require_POST
@permission_required("clients.change_client", raise_exception=True)
def decide_change_request(request, pk, decision):
    change = get_object_or_404(ContactChangeRequest.objects.select_related("client"), pk=pk)
    try:
        if decision == "apply":
            change = services.apply_contact_change(change, request.user)
            text = _("The contact details of %(client)s are updated.")
            if change.changes_email:
                text = _(
                    "The contact details of %(client)s are updated; the new email becomes "
                    "their login once they confirm it."
                )
        else:
            services.reject_contact_change(change, request.user)
            text = _("The request of %(client)s is rejected.")
        messages.success(request, text % {"client": change.client.display_name})
    except services.ChangeRefused as refusal:
        messages.error(request, str(refusal))
    return redirect(admin_url(ContactChangeRequest, "inspect", change.pk))


@hooks.register("register_admin_urls")
def two_factor_admin_urls():
    return [
        path("2fa/", two_factor_views.admin_manage, name="two_factor_admin_manage"),
        path("2fa/configurer/", two_factor_views.admin_setup, name="two_factor_admin_setup"),
        path("2fa/verifier/", two_factor_views.admin_verify, name="two_factor_admin_verify"),
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
