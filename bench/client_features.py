"""`make bench`, second part: the whole-dossier ZIP and the calendar feed, on this machine.

- A dossier of BENCH_ZIP_MIB (1024) MiB of documents is downloaded as one ZIP through a
  real gunicorn worker: its peak resident memory (VmHWM, reset just before) against its
  memory before, and the time to the first byte. Target: growth under 30 MiB, first
  byte within 1 s.
- The private calendar feed under wrk, with a matching ETag (what a calendar app polling
  an unchanged feed sends) and without: requests per second.

Runs on a throw-away SQLite database and folder (development settings, DEBUG off), so it
needs no service. Not part of `make test` nor of CI.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_upload_memory import Browser, memory_kb  # noqa: E402

ZIP_MIB = int(os.environ.get("BENCH_ZIP_MIB", "1024"))
FILES = 16
PORT = 8763
SETUP = """
from clients.factories import ClientFactory
from clients.models import CalendarFeed
from dossiers.factories import AppointmentFactory, DocumentFactory, shared_dossier
client = ClientFactory(email="luce@example.fr")
dossier = shared_dossier(client, items={"appointments": 20, "procedure_dates": 20})
block = b"%PDF-1.4\\n" + bytes(1024 * 1024 - 9)
for n in range(FILES):
    document = DocumentFactory(dossier=dossier, title=f"Piece {n}")
    with document.file.storage.open(document.file.name, "wb") as out:
        for _ in range(SIZE // FILES):
            out.write(block)
print(dossier.pk, CalendarFeed.renew(client).token)
"""


def main():
    with tempfile.TemporaryDirectory(prefix="bench-features-") as folder:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DJANGO_DEBUG": "0",
            "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
            "VAR_DIR": folder,
            "TMPDIR": folder,
            "SESSION_IDLE_TIMEOUT": "3600",
            "CALENDAR_FEED_RATE": "1000000/h",
        }
        env.pop("REDIS_URL", None)
        manage = [sys.executable, "manage.py"]
        subprocess.run(
            [*manage, "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        code = SETUP.replace("FILES", str(FILES)).replace("SIZE", str(ZIP_MIB))
        output = subprocess.run(
            [*manage, "shell", "-c", code],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        dossier_id, token = output[-2], output[-1]
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                "1",
            ],
            cwd=ROOT,
            env={**env, "TRUSTED_PROXY_COUNT": "0"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            browser = Browser(PORT)
            for _ in range(100):
                try:
                    browser.request("GET", "/connexion/")
                    break
                except OSError:
                    time.sleep(0.1)
            browser.log_in("luce@example.fr", "Motdepasse-Test-2026")
            browser.request("GET", f"/dossiers/{dossier_id}/")  # warm the worker
            worker = int(
                Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()[0]
            )
            before = memory_kb(worker, "VmRSS")
            Path(f"/proc/{worker}/clear_refs").write_text("5")
            first_byte, total = stream_zip(browser, f"/dossiers/{dossier_id}/archive.zip")
            peak = memory_kb(worker, "VmHWM")
            feed = f"http://127.0.0.1:{PORT}/agenda/{token}.ics"
            etag = re.search(r'ETag: ("?[^\r\n"]+"?)', curl_headers(feed)).group(1)
            matching = wrk(feed, etag)
            full = wrk(feed, None)
        finally:
            server.terminate()
            server.wait(timeout=30)
    growth = (peak - before) / 1024
    print(f"\nWhole-dossier ZIP of {total / 2**20:.0f} MiB through one gunicorn worker:")
    print(
        f"  memory growth {growth:.1f} MiB (target < 30 MiB: {'ok' if growth < 30 else 'MISSED'})"
    )
    print(
        f"  first byte after {first_byte:.2f} s (target <= 1 s: {'ok' if first_byte <= 1 else 'MISSED'})"
    )
    print("Calendar feed (20 rendez-vous, 20 procedure dates):")
    print(f"  with a matching ETag (304): {matching:.0f} req/s; without: {full:.0f} req/s")


def stream_zip(browser, path):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", browser.port, timeout=600)
    cookies = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    start = time.monotonic()
    connection.request("GET", path, headers={"Cookie": cookies})
    response = connection.getresponse()
    assert response.status == 200, response.status
    first = response.read(1)
    first_byte = time.monotonic() - start
    total = len(first)
    while chunk := response.read(1024 * 1024):
        total += len(chunk)
    return first_byte, total


def curl_headers(url):
    return subprocess.run(["curl", "-sI", url], capture_output=True, text=True, check=True).stdout


def wrk(url, etag):
    headers = ["-H", f"If-None-Match: {etag}"] if etag else []
    output = subprocess.run(
        ["wrk", "-t1", "-c4", "-d5s", *headers, url], capture_output=True, text=True, check=True
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


if __name__ == "__main__":
    main()
