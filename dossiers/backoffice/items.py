"""The back office of shared items: each kind a snippet of its own, listed per dossier.

A dossier's screen (its snippet editor) holds its metadata and its clients; its items
are reached from its « Éléments partagés » panel, one paginated listing per category
scoped to the dossier (``?dossier=<id>``), with search, filters and the bulk actions
« Publier pour les clients » and « Retirer du partage ». A bulk action acts within the
listing's dossier only: an id of another dossier refuses the whole selection.
"""

import django_filters
from django import forms
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList, PublishingPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSet,
    UnpublishView,
)

from common.scopes import ScopedViewSetMixin, scoped_chooser
from common.worded import WordedViewSetMixin

from ..sharing import publishing
from ..sharing.models import ITEM_MODELS, Category, Dossier
from .forms import ItemAdminForm
from .panels import SharingStatusPanel, dossier_items_url


def _dossier_from(request):
    """The dossier a view acts in (``?dossier=<id>``), or None."""
    value = request.GET.get("dossier", "")
    if not value.isdigit():
        return None
    return get_object_or_404(Dossier.objects.for_staff(request.user, request), pk=value)


class ItemFilterSet(WagtailFilterSet):
    """Filters of an item listing: its dossier, whether clients see it, its date."""

    STATES = {
        "draft": (_("Not shared (draft or withdrawn)"), Q(live=False)),
        "shared": (_("Shared with the clients"), Q(live=True)),
        "changed": (
            _("Shared, with changes not published"),
            Q(live=True, has_unpublished_changes=True),
        ),
    }

    # A dossier the lawyer may see, named in the active filter's chip (not « Dossier : 4 »).
    dossier = django_filters.ModelChoiceFilter(
        queryset=lambda request: Dossier.objects.for_staff(request.user, request),
        widget=forms.HiddenInput,
    )
    state = django_filters.ChoiceFilter(
        label=_("Sharing"),
        choices=[(key, label) for key, (label, _q) in STATES.items()],
        method="filter_state",
        empty_label=_("All"),
    )

    def filter_state(self, queryset, name, value):
        return queryset.filter(self.STATES[value][1]) if value in self.STATES else queryset


def item_filterset(model):
    date_field = model.display_order[0]
    attrs = {
        "date": django_filters.DateFromToRangeFilter(
            field_name=date_field,
            label=model._meta.get_field(date_field).verbose_name.capitalize(),
            widget=DateRangePickerWidget,
        ),
        "Meta": type("Meta", (), {"model": model, "fields": []}),
    }
    return type(f"{model.__name__}FilterSet", (ItemFilterSet,), attrs)


class DossierScopedMixin:
    """Views of items that know the dossier the lawyer works in, for the way back."""

    @cached_property
    def dossier(self):
        obj = getattr(self, "object", None)
        if obj is not None and getattr(obj, "dossier_id", None):
            return obj.dossier
        return _dossier_from(self.request)

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        if self.dossier is None:
            return items
        category = self.model.category
        trail = [
            {
                "url": reverse("wagtailsnippets_dossiers_dossier:list"),
                "label": Dossier._meta.verbose_name_plural.capitalize(),
            },
            {
                "url": reverse("wagtailsnippets_dossiers_dossier:edit", args=[self.dossier.pk]),
                "label": str(self.dossier),
            },
            {"url": dossier_items_url(self.dossier, category), "label": category.label},
        ]
        # Wagtail's own trail is the admin's home, the listing, then this view's object.
        return [items[0], *trail, *items[2:]]


class AtomicPublishMixin:
    """A publish and what it tells clients in one transaction (Wagtail publishes after
    its own transaction, which saved the object and its revision)."""

    def publish_action(self):
        with transaction.atomic():
            return super().publish_action()


class ItemPublishMixin(AtomicPublishMixin):
    """An item's publish from its editor, its log entry written as the bulk action writes
    it: one INSERT (Wagtail's own log entry first checks each of its three foreign keys
    with a query). A publish scheduled for later is Wagtail's own (its log entry says
    when); the worker publishes it then (``routes.publish_scheduled``)."""

    def publish_action(self):
        go_live_at = getattr(self.object, "go_live_at", None)
        if go_live_at and go_live_at > timezone.now():
            return super().publish_action()
        with transaction.atomic():
            hook_response = self.run_hook("before_publish", self.request, self.object)
            if hook_response is not None:
                return hook_response
            self.new_revision.publish(
                user=self.request.user, skip_permission_checks=True, log_action=False
            )
            publishing.log_items(
                {self.model: [self.object]}, "wagtail.publish", self.request.user, timezone.now()
            )
            return self.run_hook("after_publish", self.request, self.object)


class ItemIndexView(DossierScopedMixin, IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return queryset if self.dossier is None else queryset.filter(dossier=self.dossier)

    def get_page_subtitle(self):
        return str(self.dossier) if self.dossier else super().get_page_subtitle()

    def get_add_url(self):
        url = super().get_add_url()
        return f"{url}?{urlencode({'dossier': self.dossier.pk})}" if self.dossier else url

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.dossier is not None and self.model.category == Category.DOCUMENTS:
            buttons.append(
                HeaderButton(
                    _("Add several documents"),
                    url=reverse("dossiers_admin:documents_upload", args=[self.dossier.pk]),
                    icon_name="upload",
                )
            )
        return buttons

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        # The listing is the last step of the trail: no link to itself.
        return [*items[:-1], {**items[-1], "url": ""}] if self.dossier else items


class ItemCreateView(DossierScopedMixin, ItemPublishMixin, CreateView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Autosave would leave behind an item the lawyer never saved.
        self.autosave_enabled = False

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        # The form to fill starts in the dossier; a posted form says its own dossier.
        if self.request.method == "GET" and self.dossier is not None:
            instance.dossier = self.dossier
        return instance

    def get_add_url(self):
        url = super().get_add_url()
        return f"{url}?{urlencode({'dossier': self.dossier.pk})}" if self.dossier else url

    def get_success_url(self):
        return dossier_items_url(self.object.dossier, self.model.category)


class ItemEditView(DossierScopedMixin, ItemPublishMixin, EditView):
    def get_success_url(self):
        return dossier_items_url(self.object.dossier, self.model.category)


class ItemUnpublishView(UnpublishView):
    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().post(request, *args, **kwargs)


class ItemViewSet(ScopedViewSetMixin, WordedViewSetMixin, SnippetViewSet):
    """The snippet views of one kind of shared item (``model``)."""

    chooser_viewset_class = scoped_chooser(SnippetChooserViewSet)
    add_to_admin_menu = False
    index_view_class = ItemIndexView
    add_view_class = ItemCreateView
    edit_view_class = ItemEditView
    unpublish_view_class = ItemUnpublishView
    copy_view_enabled = False
    search_backend_name = None
    list_per_page = 50

    LISTINGS = {
        "documents": (["title", "date", "filename"], ["title", "filename"]),
        "rendez-vous": (["subject", "starts_at", "location"], ["subject", "location", "note"]),
        "dates-de-procedure": (["__str__", "jurisdiction"], ["jurisdiction", "note"]),
        "factures": (
            [
                "number",
                "issue_date",
                Column(
                    "amount",
                    label=_("Amount, tax included"),
                    accessor="get_amount_display",
                    sort_key="amount",
                ),
                "status",
            ],
            ["number"],
        ),
    }

    def __init__(self, *args, **kwargs):
        self.icon = self.ICONS[self.model.category]
        self.list_display, self.search_fields = self.LISTINGS[self.model.category]
        self.filterset_class = item_filterset(self.model)
        self.edit_handler = ObjectList(
            # PublishingPanel: « Planifier la publication » (and an expiry), in the side panel.
            [SharingStatusPanel(), FieldPanel("dossier"), *self.model.panels, PublishingPanel()],
            base_form_class=ItemAdminForm,
        )
        self.ordering = [
            f"-{self.model.display_order[0]}"
            if self.model.display_order[1] == "newest"
            else self.model.display_order[0],
            "-pk",
        ]
        super().__init__(*args, **kwargs)

    ICONS = {
        Category.DOCUMENTS: "doc-full",
        Category.APPOINTMENTS: "date",
        Category.PROCEDURE_DATES: "calendar-alt",
        Category.INVOICES: "tasks",
    }


def item_viewsets():
    return [
        type(f"{model.__name__}ViewSet", (ItemViewSet,), {"model": model})
        for model in ITEM_MODELS.values()
    ]
