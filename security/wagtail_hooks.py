"""The firm's view of security: the audit trail's actions, and the lockouts it can lift."""

from axes.models import AccessAttempt
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import modeladmin_register

from common.records import RecordAdmin, RecordPermissionHelper
from common.wording import FEMININE

from .audit import ACTIONS


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)


class LockoutPermissionHelper(RecordPermissionHelper):
    """Firm admins (superusers) see lockouts and lift them (delete); nobody edits them."""

    def user_can_list(self, user):
        return user.is_superuser

    def user_can_delete_obj(self, user, obj):
        return user.is_superuser


class LockoutButtonHelper(ButtonHelper):
    def delete_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().delete_button(pk, classnames_add, classnames_exclude)
        button.update(label=_("Lift"), title=_("Lift this lockout"))
        return button


class LockoutAdmin(RecordAdmin):
    """Accounts and addresses locked after failed logins; deleting one lifts it."""

    model = AccessAttempt
    grammatical_gender = FEMININE  # « une tentative de connexion »
    menu_label = _("Lockouts")
    menu_icon = "lock"
    menu_order = 30
    menu_section = "follow_up"
    inspect_view_enabled = False
    permission_helper_class = LockoutPermissionHelper
    button_helper_class = LockoutButtonHelper
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]


modeladmin_register(LockoutAdmin)


class AuditTrailMenuItem(MenuItem):
    """« Suivi → Journal d'audit »: who did what, filtered by action and by person, and
    exported (Wagtail's site history, which holds the audit trail's entries)."""

    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_follow_up_menu_item")
def audit_trail_menu_item():
    return AuditTrailMenuItem(
        _("Audit trail"),
        reverse("wagtailadmin_reports:site_history"),
        icon_name="list-ul",
        order=40,
    )
