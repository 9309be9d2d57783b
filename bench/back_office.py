"""`make bench`, third part: the back office of shared items, on this machine.

Each shared item (document, rendez-vous, procedure date, invoice) is a snippet of its own,
published on its own or in a selection; this measures what a lawyer waits for and what a
publish writes, in-process (Django's test client, a real PostgreSQL database whose
transactions commit, so that `on_commit` callbacks run as in production):

1. The dossier's screen (its editor) and its documents listing, for a dossier of 2,000
   items (1,400 documents, 200 rendez-vous, 200 procedure dates, 200 invoices): median
   time of 5 warm requests, HTML size and queries. Targets: <= 300 ms, <= 300 KB, and
   the same number of queries as for a dossier of 10 items.
2. Publishing one new document in that dossier, from its editor (create and publish in
   one POST) and with the bulk action « Publier pour les clients » on one draft: queries
   (all of them; without the SAVEPOINT / RELEASE statements of nested transactions; and
   without BEGIN / COMMIT either, which is what a test inside a test transaction counts)
   and time (median of 3, after one unmeasured). Targets: <= 30 queries, <= 100 ms.
3. The bulk action on N selected drafts of that dossier, N = 1, 10, 50, and
   « Retirer du partage » on 50 shared items: queries. Target: <= 30 + 5 N.
4. What a dossier's publish runs (`routes.dossier_published`, which replaced
   the worker's sweep) on a just-published dossier of 300 documents and 50 items of each
   other kind, all live and not yet shared, with 5 clients: median time over 5 dossiers
   (after one unmeasured). Target: <= 50 ms.
5. Fan-out: 1,000 draft documents published to 200 clients (10 dossiers of 20 clients
   and 100 drafts each, published 20 at a time with `publishing.publish`): share
   digests and delivery tasks written (targets: one digest per client, at most one task
   per client), rows written per table (target: none grows by more than items + clients,
   i.e. no row per client and item). Then the digests are made due and
   `delivery.deliver_due` sends them (locmem email backend): the worker's busy time.
   Target: <= 3 s.

Settings: development (DEBUG off, no two-factor authentication), the database
BENCH_BACKOFFICE_DATABASE_URL [postgres://postgres@127.0.0.1:5432/espace_bench_backoffice]
(dropped and created again, dropped at the end), the cache in Redis as in production,
BENCH_BACKOFFICE_REDIS_URL [redis://127.0.0.1:6379/6] (flushed), files in a throw-away
folder. Times are this machine's: run it with nothing else busy. Not part of `make test`
nor of CI; BENCH_SQL=1 prints the statements of one publish from the editor and from the
bulk action.
"""

import datetime
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

# bench/ is the script's folder, first on sys.path.
from pg import drop_database, recreate_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get(
    "BENCH_BACKOFFICE_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/espace_bench_backoffice",
)
REDIS_URL = os.environ.get("BENCH_BACKOFFICE_REDIS_URL", "redis://127.0.0.1:6379/6")
VAR = Path(tempfile.mkdtemp(prefix="bench-backoffice-"))
# Uploads that spill to disk go to the throw-away folder too.
tempfile.tempdir = str(VAR)

os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "0",
        "ADMIN_TWO_FACTOR_REQUIRED": "0",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "VAR_DIR": str(VAR),
        "LOG_LEVEL": "WARNING",
        # Nothing but the fan-out's digests, made due on purpose, is sent during the bench.
        "NOTIFICATION_QUIET_PERIOD": "3600",
    }
)


recreate_database(DATABASE_URL)
import redis  # noqa: E402

cache_database = redis.Redis.from_url(REDIS_URL)
cache_database.flushdb()

import django  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import storages  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.http import urlencode  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from clients.factories import ClientFactory, LawyerFactory  # noqa: E402
from dossiers.factories import (  # noqa: E402
    ITEM_FACTORIES,
    PDF_BYTES,
    DocumentFactory,
    DossierAccessFactory,
    DossierFactory,
)
from dossiers.models import Document  # noqa: E402
from dossiers.sharing import publishing, routes  # noqa: E402
from dossiers.sharing.announcements import SHARE_DIGEST  # noqa: E402
from notifications import delivery  # noqa: E402
from notifications.models import OutgoingEmail  # noqa: E402

# Emails stay in memory (django.core.mail.outbox); the bench's accounts need no strong hash.
override_settings(
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
).enable()

LARGE = {"documents": 1400, "appointments": 200, "procedure_dates": 200, "invoices": 200}
SMALL = {"documents": 4, "appointments": 2, "procedure_dates": 2, "invoices": 2}
SWEPT = {"documents": 300, "appointments": 50, "procedure_dates": 50, "invoices": 50}
FAN_OUT_DOSSIERS, FAN_OUT_CLIENTS, FAN_OUT_ITEMS, FAN_OUT_BATCH = 10, 20, 100, 20
# Clients who have logged in before get the ordinary digest (a first-connection email
# otherwise).
ACTIVATED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
WARM, TIMED = 2, 5


def verdict(ok):
    return "ok" if ok else "MISSED"


def without_savepoints(captured):
    """The statements but SAVEPOINT / RELEASE SAVEPOINT (nested transactions)."""
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]


def sql_proper(captured):
    """The statements but transaction control (BEGIN, COMMIT and savepoints): what a test
    inside a test transaction counts, where BEGIN and COMMIT are savepoints too."""
    return [sql for sql in without_savepoints(captured) if sql not in ("BEGIN", "COMMIT")]


# Data ---------------------------------------------------------------------------------


def shared_file():
    """One real PDF in the private storage, which every bench document points at."""
    return storages["private"].save("documents/bench.pdf", ContentFile(PDF_BYTES))


def add_items(dossier, counts, file_name, **state):
    """``counts`` ({relation: n}) items in ``dossier``, written in bulk (the factories'
    values; shared by default, as a publish leaves them)."""
    extra = {
        "documents": {"file": file_name, "filename": "bench.pdf", "file_size": len(PDF_BYTES)},
        "invoices": {"pdf": ""},
    }
    for relation, count in counts.items():
        factory = ITEM_FACTORIES[relation]
        built = [
            factory.build(dossier=dossier, **extra.get(relation, {}), **state) for _ in range(count)
        ]
        factory._meta.model.objects.bulk_create(built, batch_size=500)


def dossier_with(lawyer, clients, counts, file_name, **state):
    dossier = DossierFactory(interlocutor=lawyer)
    for client in clients:
        DossierAccessFactory(dossier=dossier, client=client)
    add_items(dossier, counts, file_name, **state)
    return dossier


def drafts(dossier, count, lawyer):
    """Draft documents as the editor leaves them: not live, with their first revision."""
    documents = DocumentFactory.create_batch(
        count, dossier=dossier, live=False, first_published_at=None, shared_at=None
    )
    for document in documents:
        document.save_revision(user=lawyer, log_action="wagtail.create", clean=False)
    return documents


def activated_clients(count):
    return [ClientFactory(last_login=ACTIVATED) for _ in range(count)]


# Back office requests -----------------------------------------------------------------


def edit_url(dossier):
    return reverse("wagtailsnippets_dossiers_dossier:edit", args=[dossier.pk])


def listing_url(dossier, model_name="document"):
    return reverse(f"wagtailsnippets_dossiers_{model_name}:list") + f"?dossier={dossier.pk}"


def bulk_url(dossier, action, ids):
    url = reverse("wagtail_bulk_action", args=["dossiers", "document", action])
    return f"{url}?{urlencode([('id', pk) for pk in ids] + [('next', listing_url(dossier))])}"


def measure_page(browser, url):
    """Median ms of TIMED warm requests, HTML bytes and queries of one GET."""
    for _ in range(WARM):
        browser.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200, (url, response.status_code)
    # Read now: the next request empties the connection's log the capture reads from.
    queries = len(captured)
    times = []
    for _ in range(TIMED):
        started = time.perf_counter()
        browser.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "ms": statistics.median(times),
        "kb": len(response.content) / 1000,
        "queries": queries,
    }


def timed_post(browser, url, data=None):
    """One POST that must redirect (the action done): its queries and time."""
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = browser.post(url, data or {})
        ms = (time.perf_counter() - started) * 1000
    if response.status_code != 302:
        raise SystemExit(f"POST {url} answered {response.status_code}, not 302")
    return {
        "ms": ms,
        "queries": len(captured),
        "statements": len(without_savepoints(captured)),
        "sql_proper": len(sql_proper(captured)),
        "sql": [q["sql"] for q in captured.captured_queries],
    }


def create_and_publish(browser, dossier, number):
    """« Ajouter un document » in the dossier, then « Publier pour les clients »."""
    url = reverse("wagtailsnippets_dossiers_document:add") + f"?dossier={dossier.pk}"
    assert browser.get(url).status_code == 200
    title = f"Assignation {number}"
    result = timed_post(
        browser,
        url,
        {
            "dossier": dossier.pk,
            "title": title,
            "date": "15/01/2027",
            "file": SimpleUploadedFile(f"{title}.pdf", PDF_BYTES, content_type="application/pdf"),
            "action-publish": "action-publish",
        },
    )
    document = Document.objects.get(dossier=dossier, title=title)
    assert document.live and document.shared_at is not None, "the new document is not shared"
    return result


def bulk(browser, dossier, action, items):
    """A bulk action on ``items`` of the dossier's documents listing, as the lawyer runs
    it: the confirmation page (not measured), then its POST."""
    url = bulk_url(dossier, action, [item.pk for item in items])
    assert browser.get(url).status_code == 200
    result = timed_post(browser, url)
    live = Document.objects.filter(pk__in=[item.pk for item in items], live=True).count()
    assert live == (len(items) if action == "publish_for_clients" else 0), f"{action} failed"
    return result


# Row counts ---------------------------------------------------------------------------


def table_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def delivery_tasks():
    return DBTaskResult.objects.filter(task_path__endswith="deliver_due_emails").count()


# The figures --------------------------------------------------------------------------


def screens(browser, small, large):
    print(
        f"\n1. Dossier of {sum(LARGE.values()):,} items ({LARGE['documents']:,} documents, "
        f"{LARGE['appointments']} rendez-vous, {LARGE['procedure_dates']} dates, "
        f"{LARGE['invoices']} invoices) against one of {sum(SMALL.values())} items; "
        f"median of {TIMED} warm requests"
    )
    print(f"  {'page':<20}{'ms':>8}{'KB':>8}{'queries':>9}{'(10 items)':>12}   targets")
    for name, url_of in (("dossier screen", edit_url), ("documents listing", listing_url)):
        big = measure_page(browser, url_of(large))
        little = measure_page(browser, url_of(small))
        print(
            f"  {name:<20}{big['ms']:>8.0f}{big['kb']:>8.0f}{big['queries']:>9}"
            f"{little['queries']:>12}   <= 300 ms {verdict(big['ms'] <= 300)}, "
            f"<= 300 KB {verdict(big['kb'] <= 300)}, "
            f"queries constant {verdict(big['queries'] == little['queries'])}"
        )


def query_counts(result, target):
    """A publish's queries against ``target``: all of them, without savepoints, and
    without any transaction control."""
    return (
        f"{result['queries']} queries {verdict(result['queries'] <= target)}, "
        f"{result['statements']} without savepoints {verdict(result['statements'] <= target)}, "
        f"{result['sql_proper']} without BEGIN/COMMIT either "
        f"{verdict(result['sql_proper'] <= target)}"
    )


def report_publish(label, results, target=30):
    ms = statistics.median(r["ms"] for r in results)
    worst = {key: max(r[key] for r in results) for key in ("queries", "statements", "sql_proper")}
    print(f"  {label:<29}{ms:>5.0f} ms {verdict(ms <= 100)}; {query_counts(worst, target)}")


def publishing_one(browser, large, lawyer):
    print(
        f"\n2. Publishing one new document in the {sum(LARGE.values()):,}-item dossier "
        "(median of 3, after one unmeasured); targets <= 30 queries, <= 100 ms"
    )
    editor = [create_and_publish(browser, large, number) for number in range(4)][1:]
    report_publish("editor (create and publish)", editor)
    selection = drafts(large, 1 + 3 + 10 + 50, lawyer)
    bulk(browser, large, "publish_for_clients", selection[:1])  # unmeasured
    single = [bulk(browser, large, "publish_for_clients", [item]) for item in selection[1:4]]
    report_publish("bulk action, N = 1", single)

    print("\n3. Bulk actions on N selected documents of that dossier; target <= 30 + 5 N queries")
    results = {1: single[-1]}
    results[10] = bulk(browser, large, "publish_for_clients", selection[4:14])
    results[50] = bulk(browser, large, "publish_for_clients", selection[14:64])
    results[-50] = bulk(browser, large, "withdraw_from_sharing", selection[14:64])
    for count, result in results.items():
        name = f"{'withdraw' if count < 0 else 'publish'} N = {abs(count)}"
        target = 30 + 5 * abs(count)
        print(f"  {name:<16}<= {target:<4}{result['ms']:>5.0f} ms; {query_counts(result, target)}")
    return editor[-1], single[-1]


def dossier_publication(lawyer, file_name):
    print(
        "\n4. A dossier's publish (routes.dossier_published), 300 documents and 50 items "
        "of each other kind live and not yet shared, 5 clients; median of 5, target <= 50 ms"
    )
    times, queries = [], []
    for number in range(6):
        dossier = dossier_with(lawyer, activated_clients(5), SWEPT, file_name, shared_at=None)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            with transaction.atomic():  # as every publish runs (the listeners need one)
                routes.dossier_published(dossier)
            ms = (time.perf_counter() - started) * 1000
        count = len(captured)
        shared = sum(
            getattr(dossier, relation).filter(shared_at__isnull=False).count() for relation in SWEPT
        )
        assert shared == sum(SWEPT.values()), "the dossier's publish did not share its items"
        if number:  # the first one is unmeasured
            times.append(ms)
            queries.append(count)
    ms = statistics.median(times)
    print(
        f"  {ms:.1f} ms (max {max(times):.1f}), {max(queries)} queries   <= 50 ms {verdict(ms <= 50)}"
    )


def fan_out(lawyer):
    items = FAN_OUT_DOSSIERS * FAN_OUT_ITEMS
    clients = FAN_OUT_DOSSIERS * FAN_OUT_CLIENTS
    print(
        f"\n5. Fan-out: {items:,} documents published to {clients} clients "
        f"({FAN_OUT_DOSSIERS} dossiers x {FAN_OUT_CLIENTS} clients x {FAN_OUT_ITEMS} drafts, "
        f"publishing.publish {FAN_OUT_BATCH} at a time, commits and on_commit for real)"
    )
    dossiers = []
    for _ in range(FAN_OUT_DOSSIERS):
        dossier = DossierFactory(interlocutor=lawyer)
        for client in activated_clients(FAN_OUT_CLIENTS):
            DossierAccessFactory(dossier=dossier, client=client)
        ids = [d.pk for d in drafts(dossier, FAN_OUT_ITEMS, lawyer)]
        dossiers.append((dossier, ids))
    digests_of = OutgoingEmail.objects.filter(kind=SHARE_DIGEST)
    before = table_counts()
    tasks_before, digests_before = delivery_tasks(), digests_of.count()
    calls, started, queries = 0, time.perf_counter(), 0
    for dossier, ids in dossiers:
        for start in range(0, len(ids), FAN_OUT_BATCH):
            with CaptureQueriesContext(connection) as captured:
                publishing.publish(
                    dossier, {Document: ids[start : start + FAN_OUT_BATCH]}, by=lawyer
                )
            queries = max(queries, len(captured))
            calls += 1
    publish_s = time.perf_counter() - started
    after = table_counts()
    grown = {table: after[table] - before[table] for table in after if after[table] > before[table]}
    digests = digests_of.count() - digests_before
    tasks = delivery_tasks() - tasks_before
    shared = Document.objects.filter(
        dossier__in=[d for d, _ids in dossiers], shared_at__isnull=False
    ).count()
    print(
        f"  {calls} publishing.publish calls in {publish_s:.1f} s (at most {queries} queries each); "
        f"shared_at set on {shared:,} documents"
    )
    print(
        f"  share digests written: {digests}   one per client ({clients}) {verdict(digests <= clients)}"
    )
    print(
        f"  delivery tasks written: {tasks}   at most one per client ({clients}) "
        f"{verdict(tasks <= clients)}"
    )
    print("  rows written, per table:")
    for table, count in sorted(grown.items(), key=lambda row: -row[1]):
        print(f"    {table:<40}{count:>7}")
    largest = max(grown.values(), default=0)
    print(
        f"  largest growth {largest:,} rows   <= items + clients ({items + clients:,}), "
        f"no row per client and item {verdict(largest <= items + clients)}"
    )

    # The digests' quiet period is over: the worker sends them.
    fan_out_clients = [access.client_id for d, _ids in dossiers for access in d.accesses.all()]
    pending = digests_of.filter(user__in=fan_out_clients, status=OutgoingEmail.Status.QUEUED)
    pending.update(send_after=timezone.now())
    due = OutgoingEmail.objects.due().count()
    mail.outbox = []
    busy, rounds = 0.0, 0
    while True:
        started = time.perf_counter()
        attempted, more, _retry_at = delivery.deliver_due(worker="bench")
        busy += time.perf_counter() - started
        rounds += 1
        if not attempted or not more:
            break
    sent = OutgoingEmail.objects.filter(kind=SHARE_DIGEST, status=OutgoingEmail.Status.SENT)
    print(
        f"  delivery: {due} due, {sent.count()} sent ({len(mail.outbox)} in the outbox) "
        f"in {rounds} deliver_due call(s): worker busy {busy:.2f} s   <= 3 s {verdict(busy <= 3)}"
    )


def main():
    started = time.monotonic()
    try:
        call_command("migrate", "--noinput", verbosity=0)
        print("Data: a dossier of 2,000 items and one of 10 (2 clients each), one lawyer")
        lawyer = LawyerFactory()
        file_name = shared_file()
        pair = activated_clients(2)
        large = dossier_with(lawyer, pair, LARGE, file_name)
        small = dossier_with(lawyer, pair, SMALL, file_name)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum keeps them in service
        browser = HttpClient(HTTP_HOST="127.0.0.1")
        browser.force_login(lawyer)
        screens(browser, small, large)
        editor, single = publishing_one(browser, large, lawyer)
        dossier_publication(lawyer, file_name)
        fan_out(lawyer)
        if os.environ.get("BENCH_SQL"):
            for name, result in (("editor", editor), ("bulk action, N = 1", single)):
                print(f"\nQueries of one publish from the {name}:")
                for sql in result["sql"]:
                    print(f"  {sql[:160]}")
        print(f"\nBack-office bench done in {time.monotonic() - started:.0f} s")
    finally:
        connection.close()
        drop_database(DATABASE_URL)
        cache_database.flushdb()
        shutil.rmtree(VAR, ignore_errors=True)


if __name__ == "__main__":
    main()
