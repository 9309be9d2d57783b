"""A dossier's screens in the back office: its listing, its editor (metadata, clients and
their categories, its shared items per category), its creation."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    ObjectList,
    Panel,
    TabbedInterface,
)
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, SnippetViewSet

from clients.models import Client, Lawyer
from clients.viewsets import invite_label, invite_url
from common.scopes import ScopedViewSetMixin, scoped_chooser
from common.spreadsheets import SafeSpreadsheetMixin
from common.worded import WordedInlinePanel, WordedViewSetMixin

from ..sharing.models import Category, Dossier
from .forms import DossierAdminForm
from .items import AtomicPublishMixin
from .panels import ItemsPanel, SharingStatusPanel, TeamPanel


class DossierIndexView(SafeSpreadsheetMixin, IndexView):
    def search_queryset(self, queryset):
        # Searching through the clients' names can match a dossier more than once.
        searched = super().search_queryset(queryset)
        return searched.distinct() if self.is_searching else searched


class DossierEditView(AtomicPublishMixin, EditView):
    pass


class DossierCreateView(AtomicPublishMixin, CreateView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Autosave would create a dossier the lawyer never saved (and take its reference).
        self.autosave_enabled = False

    def get_initial_form_instance(self):
        """A new dossier's interlocutor is the lawyer creating it, when they are one."""
        instance = super().get_initial_form_instance()
        if instance is None:
            instance = self.model()
        lawyer = Lawyer.objects.filter(pk=self.request.user.pk).first()
        if lawyer is not None:
            instance.interlocutor = lawyer
        return instance


class ClientPortalPanel(Panel):
    """In each client row of the dossier's « Clients »: where that client stands with the
    portal, and « Inviter » / « Réinviter » (for a client already chosen and saved)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "dossiers/admin/client_portal_panel.html"

        def is_shown(self):
            return bool(getattr(self.instance, "client_id", None))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            client = self.instance.client
            context.update(
                client=client,
                invite_label=invite_label(client),
                invite_url=invite_url(
                    client, self.request.user, next_url=self.request.get_full_path()
                ),
            )
            return context


class DossierViewSet(ScopedViewSetMixin, WordedViewSetMixin, SnippetViewSet):
    model = Dossier
    chooser_viewset_class = scoped_chooser(SnippetChooserViewSet)
    icon = "folder-open-inverse"
    menu_label = _("Dossiers")
    menu_order = 110
    add_to_admin_menu = True
    index_view_class = DossierIndexView
    add_view_class = DossierCreateView
    edit_view_class = DossierEditView
    list_display = ["__str__", "interlocutor", "status", "updated_at"]
    list_filter = ["status", "interlocutor", "live"]
    list_export = ["reference", "short_name", "interlocutor", "status", "live", "updated_at"]
    search_fields = [
        "reference",
        "short_name",
        "accesses__client__last_name",
        "accesses__client__first_name",
        "accesses__client__email",
    ]
    search_backend_name = None
    ordering = ["reference"]
    copy_view_enabled = False

    def get_queryset(self, request):
        # The interlocutor column, without a query per row.
        return super().get_queryset(request).select_related("interlocutor")

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    SharingStatusPanel(),
                    FieldRowPanel([FieldPanel("reference"), FieldPanel("short_name")]),
                    FieldRowPanel([FieldPanel("interlocutor"), FieldPanel("status")]),
                    TeamPanel(heading=_("Team")),
                    WordedInlinePanel(
                        "accesses",
                        heading=_("Clients"),
                        label=_("Client"),
                        add_model=Client,
                        panels=[
                            FieldPanel("client"),
                            ClientPortalPanel(heading=_("Client area")),
                            FieldRowPanel(
                                [FieldPanel(category.access_field) for category in Category],
                                heading=_("Categories this client sees"),
                            ),
                        ],
                    ),
                ],
                heading=_("Dossier"),
            ),
            # The items are snippets of their own, listed per category from here.
            ObjectList([ItemsPanel()], heading=_("Shared items")),
        ],
        base_form_class=DossierAdminForm,
    )
