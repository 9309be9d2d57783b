"""A 200 MB deposit goes through gunicorn with the server's memory growing by < 30 MB.

The upload streams to a temporary file, then moves to the private storage; nothing holds
the whole file in memory. Measured on a real gunicorn worker: its peak resident memory
(VmHWM, reset just before the upload) against its memory before.
"""

import http.client
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parent.parent
FILES = 4
FILE_SIZE = 50_000_000  # 4 × 50 MB = 200 MB, each under the 50 MiB limit per file
CHUNK = 1024 * 1024


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def memory_kb(pid, field):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1))


class Browser:
    """Just enough of a browser: cookies, and a CSRF token."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=b"", headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {
            **(headers or {}),
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, rest = value.split("=", 1)
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.read()

    def log_in(self, email, password):
        _status, page = self.request("GET", "/connexion/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = f"csrfmiddlewaretoken={token}&username={email}&password={password}".encode()
        status, _ = self.request(
            "POST",
            "/connexion/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/",
            },
        )
        assert status == 302

    def upload_streaming(self, path, files, size):
        """POST ``files`` PDF-looking files of ``size`` bytes without building the body."""
        boundary = uuid.uuid4().hex
        parts = []
        for n in range(files):
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                f'filename="piece{n}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            parts.append(head)
        tail = f"--{boundary}--\r\n".encode()
        length = sum(len(p) for p in parts) + files * (size + 2) + len(tail)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader("Content-Length", str(length))
        connection.putheader("Accept", "application/json")
        connection.putheader("X-CSRFToken", self.cookies["csrftoken"])
        connection.putheader("Referer", f"http://127.0.0.1:{self.port}/")
        connection.putheader("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        connection.endheaders()
        block = b"0" * CHUNK
        for head in parts:
            connection.send(head)
            sent = 0
            connection.send(b"%PDF-1.4\n")
            sent += 9
            while sent < size:
                piece = block[: min(CHUNK, size - sent)]
                connection.send(piece)
                sent += len(piece)
            connection.send(b"\r\n")
        connection.send(tail)
        response = connection.getresponse()
        return response.status, response.read()


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc")
def test_a_200_mb_deposit_keeps_the_server_memory_flat(tmp_path, record_property):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.process_settings",
        "PROCESS_TEST_DB": str(tmp_path / "db.sqlite3"),
        "TMPDIR": str(tmp_path),
    }
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    manage("migrate", "--noinput", env=env)
    manage(
        "shell",
        "-c",
        "from clients.factories import ClientFactory\n"
        "from dossiers.factories import shared_dossier\n"
        "c = ClientFactory(email='luce@example.fr')\n"
        "print(shared_dossier(c).pk)\n",
        env=env,
    )
    port = 18000 + os.getpid() % 1000
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "300",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        browser = Browser(port)
        for _ in range(100):
            try:
                browser.request("GET", "/connexion/")
                break
            except OSError:
                time.sleep(0.1)
        browser.log_in("luce@example.fr", "Motdepasse-Test-2026")
        assert browser.request("GET", "/dossiers/1/")[0] == 200  # warm up the worker
        worker = int(Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()[0])

        before = memory_kb(worker, "VmRSS")
        Path(f"/proc/{worker}/clear_refs").write_text("5")  # reset the peak to now
        status, body = browser.upload_streaming("/dossiers/1/depot/", FILES, FILE_SIZE)
        peak = memory_kb(worker, "VmHWM")
    finally:
        server.terminate()
        server.wait(timeout=30)

    growth_mb = (peak - before) / 1024
    record_property("memory_growth_mb", round(growth_mb, 1))
    print(
        f"\n200 MB deposit: worker RSS {before / 1024:.1f} MB before, peak {peak / 1024:.1f} MB: +{growth_mb:.1f} MB"
    )
    assert status == 200, body[:500]
    assert b'"ok": true' in body
    assert growth_mb < 30
    stored = list((tmp_path).rglob("depots/**/*.pdf"))
    assert len(stored) == FILES and all(p.stat().st_size == FILE_SIZE for p in stored)
