"""The lawyers' back office for dossiers: a snippet with drafts, publishing and tabs."""

from django.contrib import admin
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    ObjectList,
    Panel,
    TabbedInterface,
)
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, SnippetViewSet
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import modeladmin_register

from clients.models import Client, Lawyer
from clients.wagtail_hooks import invite_label, invite_url
from common.admin import RecordAdmin, WordedInlinePanel, WordedViewSetMixin

from . import admin_home, admin_views  # noqa: F401 - admin_home registers its hooks
from .forms import DossierAdminForm
from .item_admin import (
    AtomicPublishMixin,
    ItemsPanel,
    PublishItemsBulkAction,
    SharingStatusPanel,
    WithdrawItemsBulkAction,
    item_viewsets,
)
from .models import Category, Deposit, Dossier, Message
from .templatetags.portal import filesize_fr


class DossierIndexView(IndexView):
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


@hooks.register("construct_snippet_action_menu")
def publishing_first(menu_items, request, context):
    """Wherever a lawyer shares, the main button publishes (« Publier pour les clients »);
    saving a draft is the second choice."""
    menu_items.sort(key=lambda item: item.name != "action-publish")


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


class DossierViewSet(WordedViewSetMixin, SnippetViewSet):
    model = Dossier
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

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    SharingStatusPanel(),
                    FieldRowPanel([FieldPanel("reference"), FieldPanel("short_name")]),
                    FieldRowPanel([FieldPanel("interlocutor"), FieldPanel("status")]),
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


register_snippet(DossierViewSet)
for viewset in item_viewsets():
    register_snippet(viewset)
hooks.register("register_bulk_action", PublishItemsBulkAction)
hooks.register("register_bulk_action", WithdrawItemsBulkAction)


@hooks.register("construct_main_menu")
def no_snippets_menu(request, menu_items):
    """Shared items are reached from their dossier, not from a « Fragments » menu."""
    menu_items[:] = [item for item in menu_items if item.name != "snippets"]


# What clients send: the lawyers' inbox (wagtail-modeladmin: plain listings that read).


class DepositButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = [
            {
                "url": reverse("dossiers_admin:deposit_download", args=[obj.pk]),
                "label": _("Download"),
                "classname": "button button-small button-secondary",
                "title": _("Download %(name)s") % {"name": obj.filename},
            }
        ]
        return buttons + super().get_buttons_for_obj(
            obj, exclude, classnames_add, classnames_exclude
        )


class HandledFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "handled"

    def lookups(self, request, model_admin):
        return [("no", _("To handle")), ("yes", _("Handled"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(handled_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(handled_at__isnull=False)
        return queryset


class InterlocutorFilter(admin.SimpleListFilter):
    title = _("interlocutor")
    parameter_name = "interlocutor"
    lookup = "dossier__interlocutor_id"  # from the listed model

    def lookups(self, request, model_admin):
        return [(str(lawyer.pk), lawyer.display_name) for lawyer in Lawyer.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.lookup: self.value()})
        return queryset


class DossierFilter(admin.SimpleListFilter):
    """Reached from the lawyer's email ("?dossier=<id>"); lists the dossiers with deposits."""

    title = _("dossier")
    parameter_name = "dossier"

    def lookups(self, request, model_admin):
        dossiers = Dossier.objects.filter(deposits__isnull=False).distinct().order_by("reference")
        return [(str(dossier.pk), str(dossier)) for dossier in dossiers]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(dossier_id=self.value())
        return queryset


class DepositAdmin(RecordAdmin):
    model = Deposit
    menu_label = _("Deposits")
    menu_icon = "download"
    menu_order = 130
    menu_section = "inbox"
    button_helper_class = DepositButtonHelper
    inspect_template_name = "dossiers/admin/deposit_inspect.html"
    inspect_view_fields = ["filename", "dossier", "client", "created_at", "content_type"]
    list_display = ["filename", "dossier", "client", "created_at", "size", "added_to_draft_at"]
    list_filter = [InterlocutorFilter, DossierFilter, "created_at"]
    search_fields = ["filename", "dossier__reference", "client__last_name", "client__email"]
    list_select_related = ["dossier", "client"]

    @admin.display(description=_("size"))
    def size(self, deposit):
        return filesize_fr(deposit.file_size or 0)


class MessageAdmin(RecordAdmin):
    model = Message
    menu_label = _("Messages")
    menu_icon = "mail"
    menu_order = 120
    menu_section = "inbox"
    inspect_template_name = "dossiers/admin/message_inspect.html"
    inspect_view_fields = ["dossier", "client", "created_at"]
    list_display = ["subject", "dossier", "client", "created_at", "status"]
    list_filter = [HandledFilter, InterlocutorFilter, "created_at"]
    search_fields = ["subject", "body", "dossier__reference", "client__last_name", "client__email"]
    list_select_related = ["dossier", "client"]

    @admin.display(description=_("status"))
    def status(self, message):
        return _("Handled") if message.is_handled else _("To handle")


modeladmin_register(MessageAdmin)
modeladmin_register(DepositAdmin)


@hooks.register("register_admin_urls")
def inbox_admin_urls():
    urls = [
        path("depots/<int:pk>/telecharger/", admin_views.deposit_download, name="deposit_download"),
        path("depots/<int:pk>/partager/", admin_views.deposit_share, name="deposit_share"),
        path("fichiers/<str:token>/", admin_views.stored_file, name="stored_file"),
        path("messages/<int:pk>/repondre/", admin_views.message_reply, name="message_reply"),
        path("messages/<int:pk>/traite/", admin_views.message_handled, name="message_handled"),
        path("<int:pk>/documents/ajout/", admin_views.documents_upload, name="documents_upload"),
    ]
    return [path("dossiers/", include((urls, "dossiers_admin")))]
