"""Wagtail's generic sentences about a model, in its proper French forms (``wording``)."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import InlinePanel
from wagtail.admin.views.generic.models import CreateView, DeleteView
from wagtail.snippets.widgets import AdminSnippetChooser

from .wording import gender_of, phrase


class WordedViewMixin:
    """Wagtail's generic sentences about the model, in its proper French forms
    (common.wording): « Ajouter un client », « Nouveau dossier », « La facture … »."""

    grammatical_gender = None  # the model's, unless the viewset says otherwise

    def _phrase(self, key, **values):
        gender = self.grammatical_gender or gender_of(self.model)
        return phrase(key, self.model, gender, **values)

    # Listings.
    @cached_property
    def add_item_label(self):
        return self._phrase("add")

    @cached_property
    def no_results_message(self):
        if getattr(self, "is_searching", False) or getattr(self, "is_filtering", False):
            return self._phrase("none_found")
        return self._phrase("none_yet")

    def get_header_title(self):
        # « Nouveau dossier » says it all: no « : Dossier » after it.
        if isinstance(self, CreateView):
            return self.get_page_title()
        return super().get_header_title()

    # Creating and editing.
    def get_page_title(self):
        if isinstance(self, CreateView):
            return self._phrase("new")
        return super().get_page_title()

    def get_breadcrumbs_items(self):
        # No « Fragments » step: Wagtail's list of snippet types is not the firm's.
        snippets = reverse("wagtailsnippets:index")
        items = [item for item in super().get_breadcrumbs_items() if item.get("url") != snippets]
        if isinstance(self, CreateView) and items:
            items[-1] = {**items[-1], "label": self._phrase("new")}
        return items

    def get_success_message(self, instance=None):
        # A view that says more than « … a été mis à jour » (``custom_success_message``).
        custom = getattr(self, "custom_success_message", None)
        if custom is not None and (text := custom()) is not None:
            return text
        if isinstance(self, DeleteView):
            return self._phrase("deleted", object=self.object)
        instance = instance or self.object
        key = "created" if isinstance(self, CreateView) else "updated"
        if getattr(self, "action", None) == "publish" and not getattr(instance, "go_live_at", None):
            key += "_published"
        return self._phrase(key, object=instance)

    def get_error_message(self):
        if getattr(self, "expects_json_response", False):
            return super().get_error_message()
        return self._phrase("not_created" if isinstance(self, CreateView) else "not_saved")

    @property
    def confirmation_message(self):
        return self._phrase("delete_confirm")

    # Inspecting: « Oui », « Non », « — », not True, False, None.
    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return value


class WordedViewSetMixin:
    """A snippet or model viewset whose views speak of its model in proper French."""

    grammatical_gender = None
    WORDED_VIEWS = ("index_view_class", "add_view_class", "edit_view_class", "delete_view_class")
    WORDED_VIEWS += ("inspect_view_class", "history_view_class", "usage_view_class")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for attribute in self.WORDED_VIEWS:
            view_class = getattr(self, attribute)
            worded = type(
                view_class.__name__,
                (WordedViewMixin, view_class),
                {"grammatical_gender": self.grammatical_gender},
            )
            setattr(self, attribute, worded)


class WordedInlinePanel(InlinePanel):
    """An inline panel whose button reads « Ajouter une facture », not « Ajouter un(e) »
    (templates/wagtailadmin/panels/inline_panel.html shows ``add_label``). ``add_model``
    names what is added when it is not the related model itself (a dossier's client, not
    its access row)."""

    def __init__(self, *args, add_model=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_model = add_model

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "add_model": self.add_model}

    class BoundPanel(InlinePanel.BoundPanel):
        @cached_property
        def add_label(self):
            return phrase("add", self.panel.add_model or self.panel.db_field.related_model)


class WordedSnippetChooser(AdminSnippetChooser):
    """A snippet chooser's buttons in proper French: « Choisir un client », « Choisir une
    autre facture », « Modifier » (Wagtail writes « Choisir client », « Modifier ce/cette
    client »)."""

    def __init__(self, model=None, **kwargs):
        super().__init__(model, **kwargs)
        self.choose_one_text = phrase("choose", self.model)
        self.choose_another_text = phrase("choose_another", self.model)
        self.link_to_chosen_text = _("Edit")


class WordedChooserColumnsMixin:
    """A chooser's first column named after what it lists (« Client »), not « Titre »."""

    @property
    def columns(self):
        columns = super().columns
        if columns:
            columns[0].label = capfirst(self.model_class._meta.verbose_name)
        return columns


def worded_chooser(viewset_class):
    """``viewset_class`` (a snippet chooser's) with its title, buttons and first column in
    proper French."""

    class WordedChooserViewSet(viewset_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.page_title = self.choose_one_text = phrase("choose", self.model)
            self.choose_another_text = phrase("choose_another", self.model)

    if not issubclass(viewset_class.base_widget_class, WordedSnippetChooser):
        WordedChooserViewSet.base_widget_class = type(
            "Worded" + viewset_class.base_widget_class.__name__,
            (WordedSnippetChooser, viewset_class.base_widget_class),
            {},
        )
    for name in ("choose_view_class", "choose_results_view_class"):
        view_class = getattr(viewset_class, name)
        setattr(
            WordedChooserViewSet,
            name,
            type(view_class.__name__, (WordedChooserColumnsMixin, view_class), {}),
        )
    WordedChooserViewSet.__name__ = f"Worded{viewset_class.__name__}"
    return WordedChooserViewSet
