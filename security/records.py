"""Back-office listings of records: read (and acted on through their own views), never
edited, created or deleted through the generic forms. A deposit, a message, a payment, a
contact change request is what it was when it happened."""

from wagtail_modeladmin.helpers import PermissionHelper


class RecordPermissionHelper(PermissionHelper):
    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False
