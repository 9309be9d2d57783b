"""The Clients screens of the back office: the client snippet, its chooser, and the
contact change requests' listing."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import EditView, IndexView, InspectView, SnippetViewSet
from wagtail.snippets.widgets import AdminSnippetChooser

from common.records import RecordAdmin
from common.scopes import ScopedViewSetMixin, scoped_chooser
from common.spreadsheets import SafeSpreadsheetMixin
from common.worded import WordedViewSetMixin
from common.wording import BEFORE_CONSONANT, BEFORE_VOWEL, about_name
from security.audit import record

from . import services
from .admin_views import InviteClientView
from .models import CONTACT_FIELDS, Client, ContactChangeRequest, Lawyer, User


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


# « Les informations de DUPONT Marc », « … d'ALEXANDER Luce » (common.wording.elision).
DETAILS_SAVED = {
    BEFORE_CONSONANT: pgettext_lazy(
        "before a consonant",
        "The details of %(name)s are saved. %(email)s becomes their login once its owner "
        "confirms it (a link was sent there); until then they log in with %(current)s, "
        "which was told of the change.",
    ),
    BEFORE_VOWEL: pgettext_lazy(
        "before a vowel",
        "The details of %(name)s are saved. %(email)s becomes their login once its owner "
        "confirms it (a link was sent there); until then they log in with %(current)s, "
        "which was told of the change.",
    ),
}


class ClientEditView(InviteHeaderMixin, EditView):
    """A client's details saved through ``services.change_client_by_firm``: a new login
    email waits for its owner's confirmation, and the audit entry names each field changed."""

    pending_email = None

    def save_instance(self):
        values = {
            name: self.form.cleaned_data[name]
            for name in services.CLIENT_FIELDS
            if name in self.form.cleaned_data
        }
        self.pending_email = services.change_client_by_firm(self.object, values, self.request.user)
        return Client.objects.get(pk=self.object.pk)

    def custom_success_message(self):
        if self.pending_email is None:
            return None
        return about_name(
            DETAILS_SAVED,
            self.object.display_name,
            email=self.pending_email.email,
            current=self.pending_email.previous_email,
        )


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


class ClientIndexView(SafeSpreadsheetMixin, IndexView):
    def as_spreadsheet(self, queryset, spreadsheet_format):
        """The clients' contact details leave the back office: who took them is audited."""
        record(
            "espace.export",
            (Client, 0),
            label=str(Client._meta.verbose_name_plural),
            format=spreadsheet_format,
            rows=queryset.count(),
            query=self.request.GET.urlencode()[:500],
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class ClientViewSet(ScopedViewSetMixin, WordedViewSetMixin, SnippetViewSet):
    model = Client
    icon = "user"
    index_view_class = ClientIndexView
    menu_label = _("Clients")
    menu_order = 100
    add_to_admin_menu = True
    edit_view_class = ClientEditView
    inspect_view_class = ClientInspectView
    chooser_viewset_class = scoped_chooser(ClientChooserViewSet)
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
