"""« Publier pour les clients » and « Retirer du partage » on a selection of one dossier's
items, through the one publish path."""

from urllib.parse import parse_qs, urlsplit

from django.utils.functional import cached_property, classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from ..sharing import publishing
from ..sharing.models import ITEM_MODELS, Dossier


class ItemBulkAction(SnippetBulkAction):
    """A bulk action on a selection of one dossier's items of one kind.

    The dossier is the listing's (``dossier`` in its query, or in the ``next`` URL that
    Wagtail's bulk actions carry): every selected id must be one of its items, or nothing
    is changed.
    """

    template_name = "dossiers/admin/confirm_bulk_sharing.html"
    service = None  # publishing.publish or publishing.withdraw

    @classproperty
    def models(cls):
        return list(ITEM_MODELS.values())

    @cached_property
    def dossier(self):
        value = (
            self.request.GET.get("dossier")
            or parse_qs(urlsplit(self.next_url).query).get("dossier", [""])[0]
        )
        if not str(value).isdigit():
            return None
        return Dossier.objects.for_staff(self.request.user, self.request).filter(pk=value).first()

    def get_all_objects_in_listing_query(self, parent_id):
        if self.dossier is None:
            return []
        return self.model.objects.filter(dossier=self.dossier).values_list("pk", flat=True)

    def get_actionable_objects(self):
        if self.dossier is None:
            return [], {"items_with_no_access": []}
        objects, extra = super().get_actionable_objects()
        if any(item.dossier_id != self.dossier.pk for item in objects):
            return [], {"items_with_no_access": []}
        return objects, extra

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission(self.request.user, "publish")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(dossier=self.dossier, action=self)
        return context

    def form_valid(self, form):
        objects, _extra = self.get_actionable_objects()
        if not objects:
            messages.error(
                self.request,
                _("Nothing was changed: the selection must be items of one dossier."),
            )
            return self.form_invalid(form)
        return super().form_valid(form)

    @classmethod
    def execute_action(cls, objects, **kwargs):
        action = kwargs["self"]
        try:
            count = type(action).service(
                action.dossier,
                {action.model: [item.pk for item in objects]},
                by=action.request.user,
            )
        except publishing.SelectionError:
            count = 0
        return count, 0


class PublishItemsBulkAction(ItemBulkAction):
    display_name = _("Publish for the clients")
    action_type = "publish_for_clients"
    aria_label = _("Publish the selected items for the clients")
    action_priority = 10
    classes = {"button-primary"}
    service = staticmethod(publishing.publish)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)s item published: the dossier's clients who may see it now do.",
            "%(count)s items published: the dossier's clients who may see them now do.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class WithdrawItemsBulkAction(ItemBulkAction):
    display_name = _("Withdraw from sharing")
    action_type = "withdraw_from_sharing"
    aria_label = _("Withdraw the selected items from sharing")
    action_priority = 20
    service = staticmethod(publishing.withdraw)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)s item withdrawn: clients no longer see it.",
            "%(count)s items withdrawn: clients no longer see them.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
