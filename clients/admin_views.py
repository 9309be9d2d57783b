"""The back office's views of clients: « Inviter » and a contact change decided."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from common.records import admin_url
from common.wording import BEFORE_CONSONANT, BEFORE_VOWEL, about_name
from portal_pages.models import FirmSettings

from . import services
from .models import Client, ContactChangeRequest


class InviteClientView(WagtailAdminTemplateMixin, TemplateView):
    """« Inviter »: email the client the portal's address and a way in (confirm, then send)."""

    template_name = "clients/admin/invite_confirm.html"
    page_title = _("Invite to the client area")
    header_icon = "mail"

    def dispatch(self, request, pk):
        if not request.user.has_perm("clients.change_client"):
            raise PermissionDenied
        self.client = get_object_or_404(Client.objects.filter(is_active=True), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.client)

    def get_page_title(self):
        return _("Invite again") if self.client.invited_at else _("Invite to the client area")

    def back_url(self):
        """Where « Inviter » was clicked (the client's page, a dossier), or the Clients list."""
        wanted = self.request.POST.get("next") or self.request.GET.get("next")
        if wanted and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={self.request.get_host()}
        ):
            return wanted
        return reverse("wagtailsnippets_clients_client:list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            client=self.client,
            method=FirmSettings.current().get_first_connection_display(),
            back_url=self.back_url(),
            **kwargs,
        )

    def post(self, request, pk):
        services.invite_client(self.client)
        messages.success(
            request,
            _("The invitation is on its way to %(email)s.") % {"email": self.client.email},
        )
        return redirect(self.back_url())


# « Les coordonnées de DUPONT Marc », « … d'ALEXANDER Luce » (common.wording.elision).
UPDATED = {
    BEFORE_CONSONANT: pgettext_lazy(
        "before a consonant", "The contact details of %(name)s are updated."
    ),
    BEFORE_VOWEL: pgettext_lazy("before a vowel", "The contact details of %(name)s are updated."),
}
EMAIL_UPDATED = {
    BEFORE_CONSONANT: pgettext_lazy(
        "before a consonant",
        "The contact details of %(name)s are updated; the new email becomes their login "
        "once they confirm it.",
    ),
    BEFORE_VOWEL: pgettext_lazy(
        "before a vowel",
        "The contact details of %(name)s are updated; the new email becomes their login "
        "once they confirm it.",
    ),
}
REJECTED = {
    BEFORE_CONSONANT: pgettext_lazy("before a consonant", "The request of %(name)s is rejected."),
    BEFORE_VOWEL: pgettext_lazy("before a vowel", "The request of %(name)s is rejected."),
}


@require_POST
@permission_required("clients.change_client", raise_exception=True)
def decide_change_request(request, pk, decision):
    change = get_object_or_404(ContactChangeRequest.objects.select_related("client"), pk=pk)
    try:
        if decision == "apply":
            change = services.apply_contact_change(change, request.user)
            text = EMAIL_UPDATED if change.changes_email else UPDATED
        else:
            services.reject_contact_change(change, request.user)
            text = REJECTED
        messages.success(request, about_name(text, change.client.display_name))
    except services.ChangeRefused as refusal:
        messages.error(request, str(refusal))
    return redirect(admin_url(ContactChangeRequest, "inspect", change.pk))
