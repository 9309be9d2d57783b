"""A shared document's file and an invoice's PDF, through the access gate."""

from django.shortcuts import get_object_or_404

from clients.decorators import client_required, only
from portal_pages.cache import cached_for_client

from ..downloads import private_file_response
from ..sharing.models import Document, Invoice


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
