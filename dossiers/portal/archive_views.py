"""« Télécharger tout le dossier » and « Tout télécharger »: one streamed ZIP."""

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from clients.decorators import client_required, only
from security.audit import record

from ..files import display_filename
from ..sharing.models import Dossier
from . import archives


def _archive(request, pk, documents_only):
    dossier = get_object_or_404(Dossier.objects.visible_to(request.user), pk=pk)
    if refused := only(request, "GET", "HEAD"):
        return refused
    found = archives.entries(request.user, dossier, documents_only=documents_only)
    if not found:
        raise Http404
    filename = display_filename(str(dossier).replace("/", "-") + ".zip")
    record(
        "espace.download",
        dossier,
        label=filename,
        file=filename,
        files=len(found),
        archive=True,
    )
    response = StreamingHttpResponse(
        archives.stream(dossier, found), content_type="application/zip"
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@client_required
def dossier_archive(request, pk):
    return _archive(request, pk, documents_only=False)


@client_required
def documents_archive(request, pk):
    return _archive(request, pk, documents_only=True)
