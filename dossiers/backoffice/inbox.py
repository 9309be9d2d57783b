"""What clients send, as the lawyers read it: deposits and messages (wagtail-modeladmin
listings, with their filters)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import ButtonHelper

from clients.models import Lawyer
from common.formats import filesize_fr
from common.records import RecordAdmin

from ..inbox.models import Deposit, Message
from ..sharing.models import Dossier


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
