"""The client portal: Accueil, categories, dossiers, downloads.

Every view finds what it shows through ``visible_to(request.user)`` and answers 404 for
anything else, so that nobody learns what exists outside their access.
"""

import mimetypes

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from clients.decorators import client_required, only
from portal_pages.cache import cached_for_client, cached_page
from portal_pages.context import portal_setup
from security.audit import record

from . import quotas, services, uploads
from .forms import DepositForm, MessageForm
from .models import Deposit, Document, Dossier, Invoice, Message, Reply
from .portal import Summaries, category_from_slug, decorate, dossier_lines
from .templatetags.portal import filesize_fr

ITEMS_PER_PAGE = 25
# Accueil lists this many dossiers, then links to « Mes dossiers », which lists them all.
HOME_DOSSIERS = 10
# A multipart body's framing around its files (boundaries, headers, the CSRF token):
# what Content-Length counts beyond the files' own bytes.
FORM_OVERHEAD = 64 * 1024


@client_required
@cached_page
def home(request):
    """Accueil: the categories' cards, the first HOME_DOSSIERS dossiers, the deposit form.

    Two queries whatever the client has: the dossiers (plain values: the ten shown, and
    the deposit form's choices), and the deposit quota with the cards when they are not
    cached (one query of subqueries).
    """
    dossiers = dossier_lines(Dossier.objects.visible_to(request.user))
    summaries = Summaries(request.user)
    overview = (
        get_user_model()
        .objects.filter(pk=request.user.pk)
        .order_by()
        .values(**summaries.annotations(), **quotas.allowance_annotations(request.user))
        .get()
    )
    return render(
        request,
        "dossiers/home.html",
        {
            "nav": "home",
            "portal_page": portal_setup(request).home,
            "summaries": summaries.from_row(overview),
            "dossiers": dossiers[:HOME_DOSSIERS],
            "more_dossiers": len(dossiers) > HOME_DOSSIERS,
            "deposit_form": DepositForm(
                user=request.user, dossiers=[dossier.choice for dossier in dossiers]
            )
            if dossiers
            else None,
            "deposit_quota_note": deposit_quota_note(quotas.allowance_from(overview))
            if dossiers
            else "",
            **upload_limits(),
        },
    )


@client_required
@cached_page
def dossier_list(request):
    """« Mes dossiers »: every dossier of the client, a page at a time."""
    page = Paginator(Dossier.objects.visible_to(request.user), ITEMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = dossier_lines(page.object_list)
    return render(request, "dossiers/dossier_list.html", {"nav": "home", "page": page})


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


def _items_page(request, category, dossier_id=None):
    """A category's items, of every dossier or of one: 404 when the client sees none.

    A dossier's page needs no query of its own: its items come through the access gate,
    so a dossier the client may not see (or whose category they may not see) has none,
    and the first item brings the dossier's name.
    """
    category = category_from_slug(category)
    if category is None:
        raise Http404
    items = category.model.objects.visible_to(request.user)
    if dossier_id is not None:
        items = items.filter(dossier_id=dossier_id)
    items = items.for_display().select_related("dossier")
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    if not page.paginator.count:
        raise Http404
    page.object_list = decorate(category, page.object_list)
    return render(
        request,
        f"dossiers/categories/{category.name.lower()}.html",
        {
            "nav": "home",
            "category": category,
            "dossier": page.object_list[0].dossier if dossier_id is not None else None,
            "page": page,
            "count_label": category.count_label(page.paginator.count),
        },
    )


@client_required
@cached_page
def category(request, category):
    return _items_page(request, category)


@client_required
@cached_page
def dossier_detail(request, pk):
    # The dossier, the deposit quota and the cards unless cached, in one query.
    summaries = Summaries(request.user, pk)
    dossier = get_object_or_404(
        Dossier.objects.visible_to(request.user)
        .select_related("interlocutor")
        .annotate(
            **summaries.annotations(OuterRef("pk")),
            **quotas.allowance_annotations(request.user),
        ),
        pk=pk,
    )
    replies = Reply.objects.select_related("author")
    return render(
        request,
        "dossiers/dossier.html",
        {
            "nav": "home",
            "dossier": dossier,
            "summaries": summaries.from_row(vars(dossier), dossier),
            "deposit_form": DepositForm(user=request.user, dossier=dossier),
            "deposit_quota_note": deposit_quota_note(quotas.allowance_from(vars(dossier))),
            "deposits": Deposit.objects.for_client(request.user).filter(dossier=dossier),
            "client_messages": Message.objects.for_client(request.user)
            .filter(dossier=dossier)
            .prefetch_related(Prefetch("replies", queryset=replies)),
            **upload_limits(),
        },
    )


@client_required
@cached_page
def dossier_category(request, pk, category):
    return _items_page(request, category, dossier_id=pk)


def private_file_response(field_file, filename, instance=None):
    """Stream a private file as a download that no cache keeps and no browser sniffs.

    ``field_file`` is a model's file, or a name in the private storage; the download is
    recorded in the audit trail, against ``instance`` (or a ``(model, pk)`` pair) when
    there is one, through the audit queue when it is on: a download is the portal's most
    frequent write.
    """
    try:
        if isinstance(field_file, str):
            handle = storages["private"].open(field_file, "rb")
        else:
            handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    record("espace.download", instance, label=filename, file=filename, queued=True)
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@client_required
def document_download(request, pk):
    """A shared document's file. Which file the client may download under ``pk`` is kept
    in the cache as their pages are (dropped with them whenever anything they show
    changes, an access or a withdrawal among them); the download is recorded each time."""

    def lookup():
        document = get_object_or_404(
            Document.objects.visible_to(request.user).only("file", "filename"), pk=pk
        )
        return document.file.name, document.filename or "document.pdf"

    file_name, filename = cached_for_client(f"document:{request.user.pk}:{pk}", lookup)
    if refused := only(request, "GET", "HEAD"):
        return refused
    return private_file_response(file_name, filename, (Document, pk))


@client_required
def invoice_pdf(request, pk):
    invoice = get_object_or_404(Invoice.objects.visible_to(request.user), pk=pk, pdf__gt="")
    if refused := only(request, "GET", "HEAD"):
        return refused
    return private_file_response(
        invoice.pdf, invoice.pdf_filename or f"Facture {invoice.number}.pdf", invoice
    )


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
    if int(request.META.get("CONTENT_LENGTH") or 0) > uploads.max_request_size() + 64 * 1024:
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
