"""Back-office actions on what clients send (download, share a deposit, answer, mark
handled), and many documents added to a dossier at once."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients.models import Lawyer
from common.records import admin_url
from security.audit import record

from ..downloads import private_file_response
from ..files import StoredName
from ..inbox import services, uploads
from ..inbox.models import Deposit, Message
from ..sharing.drafts import draft_documents
from ..sharing.models import Category, Dossier, TeamAccessSettings
from .items import dossier_items_url


class TeamForm(forms.Form):
    team = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Team"),
        queryset=Lawyer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Besides the interlocutor, who works on this dossier. When the firm keeps each "
            "dossier to its team, only they (and the firm's admins) see it."
        ),
    )

    def __init__(self, dossier, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Lawyer.objects.exclude(pk=dossier.interlocutor_id)
        self.fields["team"].label_from_instance = lambda lawyer: lawyer.display_name


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your answer"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": gettext_lazy("Write your answer.")},
    )


def _staff_permission(codename):
    """Back-office users with the permission; others are refused (clients never get here)."""

    def decorator(view):
        return permission_required(codename, raise_exception=True)(view)

    return decorator


@require_GET
@_staff_permission("dossiers.view_deposit")
def deposit_download(request, pk):
    deposit = get_object_or_404(Deposit, pk=pk)
    if not deposit.is_available:
        messages.error(
            request,
            _("This file is not available: %(status)s.")
            % {"status": deposit.get_scan_status_display()},
        )
        return redirect(admin_url(Deposit, "inspect", deposit.pk))
    return private_file_response(deposit.file, deposit.filename, deposit)


@require_GET
@_staff_permission("dossiers.view_dossier")
def stored_file(request, token):
    """A shared item's file as the edit form shows it (published or in a draft), for the
    firm to check; the signed token names the stored file, so nothing else can be asked."""
    try:
        stored = StoredName.from_token(token)
    except (signing.BadSignature, KeyError, TypeError) as refused:
        raise Http404 from refused
    return private_file_response(str(stored), stored.original_name or "document")


@require_POST
@_staff_permission("dossiers.add_document")
def deposit_share(request, pk):
    deposit = get_object_or_404(Deposit.objects.select_related("dossier"), pk=pk)
    if not deposit.is_available:
        messages.error(
            request,
            _("This file is not available: %(status)s.")
            % {"status": deposit.get_scan_status_display()},
        )
        return redirect(admin_url(Deposit, "inspect", deposit.pk))
    document = services.share_deposit(deposit, request.user)
    messages.success(
        request,
        _(
            "“%(name)s” was added to the dossier as a draft document. Check it, then "
            "publish it to share it."
        )
        % {"name": deposit.filename},
    )
    return redirect(reverse("wagtailsnippets_dossiers_document:edit", args=[document.pk]))


@require_POST
@_staff_permission("dossiers.change_message")
def message_reply(request, pk):
    message = get_object_or_404(Message.objects.select_related("client", "dossier"), pk=pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        services.answer_message(message, request.user, form.cleaned_data["body"])
        messages.success(
            request,
            _("Your answer was sent to %(client)s.") % {"client": message.client.display_name},
        )
    else:
        messages.error(request, _("Write your answer before sending it."))
    return redirect(admin_url(Message, "inspect", message.pk))


@require_POST
@_staff_permission("dossiers.change_message")
def message_handled(request, pk):
    message = get_object_or_404(Message, pk=pk)
    handled = request.POST.get("handled") != "0"
    if not request.user.is_staff:
        raise PermissionDenied
    services.mark_handled(message, request.user, handled=handled)
    messages.success(
        request, _("Message marked as handled.") if handled else _("Message marked as to handle.")
    )
    return redirect(admin_url(Message, "inspect", message.pk))


@csrf_exempt  # checked below, once the upload's limits are in place (the check reads the body)
@require_http_methods(["GET", "POST"])
@_staff_permission("dossiers.add_document")
def documents_upload(request, pk):
    """« Ajouter plusieurs documents »: files dropped together, each a draft document titled
    from its name and dated today, to check and publish from the dossier's documents."""
    dossier = get_object_or_404(Dossier, pk=pk)
    handler = uploads.prepare_deposit_request(request) if request.method == "POST" else None
    return _documents_upload(request, dossier, handler)


@csrf_protect
def _documents_upload(request, dossier, handler):
    context = {
        "dossier": dossier,
        "accept": uploads.ACCEPT_ATTRIBUTE,
        "documents_url": dossier_items_url(dossier, Category.DOCUMENTS),
    }
    if handler is None:
        return render(request, "dossiers/admin/documents_upload.html", context)
    try:
        if handler.refusal:
            raise uploads.UploadRefused(handler.refusal)
        checked = uploads.check_request(request.FILES.getlist("files"))
    except uploads.UploadRefused as refusal:
        context["refusal"] = str(refusal)
        return render(request, "dossiers/admin/documents_upload.html", context, status=400)
    documents = draft_documents(dossier, checked, request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s draft document added: check its title and date, then publish it.",
            "%(count)s draft documents added: check their titles and dates, then publish them.",
            len(documents),
        )
        % {"count": len(documents)},
    )
    return redirect(dossier_items_url(dossier, Category.DOCUMENTS, state="draft"))


@require_http_methods(["GET", "POST"])
@_staff_permission("dossiers.view_dossier")
def dossier_team(request, pk):
    """« Équipe »: who works on a dossier besides its interlocutor. The interlocutor and
    the firm's admins change it; the others who see the dossier read it. Each change is
    in the audit trail, with who was added and who removed."""
    dossier = get_object_or_404(
        Dossier.objects.for_staff(request.user, request).select_related("interlocutor"), pk=pk
    )
    may_change = request.user.is_superuser or (
        dossier.interlocutor_id == request.user.pk
        and request.user.has_perm("dossiers.change_dossier")
    )
    members = list(dossier.team.order_by("last_name", "first_name"))
    form = TeamForm(dossier, request.POST or None, initial={"team": members})
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            chosen = set(form.cleaned_data["team"])
            added, removed = chosen - set(members), set(members) - chosen
            with transaction.atomic():
                dossier.team.set(chosen)
                if added or removed:
                    record(
                        "espace.team",
                        dossier,
                        added=sorted(member.display_name for member in added),
                        removed=sorted(member.display_name for member in removed),
                    )
            messages.success(request, _("The dossier's team was saved."))
            return redirect("dossiers_admin:team", pk=dossier.pk)
    return render(
        request,
        "dossiers/admin/team.html",
        {
            "dossier": dossier,
            "form": form,
            "members": members,
            "may_change": may_change,
            "team_only": TeamAccessSettings.team_only_now(),
        },
    )
