"""A private file as a download: streamed, recorded in the audit trail, never cached."""

import mimetypes

from django.core.files.storage import storages
from django.http import FileResponse, Http404

from security.audit import record


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
