"""The production server as the README starts it: `gunicorn -c gunicorn.conf.py config.wsgi`.

- A 45 MiB deposit sent at 1 MiB/s (45 s) goes through, and the one worker keeps
  answering other clients meanwhile: with synchronous workers and gunicorn's 30-second
  timeout the upload was killed, and each slow client held a whole worker.
- With TRUSTED_PROXY_COUNT=0, an `X-Forwarded-Proto: https` sent from 127.0.0.1 does not
  make the request HTTPS: gunicorn believed it from any local peer.
"""

import http.client
import os
import threading
import time
import uuid

import pytest

from tests.servers import output, start_gunicorn, stop
from tests.test_upload_memory import Browser, manage

pytestmark = pytest.mark.processes

MiB = 1024 * 1024
DEPOSIT_SIZE = 45 * MiB  # under the 50 MiB limit per file
RATE = MiB  # bytes a second: a slow line
CHUNK = 64 * 1024
CONFIG = ("--config", "gunicorn.conf.py")


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """A migrated SQLite file with a client and her dossier: (env, folder, dossier id)."""
    folder = tmp_path_factory.mktemp("gunicorn")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.process_settings",
        "PROCESS_TEST_DB": str(folder / "db.sqlite3"),
        "TMPDIR": str(folder),
        "VAR_DIR": str(folder / "var"),
        "WEB_CONCURRENCY": "1",
    }
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "TRUSTED_PROXY_COUNT"):
        env.pop(name, None)
    manage("migrate", "--noinput", env=env)
    result = manage(
        "shell",
        "-c",
        "from clients.factories import ClientFactory\n"
        "from dossiers.factories import shared_dossier\n"
        "print(shared_dossier(ClientFactory(email='luce@example.fr')).pk)\n",
        env=env,
    )
    return env, folder, int(result.stdout.split()[-1])


def send_paced(browser, path, size):
    """POST one PDF-looking file of ``size`` bytes at RATE bytes a second, as a deposit."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
        f'filename="conclusions.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    body = size - len(b"%PDF-1.4\n")
    connection = http.client.HTTPConnection("127.0.0.1", browser.port, timeout=120)
    connection.putrequest("POST", path)
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(len(head) + body + len(tail)))
    connection.putheader("Accept", "application/json")
    connection.putheader("X-CSRFToken", browser.cookies["csrftoken"])
    connection.putheader("Referer", f"http://127.0.0.1:{browser.port}/")
    connection.putheader("Cookie", "; ".join(f"{k}={v}" for k, v in browser.cookies.items()))
    connection.endheaders()
    connection.send(head)
    start, sent, block = time.monotonic(), 0, b"0" * CHUNK
    while sent < body:
        piece = block[: min(CHUNK, body - sent)]
        connection.send(piece)
        sent += len(piece)
        ahead = start + sent / RATE - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
    connection.send(tail)
    response = connection.getresponse()
    return response.status, response.read()


def test_a_45_mib_deposit_at_1_mib_per_second_goes_through_while_others_are_served(
    database, record_property
):
    env, folder, dossier = database
    server, port = start_gunicorn(env, *CONFIG)
    latencies, done = [], threading.Event()

    def meanwhile():
        """Another client loading the login page every few seconds during the upload."""
        while not done.wait(3):
            began = time.monotonic()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", "/connexion/")
            status = connection.getresponse().status
            latencies.append((status, time.monotonic() - began))

    try:
        browser = Browser(port)
        browser.log_in("luce@example.fr", "Motdepasse-Test-2026")
        other = threading.Thread(target=meanwhile)
        other.start()
        began = time.monotonic()
        try:
            status, body = send_paced(browser, f"/dossiers/{dossier}/depot/", DEPOSIT_SIZE)
        finally:
            done.set()
            other.join(timeout=70)
        duration = time.monotonic() - began
        log = output(server)
    finally:
        stop(server)

    slowest = max(seconds for _status, seconds in latencies)
    record_property("upload_seconds", round(duration, 1))
    print(
        f"\n45 MiB deposit at 1 MiB/s through gunicorn.conf.py: {status} after {duration:.1f} s;"
        f" {len(latencies)} pages served meanwhile, the slowest in {slowest:.2f} s"
    )
    assert status == 200, (body[:500], log)
    assert b'"ok": true' in body
    assert duration > 40  # the line was as slow as meant
    assert "WORKER TIMEOUT" not in log
    assert len(latencies) >= 10
    assert all(status == 200 for status, _seconds in latencies)
    assert slowest < 5
    stored = list(folder.rglob("depots/**/*.pdf"))
    assert [path.stat().st_size for path in stored] == [DEPOSIT_SIZE]


def production(env, trusted_proxies):
    folder = env["TMPDIR"]
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "gunicorn-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "ANYMAIL_PROVIDER": "postmark",
        "ANYMAIL_POSTMARK_SERVER_TOKEN": "x",
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        "TRUSTED_PROXY_COUNT": str(trusted_proxies),
    }


def answer(port, headers):
    # Stripe's webhook answers a GET with a bare 405: no template, no static file.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/stripe/webhook/", headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status, response.getheader("Location")


@pytest.mark.parametrize(
    ("trusted_proxies", "secure"), [(0, False), (1, True)], ids=["no-proxy", "one-proxy"]
)
def test_x_forwarded_proto_is_believed_only_from_a_trusted_proxy(database, trusted_proxies, secure):
    env, _folder, _dossier = database
    server, port = start_gunicorn(production(env, trusted_proxies), *CONFIG)
    try:
        forwarded = answer(port, {"X-Forwarded-Proto": "https"})
        plain = answer(port, {})
    finally:
        stop(server)
    # Production redirects plain HTTP to HTTPS (SECURE_SSL_REDIRECT).
    assert plain == (301, f"https://127.0.0.1:{port}/stripe/webhook/")
    if secure:
        assert forwarded == (405, None)
    else:
        assert forwarded == plain
