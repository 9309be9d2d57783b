"""Rate limits hold across server processes: they live in a cache every process shares.

Three gunicorn servers (one worker process each) on one SQLite file, with the caches the
settings give outside the tests: the database's (the counters' table, without
REDIS_URL), and Redis (REDIS_URL, a database number of the tests'). Requests for a
password reset from one address, for one account, go to the three in turn, several at
once: the address still gets RESET_RATE_PER_IP (10 an hour) in all, and the account
RESET_RATE_PER_ACCOUNT (3) emails. With a cache in each process's memory, each process
granted the whole limit again.
"""

import http.client
import os
import re
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.servers import output, start_gunicorn, stop
from tests.test_upload_memory import manage

pytestmark = pytest.mark.processes

PROCESSES = 3
REQUESTS = 36
PER_ADDRESS = 10
PER_ACCOUNT = 3
EMAIL = "luce@example.fr"


@pytest.mark.parametrize("cache", ["database", "redis"])
def test_reset_limits_hold_across_server_processes(cache, tmp_path, record_property):
    database = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.shared_cache_settings",
        "PROCESS_TEST_DB": str(database),
        "TMPDIR": str(tmp_path),
        "RESET_RATE_PER_IP": f"{PER_ADDRESS}/h",
        "RESET_RATE_PER_ACCOUNT": f"{PER_ACCOUNT}/h",
    }
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"):
        env.pop(name, None)
    if cache == "redis":
        from security.tests.test_cache import redis_cache

        redis_cache().clear()  # skips without a Redis (fails in CI)
        env["REDIS_URL"] = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
    manage("migrate", "--noinput", env=env)
    manage("createcachetable", env=env)
    manage(
        "shell",
        "-c",
        f"from clients.factories import ClientFactory\nClientFactory(email={EMAIL!r})",
        env=env,
    )
    servers = []
    try:
        for _ in range(PROCESSES):
            servers.append(start_gunicorn(env, "--workers", "1"))
        ports = [port for _server, port in servers]

        page = http.client.HTTPConnection("127.0.0.1", ports[0], timeout=30)
        page.request("GET", "/mot-de-passe-oublie/")
        answer = page.getresponse()
        cookie = answer.getheader("Set-Cookie").split(";", 1)[0]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', answer.read()).group(1)

        def ask_for_a_reset(n):
            connection = http.client.HTTPConnection("127.0.0.1", ports[n % PROCESSES], timeout=60)
            connection.request(
                "POST",
                "/mot-de-passe-oublie/",
                f"csrfmiddlewaretoken={token.decode()}&email={EMAIL}",
                {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
            )
            response = connection.getresponse()
            response.read()
            return ports[n % PROCESSES], response.status

        with ThreadPoolExecutor(max_workers=2 * PROCESSES) as pool:
            answers = list(pool.map(ask_for_a_reset, range(REQUESTS)))
        logs = [output(server) for server, _port in servers]
    finally:
        for server, _port in servers:
            stop(server)

    with sqlite3.connect(database) as db:
        (emails,) = db.execute(
            "SELECT COUNT(*) FROM notifications_outgoingemail WHERE kind = 'password_reset'"
            " AND recipient = ?",
            [EMAIL],
        ).fetchone()
    accepted = [port for port, status in answers if status == 302]
    refused = [port for port, status in answers if status == 429]
    per_process = {port: accepted.count(port) for port in ports}
    record_property("accepted_from_one_address", len(accepted))
    record_property("reset_emails_for_one_account", emails)
    print(
        f"\nPassword reset across {PROCESSES} server processes ({cache} cache), {REQUESTS} requests from one"
        f" address for one account: {len(accepted)} accepted in the hour (limit {PER_ADDRESS};"
        f" per process {sorted(per_process.values())}), {len(refused)} refused with 429;"
        f" {emails} reset emails queued (limit {PER_ACCOUNT})."
    )
    assert len(accepted) + len(refused) == REQUESTS, (answers, logs)
    assert 0 < len(accepted) <= PER_ADDRESS
    assert 0 < emails <= PER_ACCOUNT
