"""Measure one database in-process: page server times, query counts, export throughput.

Run by bench/run.py with DATABASE_URL pointing at a generated database; prints JSON.
"""

import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from claims.generator import BENCH_EVENT, vocabulary  # noqa: E402
from claims.interchange import stream_csv, stream_document  # noqa: E402
from claims.models import Claim, Event  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "11"))
COMMON_WORD, RARE_WORD = "kalo", "fefeze"
SEARCH_SAMPLE = 40  # random words of each kind, each searched once, cold


def event_of_about(claims):
    """The generated event whose claim count is nearest the given one (two queries)."""
    events = (
        Event.objects.exclude(slug=BENCH_EVENT)
        .annotate(claims=Count("questions__claims"))
        .filter(claims__range=(claims - 5, claims + 5))
        .values_list("slug", "claims")[:50]
    )
    return min(events, key=lambda event: abs(event[1] - claims))


def pages():
    """The pages the benchmark measures, by name: their paths on the generated data."""
    claim = Claim.objects.order_by("id").first()
    small_event, small_claims = event_of_about(45)
    return {
        "home": "/",
        "event comparison (30 sources × 50 questions)": "/events/event-1/",
        "event comparison (30 × 50), page 3": "/events/event-1/?page=3",
        f"event comparison ({small_claims} claims)": f"/events/{small_event}/",
        "source page": "/sources/source-17/",
        "claim browser": "/claims/",
        "claim browser, filtered": "/claims/?stance=denies&source_kind=government",
        "claim browser, last page": "/claims/?page=last",
        f"claim browser, search common word ({COMMON_WORD})": f"/claims/?q={COMMON_WORD}",
        f"claim browser, search rare word ({RARE_WORD})": f"/claims/?q={RARE_WORD}",
        "claim page": f"/claims/{claim.pk}/",
    }


def api_paths(client):
    """The API's reads the benchmark measures: lists (first and a later cursor page) and one
    event's comparison."""
    first = json.loads(client.get("/api/claims/").content)
    return {
        "events": "/api/events/",
        "event comparison (30 × 50)": "/api/events/event-1/comparison/",
        "claims": "/api/claims/",
        "claims, next cursor page": first["next"].removeprefix("http://testserver"),
        "claims, filtered": "/api/claims/?stance=denies&source_kind=government",
        "claim": f"/api/claims/{first['results'][0]['id']}/",
        "sources": "/api/sources/",
        "questions": "/api/questions/",
        "articles": "/api/articles/",
    }


def measure_api(client, path):
    """The API is not page-cached: every request is cold."""
    times, queries, size = timed_requests(client, path, cold=True)
    return {"path": path, "bytes": size, **median_and_p95(times), "queries": queries}


def median_and_p95(times, prefix=""):
    return {
        f"{prefix}median_ms": round(statistics.median(times), 2),
        f"{prefix}p95_ms": round(percentile(times, 0.95), 2),
    }


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed_requests(client, path, cold):
    """Server times of REPEATS requests; cold ones find the page cache empty.

    The queries are counted in a request of their own: capturing them (Django's debug cursor
    keeps every statement) slows each query, so no timed request runs under the capture.
    """
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    queries = len(captured.captured_queries)
    times = []
    for _ in range(REPEATS):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times, queries, len(response.content)


def measure_page(client, path):
    client.get(path)  # open the connection, fill the page cache
    warm, warm_queries, _ = timed_requests(client, path, cold=False)
    cold, cold_queries, size = timed_requests(client, path, cold=True)
    return {
        "path": path,
        "bytes": size,
        **median_and_p95(warm),
        "queries": warm_queries,
        **median_and_p95(cold, prefix="cold_"),
        "cold_queries": cold_queries,
    }


def consume(chunks):
    size = rows = 0
    for chunk in chunks:
        size += len(chunk.encode("utf-8"))
        rows += chunk.count("\n")
    return size, rows


def measure_export(name, chunks_of):
    """Timed in one pass, and its memory traced in another (tracing slows Python down)."""
    started = time.perf_counter()
    size, rows = consume(chunks_of(Claim.objects.all()))
    seconds = time.perf_counter() - started
    tracemalloc.start()
    consume(chunks_of(Claim.objects.all()))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "format": name,
        "megabytes": round(size / 1e6, 2),
        "seconds": round(seconds, 3),
        "mb_per_s": round(size / 1e6 / seconds, 2),
        "lines_per_s": round(rows / seconds),
        "peak_python_memory_mb": round(peak / 1e6, 2),
    }


COPY_SQL = """
COPY (
    SELECT c.slug, e.slug, q.text, s.name, s.kind, c.speaker_name, c.speaker_role, c.via,
           c.stance, c.summary, c.quote, f.qualifier, f.low, f.high, m.unit, m.counted, f.place,
           f.period, f.period_start, f.period_end, c.stated_on, c.stated_when, a.title,
           a.outlet, a.url, c.retracted_on, c.retraction_reason, q.slug, s.slug, a.slug
    FROM claims_claim c
    JOIN claims_question q ON q.id = c.question_id
    JOIN claims_event e ON e.id = q.event_id
    JOIN claims_source s ON s.id = c.source_id
    LEFT JOIN claims_article a ON a.id = c.article_id
    LEFT JOIN claims_figure f ON f.claim_id = c.id
    LEFT JOIN claims_measure m ON m.id = f.measure_id
    WHERE c.retracted_on IS NULL
    -- the export's order: a dump in any order would skip the sort the export pays for
    ORDER BY e.slug, q.position, q.id, c.id, f.position, f.id
) TO STDOUT WITH CSV HEADER
"""


def measure_copy():
    """PostgreSQL's own CSV dump of the same rows: the ceiling an export is compared with."""
    size = 0
    with connection.cursor() as cursor:
        started = time.perf_counter()
        with cursor.cursor.copy(COPY_SQL) as copy:
            for data in copy:
                size += len(data)
        seconds = time.perf_counter() - started
    return {"megabytes": round(size / 1e6, 2), "seconds": round(seconds, 3),
            "mb_per_s": round(size / 1e6 / seconds, 2)}  # fmt: skip


def search_words():
    """Words of the generator's vocabulary: the commonest, and the rarest that occur."""
    words = vocabulary()
    return {"common": words[:SEARCH_SAMPLE], "rare": words[-SEARCH_SAMPLE:]}


def measure_searches(client):
    """Each word searched once, cold: server times over many different searches."""
    measured = {}
    for kind, words in search_words().items():
        times = []
        for word in words:
            cache.clear()
            started = time.perf_counter()
            response = client.get("/claims/", {"q": word})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (word, response.status_code)
        measured[kind] = {
            "words": len(words),
            "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(percentile(times, 0.95), 2),
            "max_ms": round(max(times), 2),
        }
    return measured


def main():
    client = Client()
    results = {
        "claims": Claim.objects.count(),
        "max_claim_id": Claim.objects.order_by("-id").values_list("id", flat=True).first(),
        # The generator numbers its events from 1: the load test asks only for those that exist.
        "generated_events": Event.objects.filter(slug__startswith="event-").count(),
        "search_words": search_words(),
        "database": connection.vendor,
        "pages": {name: measure_page(client, path) for name, path in pages().items()},
        "searches": measure_searches(client),
        "api": {name: measure_api(client, path) for name, path in api_paths(client).items()},
        "exports": [measure_export("csv", stream_csv), measure_export("json", stream_document)],
    }
    if connection.vendor == "postgresql":
        results["copy"] = measure_copy()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
