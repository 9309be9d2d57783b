"""Plain record listings of the back office (wagtail-modeladmin), read-only, each in one
of the menu's sections; and the address of their views."""

from django.utils.http import urlencode
from django.utils.text import capfirst
from wagtail import hooks
from wagtail_modeladmin.helpers import AdminURLHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import HistoryView, InspectView

from .menu import MENU_SECTIONS
from .scopes import scoped
from .wording import phrase


class RecordPermissionHelper(PermissionHelper):
    """A record is read (and acted on through its own views), never edited, created or
    deleted through the generic forms: a deposit, a message, a payment, an email is what
    it was when it happened."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class RecordHistoryView(HistoryView):
    """A record's history, for those who may see the record (wagtail-modeladmin's own
    history view checks nothing: any member of the firm could read a lockout's or an
    email's)."""

    def check_action_permitted(self, user):
        # Those who see the listing; which rows of it is the records' scope (common.scopes).
        return self.permission_helper.user_can_list(user)


class RecordInspectView(InspectView):
    def get_field_label(self, field_name, field=None):
        # « Date de création », not « date de création »: verbose names are lower-case.
        return capfirst(super().get_field_label(field_name, field))


class RecordAdmin(ModelAdmin):
    """A plain listing of records, with its inspect view, in one of the menu's sections."""

    menu_section = None  # a key of MENU_SECTIONS
    grammatical_gender = None  # the model's (common.wording), unless said here
    index_template_name = "common/admin/record_index.html"
    inspect_view_class = RecordInspectView
    history_view_class = RecordHistoryView
    add_to_admin_menu = False
    permission_helper_class = RecordPermissionHelper
    inspect_view_enabled = True
    list_per_page = 50

    def get_queryset(self, request):
        # Only the records of the dossiers the user may see (common.scopes).
        return scoped(super().get_queryset(request), request.user, request)

    @property
    def none_yet(self):
        """« Aucun message pour l'instant. », « Aucune demande … »: an empty listing."""
        return phrase("none_yet", self.model, self.grammatical_gender)

    def register_with_wagtail(self):
        super().register_with_wagtail()
        if self.menu_section:
            hook = MENU_SECTIONS[self.menu_section]["menu"].register_hook_name
            hooks.register(hook, self.get_menu_item)


def admin_url(model, action, *args):
    """The address of a RecordAdmin's view (``index``, ``inspect``...) for ``model``."""
    return AdminURLHelper(model).get_action_url(action, *args)


def listing_url(model, **params):
    """A RecordAdmin's listing, filtered by ``params`` (a list filter's or a field lookup)."""
    url = admin_url(model, "index")
    params = {key: value for key, value in params.items() if value is not None}
    return f"{url}?{urlencode(params)}" if params else url
