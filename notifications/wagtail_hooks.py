"""The firm admins' view of every email: recipient, subject, status, attempts, last error."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.auth import permission_required
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import services
from .models import OutgoingEmail


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """The outbox is a record: it can be read (and an email resent), never edited."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(OutgoingEmail, OutboxPermissionPolicy(OutgoingEmail))


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    icon = "mail"
    menu_label = _("Emails")
    menu_order = 900
    add_to_admin_menu = True
    name = "emails"
    list_display = [
        "recipient",
        Column("subject", label=_("subject")),
        "kind",
        "status",
        "attempts",
        DateColumn("send_after", label=_("next attempt")),
        DateColumn("sent_at", label=_("sent at")),
    ]
    list_filter = ["status", "kind"]
    search_fields = ["recipient", "subject"]
    search_backend_name = None
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "recipient",
        "subject",
        "kind",
        "status",
        "attempts",
        "send_after",
        "sent_at",
        "last_error",
        "message_id",
        "created_at",
    ]
    inspect_template_name = "notifications/outgoing_email_inspect.html"
    copy_view_enabled = False
    form_fields = ["recipient"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/resend/", resend_view, name="resend"),
        ]


@require_POST
@permission_required("notifications.view_outgoingemail")
def resend_view(request, pk):
    email = get_object_or_404(OutgoingEmail, pk=pk)
    if services.resend(OutgoingEmail.objects.filter(pk=email.pk)):
        messages.success(
            request,
            _("The email to %(recipient)s is queued again.") % {"recipient": email.recipient},
        )
    else:
        messages.warning(request, _("This email is already queued or being sent."))
    return redirect(reverse("emails:inspect", args=[email.pk]))


emails_viewset = OutgoingEmailViewSet()


@hooks.register("register_admin_viewset")
def register_emails_viewset():
    return emails_viewset
