"""Query counts (and writes) per page for the bench's small and large clients, in-process
with the same settings as the bench's server (production, PostgreSQL, Redis): for a page
made anew (the page cache just invalidated, the firm's set-up cached again) and for a
page read back from the cache. Also Accueil's own time, made anew (its view without the
page cache), for each client."""

import inspect
import json
import os
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from clients.models import Client  # noqa: E402
from dossiers.portal import views  # noqa: E402
from portal_pages.cache import invalidate  # noqa: E402
from portal_pages.models import FirmSettings  # noqa: E402

WRITES = ("INSERT", "UPDATE", "DELETE")
ids = json.loads(sys.argv[1])
result = {}
for size in ("small", "large"):
    user = Client.objects.get(email=ids[size]["email"])
    browser = HttpClient(HTTP_HOST="127.0.0.1")
    browser.force_login(user)
    pages = {
        "accueil": reverse("dossiers:home"),
        "dossier": reverse("dossiers:dossier", args=[ids[size]["dossier"]]),
        "category": reverse("dossiers:category", args=["documents"]),
    }
    counts = {}
    for name, url in pages.items():
        browser.get(url)
        for state in ("anew", "cached"):
            if state == "anew":
                invalidate()
                browser.get(reverse("clients:account"))
                FirmSettings.current()
            with CaptureQueriesContext(connection) as captured:
                assert browser.get(url).status_code == 200, url
            sqls = [q["sql"].lstrip().upper() for q in captured.captured_queries]
            counts[f"{name} {state}"] = {
                "queries": len(sqls),
                "writes": sum(s.startswith(WRITES) for s in sqls),
            }
    result[size] = counts

# Accueil's view itself, without the page cache (what its queries and rendering cost),
# for both clients in turns: the best of 9 rounds of 50 calls each (the best, since
# the machine's other work only ever adds time).
home = inspect.unwrap(views.home)
requests = {}
for size in ("small", "large"):
    requests[size] = RequestFactory(HTTP_HOST="127.0.0.1").get(reverse("dossiers:home"))
    requests[size].user = Client.objects.get(email=ids[size]["email"])
    for _ in range(30):
        home(requests[size])
times = {"small": [], "large": []}
for _ in range(9):
    for size, request in requests.items():
        started = time.perf_counter()
        for _ in range(50):
            home(request)
        times[size].append((time.perf_counter() - started) / 50 * 1000)
for size in times:
    result[size]["accueil_ms"] = min(times[size])
print(json.dumps(result))
