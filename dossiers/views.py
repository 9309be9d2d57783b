"""The client portal: Accueil, categories, dossiers, downloads.

Every view finds what it shows through ``visible_to(request.user)`` and answers 404 for
anything else, so that nobody learns what exists outside their access.
"""

import mimetypes
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal_pages.models import PortalHomePage

from .models import Document, Dossier, Invoice
from .portal import category_from_slug, category_summaries

ITEMS_PER_PAGE = 25


def client_required(view):
    """Logged-in clients only; the firm's people are sent to the back office."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_client:
            return redirect("wagtailadmin_home")
        return view(request, *args, **kwargs)

    return wrapper


@client_required
def home(request):
    dossiers = Dossier.objects.visible_to(request.user).select_related("interlocutor")
    return render(
        request,
        "dossiers/home.html",
        {
            "nav": "home",
            "portal_page": PortalHomePage.objects.first(),
            "summaries": category_summaries(request.user),
            "dossiers": dossiers,
        },
    )


def _items_page(request, category, dossier=None):
    category = category_from_slug(category)
    if category is None:
        raise Http404
    items = category.model.objects.visible_to(request.user)
    if dossier is not None:
        items = items.filter(dossier=dossier)
    items = items.for_display().select_related("dossier")
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    if not page.paginator.count:
        raise Http404
    return render(
        request,
        "dossiers/category.html",
        {
            "nav": "home",
            "category": category,
            "dossier": dossier,
            "page": page,
            "item_template": f"dossiers/includes/{category.name.lower()}_item.html",
        },
    )


@client_required
def category(request, category):
    return _items_page(request, category)


@client_required
def dossier_detail(request, pk):
    dossier = get_object_or_404(
        Dossier.objects.visible_to(request.user).select_related("interlocutor"), pk=pk
    )
    return render(
        request,
        "dossiers/dossier.html",
        {
            "nav": "home",
            "dossier": dossier,
            "summaries": category_summaries(request.user, dossier),
        },
    )


@client_required
def dossier_category(request, pk, category):
    dossier = get_object_or_404(Dossier.objects.visible_to(request.user), pk=pk)
    return _items_page(request, category, dossier)


def private_file_response(field_file, filename):
    """Stream a private file as a download that no cache keeps and no browser sniffs."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@client_required
def document_download(request, pk):
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    return private_file_response(document.file, document.filename or "document.pdf")


@require_GET
@client_required
def invoice_pdf(request, pk):
    invoice = get_object_or_404(Invoice.objects.visible_to(request.user), pk=pk, pdf__gt="")
    return private_file_response(
        invoice.pdf, invoice.pdf_filename or f"Facture {invoice.number}.pdf"
    )
