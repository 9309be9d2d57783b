"""`make bench`: the client pages' throughput against a bare Django view, on this machine.

Starts the portal under gunicorn (the repository's gunicorn.conf.py, production settings,
PostgreSQL, and a Redis of its own that keeps its writes on disk, as production's should:
the downloads' audit entries go through it) and, beside it, a bare `django-admin
startproject` serving one small template under the same gunicorn command; loads the demo
world and a small and a large client into a database of its own; logs in as Luce; then
runs wrk on each page in interleaved rounds and prints each page's requests per second
as a share of the bare view's (measured just before and after it: the median of the
rounds' shares, and their range), with p50 and p99 and the machine's CPU time per
request (all processes: a steadier figure than requests per second on a machine whose
speed drifts), next to the targets; Accueil's time ratio between the large and the
small client (p50 with one connection, so that it is the page's own time and not the
machine's contention); then the query counts of the small and the large client, for
pages made anew and read back from the page cache. wrk reads a page again and again, so
it measures the cached page (what a client reading their portal gets); the same pages
are measured on a second portal with the page cache off (``CLIENT_PAGE_CACHE=0``): a
client's first visit after a publish, each download looked up through the access gate.
Last, it writes
the queued audit entries to the database, as the worker does, and checks that every
download answered has its entry.

Environment (defaults in brackets): BENCH_DATABASE_URL
[postgres://postgres@127.0.0.1:5432/bench_espace_client] (dropped and created again),
BENCH_REDIS_URL [a redis-server of its own on port 6391, appendonly] (flushed),
BENCH_ROUNDS [5], BENCH_SECONDS [5], BENCH_CONNECTIONS [4], BENCH_WORKERS [2],
BENCH_PROFILE [off: pyinstrument over Accueil].
Not part of `make test` nor of CI.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

# bench/ is the script's folder, first on sys.path.
from pg import recreate_database

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BIN = Path(PY).parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_espace_client"
)
REDIS_PORT = 6391
REDIS_URL = os.environ.get("BENCH_REDIS_URL", f"redis://127.0.0.1:{REDIS_PORT}/0")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")
PORTAL_PORT, BARE_PORT, FIRST_VISIT_PORT = 8761, 8762, 8763
LUCE = ("academy@secib.fr", "a12RJ3d11P")
# Share of the bare view's requests per second (higher is better), and the Accueil time
# ratio between the large and the small client (lower is better).
TARGETS = {"accueil": 12.0, "dossier": 12.0, "category": 15.0, "download": 20.0}
# A client's first visit (the page cache off, each download looked up through the access
# gate): must not fall below what was measured before the work on the public APIs.
TARGETS.update(
    {"accueil first": 5.5, "dossier first": 4.6, "category first": 3.8, "download first": 12.6}
)
QUERY_TARGETS = {"accueil": 6, "dossier": 6, "category": 5}
RATIO_TARGET = 1.2


def run(args, env, **kwargs):
    return subprocess.run(args, env=env, check=True, cwd=ROOT, **kwargs)


def analyze():
    """Fresh statistics, as a database in service has (autovacuum); then the data just
    loaded is written out (CHECKPOINT), so that the first round does not measure the disk
    busy with it (Redis writes its appendonly file to the same disk)."""
    import psycopg

    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
        connection.execute("CHECKPOINT")
    os.sync()


def start_redis(folder):
    """A Redis of the bench's own, with its writes on disk every second (appendonly): the
    portal queues the downloads' audit entries only in such a Redis."""
    folder.mkdir()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    import redis

    for _ in range(50):
        try:
            redis.Redis.from_url(REDIS_URL).ping()
            return process
        except redis.ConnectionError:
            time.sleep(0.1)
    raise SystemExit(f"redis-server did not start on port {REDIS_PORT}")


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def bare_project(folder):
    """A `django-admin startproject` with one view rendering a small template."""
    run([str(BIN / "django-admin"), "startproject", "barebench", str(folder)], os.environ.copy())
    package = folder / "barebench"
    (folder / "templates").mkdir()
    (folder / "templates" / "hello.html").write_text(
        '<!DOCTYPE html><html lang="fr"><head><title>{{ title }}</title></head>'
        "<body><h1>{{ title }}</h1><p>{{ text }}</p></body></html>\n"
    )
    (package / "views.py").write_text(
        textwrap.dedent(
            """
            from django.shortcuts import render


            def hello(request):
                return render(request, "hello.html", {"title": "Bonjour", "text": "Texte"})
            """
        )
    )
    (package / "urls.py").write_text(
        "from django.urls import path\n\nfrom . import views\n\n"
        'urlpatterns = [path("", views.hello)]\n'
    )
    settings = package / "settings.py"
    text = settings.read_text()
    text = text.replace("DEBUG = True", "DEBUG = False")
    text = text.replace("ALLOWED_HOSTS = []", 'ALLOWED_HOSTS = ["127.0.0.1", "localhost"]')
    text = text.replace("'DIRS': []", "'DIRS': [BASE_DIR / 'templates']")
    text = text.replace('"DIRS": []', '"DIRS": [BASE_DIR / "templates"]')
    # Read by the repository's gunicorn.conf.py.
    text += "\nTRUSTED_PROXY_COUNT = 0\n"
    settings.write_text(text)


def start_gunicorn(env, port, module, cwd):
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": WORKERS}
    # Sync workers: one request at a time each, and no keep-alive, so that wrk's
    # connections spread over the workers. A gthread worker keeps the connections it
    # accepted: with four of them on two workers, one worker may hold three and the
    # other one, and the run measures half the server (runs then varied by x2).
    env["GUNICORN_WORKER_CLASS"] = "sync"
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), module],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(env["VAR_DIR"]) / f"gunicorn-{port}.log", "w"),  # noqa: SIM115
        start_new_session=True,
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn on port {port} did not start (see its log in VAR_DIR)")


def cookie_value(headers, name):
    for header, value in headers:
        if header.lower() == "set-cookie" and value.startswith(f"{name}="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return None


def log_in(email, password):
    """The session cookie's header, from a login over plain http (cookies are Secure and
    __Host-: no ordinary client would send them back over http)."""
    connection = http.client.HTTPConnection("127.0.0.1", PORTAL_PORT)
    connection.request("GET", "/connexion/")
    response = connection.getresponse()
    html = response.read().decode()
    csrf = cookie_value(response.getheaders(), "__Host-csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    from urllib.parse import urlencode

    body = urlencode({"csrfmiddlewaretoken": token, "username": email, "password": password})
    connection.request(
        "POST",
        "/connexion/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"__Host-csrftoken={csrf}",
        },
    )
    response = connection.getresponse()
    response.read()
    session = cookie_value(response.getheaders(), "__Host-sessionid")
    if response.status != 302 or not session:
        raise SystemExit(f"Login as {email} failed ({response.status})")
    cookie = f"__Host-sessionid={session}; __Host-csrftoken={csrf}"
    # The first page after login records the session's start: not part of the bench.
    connection.request("GET", "/", headers={"Cookie": cookie})
    assert connection.getresponse().read() and True
    return cookie


def check(url, cookie, port=PORTAL_PORT):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", url, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"{url} answered {response.status}, not 200")


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def busy_ms():
    """The machine's CPU time so far, all cores and processes (what another virtual
    machine on the same host takes is not in it: /proc/stat counts it as steal)."""
    with open("/proc/stat") as stat:
        user, nice, system, _idle, _iowait, irq, softirq = map(int, stat.readline().split()[1:8])
    return (user + nice + system + irq + softirq) * 1000 / os.sysconf("SC_CLK_TCK")


def wrk(url, cookie=None, port=PORTAL_PORT, connections=CONNECTIONS):
    threads = min(2, connections)
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{SECONDS}s", "--latency"]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    busy = busy_ms()
    output = subprocess.run(
        [*args, f"http://127.0.0.1:{port}{url}"], capture_output=True, text=True, check=True
    ).stdout
    busy = busy_ms() - busy
    if "Non-2xx" in output:
        raise SystemExit(f"wrk got errors on {url}:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p99": to_ms(re.search(r"\s99%\s+(\S+)", output).group(1)),
        # What a request costs the machine: gunicorn, PostgreSQL, Redis and wrk together.
        "cpu": busy / requests,
    }


def audit_entries(env):
    """The queue written to the database, and the download entries then in the table."""
    return json.loads(run([PY, "bench/audit_flush.py"], env, capture_output=True).stdout)


def main():
    if shutil.which("wrk") is None:
        raise SystemExit(
            "wrk is missing: install it from Debian's packages (apt-get install -y wrk)."
        )
    own_redis = "BENCH_REDIS_URL" not in os.environ
    if own_redis and shutil.which("redis-server") is None:
        raise SystemExit("redis-server is missing (apt-get install -y redis-server).")
    started = time.monotonic()
    var = Path(tempfile.mkdtemp(prefix="espace-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "VAR_DIR": str(var),
        "PYTHONPATH": str(ROOT),
    }
    dev = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    production = {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "ANYMAIL_PROVIDER": "postmark",
        "ANYMAIL_POSTMARK_SERVER_TOKEN": "x",
        "SECURE_SSL_REDIRECT": "0",
        "TRUSTED_PROXY_COUNT": "0",
        "LOG_LEVEL": "WARNING",
    }
    for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"):
        production.pop(name, None)
    processes = []
    try:
        if own_redis:
            processes.append(start_redis(var / "redis"))
        print("Data: the demo world and a small and a large client (50 dossiers x 100 items)")
        recreate_database(DATABASE_URL)
        flush_redis()
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], dev)
        run([PY, "manage.py", "load_demo"], dev, stdout=subprocess.DEVNULL)
        ids = json.loads(run([PY, "bench/data.py"], dev, capture_output=True).stdout)
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], production)
        run([PY, "manage.py", "createcachetable"], production)
        analyze()
        flush_redis()

        bare = var / "bare"
        bare.mkdir()
        bare_project(bare)
        bare_env = {**production, "DJANGO_SETTINGS_MODULE": "barebench.settings"}
        bare_env["PYTHONPATH"] = str(bare)
        processes.append(start_gunicorn(bare_env, BARE_PORT, "barebench.wsgi", bare))
        processes.append(start_gunicorn(production, PORTAL_PORT, "config.wsgi", ROOT))
        # The same portal with its page cache off: every page made anew, every download
        # looked up through the gate, as on a client's first visit after a publish.
        first_visit = {**production, "CLIENT_PAGE_CACHE": "0"}
        processes.append(start_gunicorn(first_visit, FIRST_VISIT_PORT, "config.wsgi", ROOT))

        luce = log_in(*LUCE)
        small = log_in(ids["small"]["email"], ids["password"])
        large = log_in(ids["large"]["email"], ids["password"])
        pages = {
            "accueil": ("/", luce),
            "dossier": (f"/dossiers/{ids['luce_dossier']}/", luce),
            "category": ("/categories/documents/", luce),
            "download": (f"/documents/{ids['luce_document']}/telecharger/", luce),
        }
        ports = dict.fromkeys(pages, PORTAL_PORT)
        for name in list(pages):
            pages[f"{name} first"] = pages[name]
            ports[f"{name} first"] = FIRST_VISIT_PORT
        # Accueil's time for the small and the large client: one connection at a time, so
        # that the ratio is the pages' own time, not the machine's contention.
        timed = {"accueil small": ("/", small), "accueil large": ("/", large)}
        check("/", None, BARE_PORT)
        for name, (url, cookie) in pages.items():
            check(url, cookie, ports[name])
        for url, cookie in timed.values():
            check(url, cookie)
        audit_before = audit_entries(production)

        print(
            f"wrk: {ROUNDS} interleaved rounds of {SECONDS} s per page, the bare view between "
            f"pages, {CONNECTIONS} connections, gunicorn {WORKERS} sync workers for both projects"
        )
        results = {name: [] for name in ["bare", *pages, *timed]}
        # Each page's share of the bare view, against the bare view measured just before
        # and just after it: this machine's speed drifts from one minute to the next.
        shares = {name: [] for name in ["bare", *pages, *timed]}
        for number in range(ROUNDS):
            before = wrk("/", port=BARE_PORT)
            results["bare"].append(before)
            for name, (url, cookie) in pages.items():
                measured = wrk(url, cookie, port=ports[name])
                after = wrk("/", port=BARE_PORT)
                results[name].append(measured)
                results["bare"].append(after)
                shares[name].append(measured["rps"] / ((before["rps"] + after["rps"]) / 2) * 100)
                before = after
            for name, (url, cookie) in timed.items():
                measured = wrk(url, cookie, connections=1)
                results[name].append(measured)
                shares[name].append(measured["rps"] / before["rps"] * 100)
            print(f"  round {number + 1}/{ROUNDS} done")
        shares["bare"] = [100.0]

        median = {
            name: {
                key: statistics.median(r[key] for r in runs) for key in ("rps", "p50", "p99", "cpu")
            }
            for name, runs in results.items()
        }
        print()
        print(
            f"{'page':<16}{'req/s':>9}{'% bare':>9}{'rounds':>14}{'p50 ms':>9}{'p99 ms':>9}"
            f"{'CPU ms':>8}   target"
        )
        for name in ["bare", *pages, *timed]:
            m = median[name]
            share = statistics.median(shares[name])
            spread = f"{min(shares[name]):.1f}-{max(shares[name]):.1f}"
            target = TARGETS.get(name)
            verdict = ""
            if target:
                verdict = f">= {target:.1f} %  {'ok' if share >= target else 'MISSED'}"
            print(
                f"{name:<16}{m['rps']:>9.0f}{share:>8.1f}%{spread:>14}{m['p50']:>9.1f}"
                f"{m['p99']:>9.1f}{m['cpu']:>8.2f}   {verdict}"
            )
        ratio = median["accueil large"]["p50"] / median["accueil small"]["p50"]
        print(
            f"(CPU ms: the machine's CPU time per request, all processes, median of the rounds; "
            f"accueil small and large: wrk -c1)\n"
            f"Accueil time, large client (50 x 100) / small client (1 x 4), p50 at -c1: "
            f"x{ratio:.2f} (target <= x{RATIO_TARGET}: {'ok' if ratio <= RATIO_TARGET else 'MISSED'})"
        )

        counts = json.loads(
            run([PY, "bench/queries.py", json.dumps(ids)], production, capture_output=True).stdout
        )
        print("\nQueries per page (writes), in-process with the same settings:")
        print(f"{'page':<20}{'small':>10}{'large':>10}   target")
        for name, target in QUERY_TARGETS.items():
            for state in ("anew", "cached"):
                s, lg = counts["small"][f"{name} {state}"], counts["large"][f"{name} {state}"]
                ok = s["queries"] == lg["queries"] <= target and s["writes"] == lg["writes"] == 0
                print(
                    f"{name + ' ' + state:<20}{s['queries']:>6} ({s['writes']}){lg['queries']:>6} "
                    f"({lg['writes']})   <= {target}, the same, 0 writes  {'ok' if ok else 'MISSED'}"
                )
        in_process = counts["large"]["accueil_ms"] / counts["small"]["accueil_ms"]
        print(
            f"Accueil's view made anew, in-process: {counts['small']['accueil_ms']:.1f} ms small, "
            f"{counts['large']['accueil_ms']:.1f} ms large (x{in_process:.2f}; target <= "
            f"x{RATIO_TARGET}: {'ok' if in_process <= RATIO_TARGET else 'MISSED'})"
        )
        audit = audit_entries(production)
        answered = sum(r["requests"] for r in results["download"] + results["download first"])
        added = audit["entries"] - audit_before["entries"]
        how = {
            "queued": "queued in Redis (appendonly) and written by the worker's flush",
            "direct": "written during each download",
        }[audit["mode"]]
        print(
            f"\nDownloads' audit entries, {how}: {added} for {answered} downloads answered "
            f"(wrk counts answers: a request cut at the end of a run may add an entry); "
            f"{audit['written']} written from the queue at the end  "
            f"{'ok' if added >= answered else 'MISSING'}"
        )
        if os.environ.get("BENCH_PROFILE"):
            run([PY, "bench/profile_page.py", LUCE[0], "/"], production)
        print(f"\nBench done in {time.monotonic() - started:.0f} s")
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
