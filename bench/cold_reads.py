"""Cold read pages in-process: median and slowest server time, the app's own CPU time (the
process's, which leaves out the database's: steadier than wall time on a busy machine), and
the SQL of one request with its time.

    DEBUG=1 DATABASE_URL=… python bench/cold_reads.py [PATH …]

With no paths, the claim browser by source at pages 1, 20 and 150 (the page's own links
followed there, and the bare number), by event, searches for a common and a rare word, a claim's
page and the 30 × 50 comparison. The page cache is emptied before every request.
"""

import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from claims.models import Claim, Event, Source  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "11"))
NEXT_LINK = re.compile(r'href="([^"]*)" rel="next"')


def followed(client, path, pages):
    """The path of page `pages` reached by following the page's own "Next" links."""
    for _ in range(pages - 1):
        found = NEXT_LINK.search(client.get(path).content.decode())
        if not found:
            break
        path = "/claims/" + found.group(1).replace("&amp;", "&")
    return path


def default_paths(client):
    source = Source.objects.annotate(said=Count("claims")).order_by("-said").values("slug").first()
    slug = source["slug"]
    event = Event.objects.annotate(said=Count("questions__claims")).filter(said__gte=40)
    small = event.order_by("said").values_list("slug", flat=True).first()
    claim = Claim.objects.order_by("id").values_list("pk", flat=True).first()
    return {
        "browser by source, page 1": f"/claims/?source={slug}",
        "browser by source, page 20 (number)": f"/claims/?source={slug}&page=20",
        "browser by source, page 20 (links)": followed(client, f"/claims/?source={slug}", 20),
        "browser by source, page 150 (number)": f"/claims/?source={slug}&page=150",
        "browser by event": f"/claims/?event={small}",
        "browser, all": "/claims/",
        "search common (kalo)": "/claims/?q=kalo",
        "search rare (fefeze)": "/claims/?q=fefeze",
        "claim page": f"/claims/{claim}/",
        "event 50 × 30": "/events/event-1/",
        f"event {small}": f"/events/{small}/",
    }


class Recorded(list):
    """The SQL a block runs, each with its time: (seconds, sql)."""

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.append((time.perf_counter() - started, sql))


def measure(client, path):
    cache.clear()
    captured = Recorded()
    with connection.execute_wrapper(captured):
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times, cpu = [], []
    for _ in range(REPEATS):
        cache.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    times.sort()
    return statistics.median(times), times[-1], statistics.median(cpu), captured


def main():
    client = Client()
    paths = {path: path for path in sys.argv[1:]} or default_paths(client)
    for name, path in paths.items():
        median, slowest_request, cpu, captured = measure(client, path)
        slowest = max((seconds for seconds, _ in captured), default=0)
        print(
            f"{name:38} {median:6.1f} ms (max {slowest_request:6.1f}) app CPU {cpu:5.1f} ms "
            f"{len(captured):3} q, database {sum(s for s, _ in captured) * 1000:5.1f} ms, "
            f"slowest {slowest * 1000:5.1f} ms   {path}"
        )
        if os.environ.get("SHOW_SQL"):
            for seconds, sql in captured:
                print(f"    {seconds * 1000:6.1f} {sql[:300]}")


if __name__ == "__main__":
    main()
