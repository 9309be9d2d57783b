"""« Déposer des documents » and « Contacter l'interlocuteur »: what a client sends, from a
dossier or from Accueil, through the inbox (``inbox.services``), with its limits."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from clients.decorators import client_required, only
from common.formats import filesize_fr

from ..downloads import private_file_response
from ..inbox import quotas, services, uploads
from ..inbox.forms import DepositForm, MessageForm
from ..inbox.models import Deposit
from ..sharing.models import Dossier

# A multipart body's framing around its files (boundaries, headers, the CSRF token):
# what Content-Length counts beyond the files' own bytes.
FORM_OVERHEAD = 64 * 1024


def upload_limits():
    return {
        "max_file_size": uploads.max_file_size(),
        "max_files": uploads.max_files(),
        "max_request_size": uploads.max_request_size(),
    }


def deposit_quota_note(allowance):
    """What the client may still deposit today, once that is less than one full deposit."""
    if not allowance.bytes_left or not allowance.files_left:
        return _(
            "You have reached what you may deposit over 24 hours; you can deposit again later."
        )
    if (
        allowance.bytes_left < uploads.max_request_size()
        or allowance.files_left < uploads.max_files()
    ):
        return ngettext(
            "For now you can still deposit %(size)s and %(count)s file (limits over 24 hours).",
            "For now you can still deposit %(size)s and %(count)s files (limits over 24 hours).",
            allowance.files_left,
        ) % {"size": filesize_fr(allowance.bytes_left), "count": allowance.files_left}
    return ""


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@csrf_exempt
def deposit(request, pk=None):
    """« Déposer des documents »: one or several files, all accepted or none stored.

    The drop zone's script sends one file per request and reads a JSON answer; without
    script the form sends them all and gets the page back with a message. Limits are
    enforced while the upload streams in (uploads.DepositLimitHandler), so a file past
    them is never written anywhere.
    """
    return _deposit(request, pk)


@client_required
def _deposit(request, pk):
    dossier = None
    if pk is not None:
        dossier = get_object_or_404(Dossier.objects.visible_to(request.user), pk=pk)
    if refused := only(request, "POST"):
        return refused
    # Before the body is read (by the CSRF check, just below): a deposit that cannot fit
    # in what the client may still deposit today is refused unread (Content-Length), and
    # the upload stops at that allowance however the body is sent. Nothing is stored by
    # this refusal, so it needs no CSRF token.
    allowance = quotas.deposit_allowance(request.user)
    announced = max(_content_length(request) - FORM_OVERHEAD, 1)
    if refusal := allowance.refusal(announced, 1):
        return _deposit_refused(request, _deposit_back(dossier), refusal)
    handler = uploads.prepare_deposit_request(request, allowance)
    return _store_deposit(request, dossier, handler)


def _content_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _deposit_back(dossier):
    return reverse("dossiers:dossier", args=[dossier.pk]) if dossier else reverse("dossiers:home")


@csrf_protect
def _store_deposit(request, dossier, handler):
    back = _deposit_back(dossier)
    if _content_length(request) > uploads.max_request_size() + FORM_OVERHEAD:
        return _deposit_refused(
            request,
            back,
            _("These files together exceed the %(limit)s allowed per deposit.")
            % {"limit": filesize_fr(uploads.max_request_size())},
        )
    form = DepositForm(request.POST, request.FILES, user=request.user, dossier=dossier)
    if not form.is_valid():
        if "dossier" in form.errors:
            # Not one of the client's dossiers: the same answer as a dossier that does not exist.
            raise Http404
        return _deposit_refused(request, back, _("The deposit could not be read."))
    try:
        if handler.refusal:
            raise uploads.UploadRefused(handler.refusal)
        checked = uploads.check_request(request.FILES.getlist("files"))
    except uploads.UploadRefused as refusal:
        return _deposit_refused(request, back, str(refusal))
    chosen = form.chosen_dossier()
    try:
        deposits = services.deposit_files(chosen, request.user, checked)
    except quotas.QuotaExceeded as refusal:
        # Sent at the same time as another deposit that used what was left.
        return _deposit_refused(request, back, str(refusal))
    text = ngettext(
        "Your document was deposited in the dossier %(dossier)s.",
        "Your %(count)s documents were deposited in the dossier %(dossier)s.",
        len(deposits),
    ) % {"count": len(deposits), "dossier": chosen}
    if wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "message": text,
                "files": [
                    {
                        "name": item.filename,
                        "size": filesize_fr(item.file_size),
                        "url": reverse("dossiers:deposit_download", args=[item.pk])
                        if item.is_available
                        else "",
                        "status": "" if item.is_available else item.get_scan_status_display(),
                    }
                    for item in deposits
                ],
            }
        )
    messages.success(request, text)
    return redirect(reverse("dossiers:dossier", args=[chosen.pk]) + "#depots")


def _deposit_refused(request, back, text):
    text = _("Nothing was deposited: %(reason)s") % {"reason": text}
    if wants_json(request):
        return JsonResponse({"ok": False, "message": text}, status=400)
    messages.error(request, text)
    return redirect(back + "#depot")


@client_required
def contact(request, pk=None):
    """« Contacter l'interlocuteur », from a dossier or from Accueil with a dossier chooser."""
    dossier = None
    if pk is not None:
        dossier = get_object_or_404(
            Dossier.objects.visible_to(request.user).select_related("interlocutor"), pk=pk
        )
    form = MessageForm(request.POST or None, user=request.user, dossier=dossier)
    if request.method == "POST":
        if "dossier" in form.errors and request.POST.get("dossier"):
            raise Http404
        if form.is_valid():
            chosen = form.chosen_dossier()
            try:
                services.send_message(
                    chosen, request.user, form.cleaned_data["subject"], form.cleaned_data["body"]
                )
            except quotas.QuotaExceeded as refusal:
                # The form comes back with the client's text, to send later.
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request,
                    _("Your message was sent to %(lawyer)s.")
                    % {"lawyer": chosen.interlocutor.display_name},
                )
                return redirect(reverse("dossiers:dossier", args=[chosen.pk]) + "#messages")
    return render(
        request,
        "dossiers/contact.html",
        {"nav": "home", "form": form, "dossier": dossier},
    )


@client_required
def deposit_download(request, pk):
    deposit = get_object_or_404(
        Deposit.objects.for_client(request.user).filter(scan_status__in=Deposit.AVAILABLE), pk=pk
    )
    if refused := only(request, "GET", "HEAD"):
        return refused
    return private_file_response(deposit.file, deposit.filename, deposit)
