"""The lawyers' back office for dossiers: a snippet with drafts, publishing and tabs."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList, TabbedInterface
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .forms import DossierAdminForm
from .models import Dossier


class DossierIndexView(IndexView):
    def search_queryset(self, queryset):
        # Searching through the clients' names can match a dossier more than once.
        searched = super().search_queryset(queryset)
        return searched.distinct() if self.is_searching else searched


class DossierViewSet(SnippetViewSet):
    model = Dossier
    icon = "folder-open-inverse"
    menu_label = _("Dossiers")
    menu_order = 110
    add_to_admin_menu = True
    index_view_class = DossierIndexView
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

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("reference"), FieldPanel("short_name")]),
                    FieldRowPanel([FieldPanel("interlocutor"), FieldPanel("status")]),
                    InlinePanel(
                        "accesses",
                        heading=_("Clients"),
                        label=_("Client"),
                        panels=[
                            FieldPanel("client"),
                            FieldRowPanel(
                                [
                                    FieldPanel("documents"),
                                    FieldPanel("appointments"),
                                    FieldPanel("procedure_dates"),
                                    FieldPanel("invoices"),
                                ],
                                heading=_("Categories this client sees"),
                            ),
                        ],
                    ),
                ],
                heading=_("Dossier"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "documents",
                        heading=_("Documents"),
                        label=_("Document"),
                        panels=[
                            FieldRowPanel([FieldPanel("title"), FieldPanel("date")]),
                            FieldPanel("file"),
                        ],
                    )
                ],
                heading=_("Documents"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "appointments",
                        heading=_("Appointments"),
                        label=_("Appointment"),
                        panels=[
                            FieldPanel("subject"),
                            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                            FieldPanel("location"),
                            FieldPanel("note"),
                        ],
                    )
                ],
                heading=_("Appointments"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "procedure_dates",
                        heading=_("Procedure dates"),
                        label=_("Procedure date"),
                        panels=[
                            FieldRowPanel(
                                [FieldPanel("kind"), FieldPanel("date"), FieldPanel("time")]
                            ),
                            FieldPanel("jurisdiction"),
                            FieldPanel("note"),
                        ],
                    )
                ],
                heading=_("Procedure dates"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "invoices",
                        heading=_("Invoices"),
                        label=_("Invoice"),
                        panels=[
                            FieldRowPanel([FieldPanel("number"), FieldPanel("amount")]),
                            FieldRowPanel([FieldPanel("issue_date"), FieldPanel("due_date")]),
                            FieldPanel("pdf"),
                            FieldRowPanel([FieldPanel("status"), FieldPanel("payable_online")]),
                        ],
                    )
                ],
                heading=_("Invoices"),
            ),
        ],
        base_form_class=DossierAdminForm,
    )


register_snippet(DossierViewSet)
