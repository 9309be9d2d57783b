from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from clients.decorators import client_required, only
from dossiers.downloads import private_file_response

from . import activity, services
from .models import DataExport

PER_PAGE = 25


@client_required
def my_activity(request):
    page = Paginator(activity.actions_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/activity.html",
        {
            "nav": "account",
            "page": page,
            "actions": [activity.describe(entry) for entry in page.object_list],
            "shares": activity.shares_of(request.user, PER_PAGE),
            "last_export": DataExport.objects.filter(client=request.user).first(),
        },
    )


@client_required
def request_data(request):
    """« Télécharger mes données »: the worker prepares it; a second request waits politely."""
    if refused := only(request, "POST"):
        return refused
    try:
        services.request_export(request.user)
    except services.ExportRefused as refusal:
        messages.info(request, str(refusal))
    else:
        messages.success(
            request,
            _("We are preparing your data: you will receive an email with a link to download it."),
        )
    return redirect(reverse("privacy:activity") + "#mes-donnees")


@client_required
def download_data(request, pk):
    """The emailed link: once, while it is valid, and only in the client's own session."""
    ready = get_object_or_404(services.ready_exports(request.user), pk=pk)
    if refused := only(request, "GET", "HEAD"):
        return refused
    if request.method == "HEAD":
        # A link checker, a mail app's preview or a browser's probe: what the download
        # would be, without spending the link (it serves one GET).
        response = HttpResponse(content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(True, ready.filename)
        response["Cache-Control"] = "private, no-store"
        return response
    export = services.take_for_download(pk, request.user)
    if export is None:  # taken meanwhile by another request of the same session
        raise Http404
    return private_file_response(export.file, export.filename, export)
