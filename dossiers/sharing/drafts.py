"""Draft documents made from files: those a lawyer drops on a dossier, or a client's
deposit passed on. Drafts: for the lawyer to check, then publish (``publishing``)."""

import os

from django.db import transaction
from django.utils import timezone

from ..files import commit_private_files
from .models import Document


def draft_documents(dossier, checked_files, by):
    """The files a lawyer dropped on a dossier, each a draft document to review and publish
    (``checked_files`` from ``uploads.check_request``, the deposits' checks): all of them,
    or nothing stored."""
    documents = []
    try:
        with transaction.atomic():
            for checked in checked_files:
                documents.append(draft_document(dossier, checked.upload, by))
    except BaseException:
        for document in documents:
            document.file.storage.delete(document.file.name)
        raise
    return documents


def draft_document(dossier, file, by):
    """A draft document of ``dossier`` holding ``file``, titled from its name and dated
    today, with its first revision: for the lawyer to review, edit and publish."""
    document = Document(
        dossier=dossier,
        title=os.path.splitext(os.path.basename(file.name))[0][:255] or file.name[:255],
        date=timezone.localdate(),
        file=file,
        live=False,
    )
    commit_private_files(document)
    document.save()
    document.save_revision(user=by, log_action="wagtail.create", clean=False)
    return document
