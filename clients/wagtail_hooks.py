"""The lawyers' back office for clients (accounts and contact details)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import EditView, InspectView, SnippetViewSet
from wagtail.snippets.widgets import AdminSnippetChooser
from wagtail_modeladmin.options import modeladmin_register

from common.admin import RecordAdmin, WordedViewSetMixin, admin_url
from portal_pages.models import FirmSettings

from . import services, two_factor_views
from .models import CONTACT_FIELDS, Client, ContactChangeRequest, Lawyer, User

# Client is a proxy of the user model: without its own policy, Wagtail would apply the
# user model's (the "Users" admin permissions) to the clients' screens.
register_permission_policy(Client, exact_class=True)


def invite_label(client):
    """« Inviter » a client never invited, « Réinviter » one who was."""
    return _("Invite") if client.invited_at is None else _("Re-invite")


def invite_url(client, user, next_url=None):
    """The invitation's confirmation page for ``client``, if ``user`` may invite them."""
    if not (client.pk and client.is_active and user.has_perm("clients.change_client")):
        return None
    url = reverse("wagtailsnippets_clients_client:invite", args=[client.pk])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class InviteHeaderMixin:
    """« Inviter » / « Réinviter » in the header of the client's own pages."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        url = invite_url(self.object, self.request.user, next_url=self.request.get_full_path())
        if url:
            buttons.append(
                HeaderButton(
                    invite_label(self.object),
                    url=url,
                    icon_name="mail",
                    attrs={"title": self.object.portal_access},
                )
            )
        return buttons


class ClientEditView(InviteHeaderMixin, EditView):
    pass


class ClientInspectView(InviteHeaderMixin, InspectView):
    def get_field_label(self, field_name, field):
        if field_name == "portal_access":
            return _("Client area")
        return super().get_field_label(field_name, field)


# The client chooser (a dossier's « Clients »): found by name or email, shown with the
# email, so that two clients of the same name are told apart.


def name_and_email(client):
    return f"{client} ({client.email})"


class ClientSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name or email")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            # Every word, in any of the fields: "luce alexander", "alexander@".
            for word in query.split():
                objects = objects.filter(
                    Q(last_name__icontains=word)
                    | Q(first_name__icontains=word)
                    | Q(email__icontains=word)
                )
            self.is_searching = True
            self.search_query = query
        return objects


class ClientChooserColumns:
    filter_form_class = ClientSearchForm

    @property
    def columns(self):
        return [*super().columns, Column("email", label=_("Email"), accessor="email")]


class ClientChooseView(ClientChooserColumns, ChooseView):
    pass


class ClientChooseResultsView(ClientChooserColumns, ChooseResultsView):
    pass


class ClientChosenView(SnippetChosenView):
    def get_display_title(self, instance):
        return name_and_email(instance)


class ClientChooserWidget(AdminSnippetChooser):
    def get_display_title(self, instance):
        return name_and_email(instance)


class ClientChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ClientChooseView
    choose_results_view_class = ClientChooseResultsView
    chosen_view_class = ClientChosenView
    base_widget_class = ClientChooserWidget


class ClientViewSet(WordedViewSetMixin, SnippetViewSet):
    model = Client
    icon = "user"
    menu_label = _("Clients")
    menu_order = 100
    add_to_admin_menu = True
    edit_view_class = ClientEditView
    inspect_view_class = ClientInspectView
    chooser_viewset_class = ClientChooserViewSet
    # « Oui » / « Non » (templates/wagtailadmin/tables/boolean_cell.html), not True / False.
    list_display = [
        "__str__",
        "email",
        "city",
        BooleanColumn("is_active", label=_("Active"), sort_key="is_active"),
        # From the client's own row: no query per row.
        Column("portal_access", label=_("Client area"), accessor="portal_access"),
    ]
    list_filter = ["is_active", "city"]
    list_export = [*CONTACT_FIELDS, "is_active"]
    search_fields = ["last_name", "first_name", "email", "city", "phone", "mobile"]
    search_backend_name = None
    ordering = ["last_name", "first_name"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        *CONTACT_FIELDS,
        "is_active",
        "portal_access",
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

    def get_page_title(self):
        return _("Invite again") if self.client.invited_at else _("Invite to the client area")

    def back_url(self):
        """Where « Inviter » was clicked (the client's page, a dossier), or the Clients list."""
        wanted = self.request.POST.get("next") or self.request.GET.get("next")
        if wanted and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={self.request.get_host()}
        ):
            return wanted
        return reverse("wagtailsnippets_clients_client:list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            client=self.client,
            method=FirmSettings.current().get_first_connection_display(),
            back_url=self.back_url(),
            **kwargs,
        )

    def post(self, request, pk):
        services.invite_client(self.client)
        messages.success(
            request,
            _("The invitation is on its way to %(email)s.") % {"email": self.client.email},
        )
        return redirect(self.back_url())


register_snippet(ClientViewSet)


@hooks.register("register_snippet_listing_buttons")
def client_invite_button(snippet, user, next_url=None):
    if isinstance(snippet, Client) and (url := invite_url(snippet, user)):
        yield Button(invite_label(snippet), url, icon_name="mail", priority=5)
    if isinstance(snippet, Client):
        yield from _reset_two_factor_button(snippet, user)


# « Mettre à jour mes coordonnées »: the requests, current and proposed values side by side.


class ClientsLawyerFilter(admin.SimpleListFilter):
    """The requests of the clients of one lawyer's dossiers (the home page's « Mes dossiers »)."""

    title = _("interlocutor")
    parameter_name = "lawyer"

    def lookups(self, request, model_admin):
        return [(str(lawyer.pk), lawyer.display_name) for lawyer in Lawyer.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            # Through the ORM's relation only: the dossiers app stays above this one.
            clients = User.objects.filter(dossier_accesses__dossier__interlocutor_id=self.value())
            return queryset.filter(client__in=clients)
        return queryset


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
    list_filter = ["status", ClientsLawyerFilter, "created_at"]
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
