"""The firm admins' view of every email: recipient, subject, status, attempts, last error."""

from django.contrib import admin, messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from common.records import RecordAdmin, admin_url

from . import services
from .models import OutgoingEmail


class FailingFilter(admin.SimpleListFilter):
    title = _("delivery")
    parameter_name = "failing"

    def lookups(self, request, model_admin):
        return [("yes", _("Keeps failing"))]

    def queryset(self, request, queryset):
        return queryset.failing() if self.value() == "yes" else queryset


class OutgoingEmailAdmin(RecordAdmin):
    """Read by the firm admins; a failed or cancelled email can be sent again."""

    model = OutgoingEmail
    menu_label = _("Emails")
    menu_icon = "mail"
    menu_order = 10
    menu_section = "follow_up"
    list_display = ["recipient", "subject", "kind", "status", "attempts", "send_after", "sent_at"]
    list_filter = [FailingFilter, "status", "kind"]
    search_fields = ["recipient", "subject"]
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


modeladmin_register(OutgoingEmailAdmin)


@require_POST
@permission_required("notifications.view_outgoingemail", raise_exception=True)
def resend_view(request, pk):
    email = get_object_or_404(OutgoingEmail, pk=pk)
    if services.resend(OutgoingEmail.objects.filter(pk=email.pk)):
        messages.success(
            request,
            _("The email to %(recipient)s is queued again.") % {"recipient": email.recipient},
        )
    else:
        messages.warning(request, _("This email is already queued or being sent."))
    return redirect(admin_url(OutgoingEmail, "inspect", email.pk))


@hooks.register("register_admin_urls")
def resend_url():
    return [path("e-mails/<int:pk>/renvoyer/", resend_view, name="email_resend")]
