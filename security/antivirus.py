"""Antivirus scanning through a ClamAV daemon (clamd), when one is configured.

Speaks clamd's INSTREAM command (https://docs.clamav.net/manual/Usage/Scanning.html#clamd):
the file goes in chunks, each prefixed by its length, and clamd answers "stream: OK" or
"stream: <signature> FOUND". The protocol is small enough that a client of our own is
clearer than the unmaintained Python packages for it.
"""

import socket
import struct

from django.conf import settings

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd could not be reached or answered nonsense: the file waits, it is not served."""


def configured():
    return bool(settings.CLAMD_HOST or settings.CLAMD_SOCKET)


def _connect():
    timeout = settings.CLAMD_TIMEOUT
    if settings.CLAMD_SOCKET:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(timeout)
        connection.connect(settings.CLAMD_SOCKET)
        return connection
    return socket.create_connection((settings.CLAMD_HOST, settings.CLAMD_PORT), timeout=timeout)


def scan(fileobj):
    """Returns None for a clean file, or the name of what clamd found in it."""
    fileobj.seek(0)
    try:
        with _connect() as connection:
            connection.sendall(b"zINSTREAM\0")
            while chunk := fileobj.read(CHUNK):
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                part = connection.recv(4096)
                if not part:
                    break
                answer += part
    except OSError as error:
        raise ScannerUnavailable(str(error)) from error
    finally:
        fileobj.seek(0)
    answer = answer.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith("OK"):
        return None
    if answer.endswith("FOUND"):
        return answer.removeprefix("stream:").removesuffix("FOUND").strip()
    raise ScannerUnavailable(f"unexpected answer from clamd: {answer[:200]!r}")
