"""Every ratio paired: the app and its reference measured back to back, twice, in one run.

    python bench/paired.py --claims 1000000 --database postgresql

On a shared machine a rate measured minutes apart from its reference says more about the
neighbours than about the code, so each comparison here is made of two rounds, app then
reference in the first, reference then app in the second, on the same URL sets:

- the claim browser at a random source and a random page (1 to 200, as far as the source
  goes) against Datasette's keyset page of the claims table by the same source at the same
  depth (the same generated data in SQLite);
- a random published claim's page against /healthz on the same server;
- each of 40 common and 40 rare words searched once, one request at a time, against
  Datasette's full-text search of the same words; and the same words at random under load;
- the 30 × 50 event and an event of about 45 claims, one request at a time, beside /healthz;
- the CSV and the interchange JSON of every claim read over HTTP as a reader gets them
  (plain and gzipped), against an ordered COPY of the same rows, and the CSV against
  Datasette's streamed CSV of the claims table, in claims per second; the app server's
  resident memory sampled during each export.

The app runs under gunicorn with the page cache off; the results go under "paired" in
bench/results.json and BENCHMARKS.md is rewritten from them.
"""

import argparse
import json
import math
import random
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import zlib
from datetime import UTC, datetime
from pathlib import Path

import load  # bench/load.py, beside this file
import run  # bench/run.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
PORT = run.PORT
DATASETTE = f"http://127.0.0.1:{load.DATASETTE_PORT}"
APP = f"http://127.0.0.1:{PORT}"
ROUNDS = 2
SINGLE_REQUESTS = 11
MEMORY_SAMPLE_SECONDS = 0.05
READ_BYTES = 1 << 20


# The URL sets --------------------------------------------------------------------------------


def browser_paths(facts, sqlite_file, seed=3):
    """The same (source, depth) pairs as the claim browser's URLs and as Datasette's keyset
    pages: Datasette's next page starts after the last id of the page before."""
    rng = random.Random(seed)
    database = Path(sqlite_file).stem
    pages = {slug: count for slug, count in facts["browser_pages"].items() if count}
    per_page = facts["per_page"]
    with sqlite3.connect(f"file:{sqlite_file}?mode=ro", uri=True) as db:
        source_ids = dict(db.execute("SELECT slug, id FROM claims_source"))
        app, reference = [], []
        for _ in range(load.PATHS_PER_LIST):
            slug = rng.choice(sorted(pages))
            depth = rng.randint(1, pages[slug])
            app.append(f"/claims/?source={slug}&page={depth}")
            after = ""
            if depth > 1:
                (last_id,) = db.execute(
                    "SELECT id FROM claims_claim WHERE source_id = ? ORDER BY id LIMIT 1 OFFSET ?",
                    (source_ids[slug], (depth - 1) * per_page - 1),
                ).fetchone()
                after = f"&_next={last_id}"
            reference.append(
                f"/{database}/claims_claim?source_id={source_ids[slug]}{after}&_size={per_page}"
            )
    return app, reference


def search_paths(words, database, per_page, seed=4):
    """The same random words, common and rare alike, as our search and Datasette's."""
    rng = random.Random(seed)
    chosen = [rng.choice(words[rng.choice(sorted(words))]) for _ in range(load.PATHS_PER_LIST)]
    return (
        [f"/claims/?q={word}" for word in chosen],
        [f"/{database}/claims_claim?_search={word}&_size={per_page}" for word in chosen],
    )


# Measuring -----------------------------------------------------------------------------------


def paired(measure_app, measure_reference):
    """Two rounds, app first in the first and reference first in the second, so that a
    neighbour's burst falls on both sides alike."""
    rounds = []
    for number in range(ROUNDS):
        if number % 2 == 0:
            app = measure_app()
            reference = measure_reference()
        else:
            reference = measure_reference()
            app = measure_app()
        rounds.append({"app": app, "reference": reference})
    return rounds


def datasette_searches_for_real(database, word, claims):
    """Stops the run unless Datasette's `?_search=` finds fewer claims than the table holds: a
    search it ignores answers with the whole table, and would be timed as its search."""
    path = f"/{database}/claims_claim.json?_search={word}&_size=1"
    with urllib.request.urlopen(DATASETTE + path, timeout=600) as response:
        found = json.load(response)["filtered_table_rows_count"]
    if not found or found >= claims:
        raise RuntimeError(f"Datasette's search for {word!r} found {found} of {claims} claims")


def single_requests(base, paths):
    """Milliseconds of each request, one at a time, the whole body read."""
    times = []
    for path in paths:
        started = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=600) as response:
            response.read()
            assert response.status == 200, (path, response.status)
        times.append((time.perf_counter() - started) * 1000)
    return times


def timing_summary(times):
    return {
        "requests": len(times),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
    }


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


class MemorySampler:
    """The resident size (VmRSS) of a server's processes, the master and its workers, sampled
    while a download runs: the largest one before, and the largest seen during."""

    def __init__(self, pid):
        self.pid = pid
        self.peak = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def processes(self):
        try:
            children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        except OSError:
            children = []
        return [self.pid, *map(int, children)]

    def largest(self):
        sizes = []
        for pid in self.processes():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) * 1024)
            except OSError:
                pass
        return max(sizes, default=0)

    def sample(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, self.largest())
            time.sleep(MEMORY_SAMPLE_SECONDS)

    def __enter__(self):
        self.baseline = self.largest()
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def download(url, gzipped=False, claims=None, server_pid=None):
    """Read a whole export as a reader's client does, as it comes: megabytes of the file (after
    unpacking, when gzipped), seconds, MB/s, claims/s, and the server's memory."""
    request = urllib.request.Request(
        url, headers={"Accept-Encoding": "gzip" if gzipped else "identity"}
    )
    unpack = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
    size = sent = lines = 0
    sampler = MemorySampler(server_pid) if server_pid else None
    if sampler:
        sampler.__enter__()
    try:
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=7200) as response:
            assert response.status == 200, (url, response.status)
            assert (response.headers.get("Content-Encoding") == "gzip") == gzipped, url
            while chunk := response.read(READ_BYTES):
                sent += len(chunk)
                if unpack:
                    chunk = unpack.decompress(chunk)
                size += len(chunk)
                lines += chunk.count(b"\n")
        seconds = time.perf_counter() - started
    finally:
        if sampler:
            sampler.__exit__()
    measured = rates(size, seconds, claims)
    measured["lines"] = lines
    if gzipped:
        measured["sent_megabytes"] = round(sent / 1e6, 2)
    if sampler:
        measured["server_rss_baseline_mb"] = round(sampler.baseline / 1e6, 1)
        measured["server_rss_peak_mb"] = round(sampler.peak / 1e6, 1)
    return measured


def rates(size, seconds, claims):
    measured = {
        "megabytes": round(size / 1e6, 2),
        "seconds": round(seconds, 2),
        "mb_per_s": round(size / 1e6 / seconds, 2),
    }
    if claims is not None:
        measured["claims"] = claims
        measured["claims_per_s"] = round(claims / seconds)
    return measured


def ordered_copy(url, copy_sql, claims):
    """psql's COPY of the same rows in the same order, read from its output as it comes."""
    started = time.perf_counter()
    size = 0
    with subprocess.Popen(
        ["psql", url, "-qAtc", copy_sql], stdout=subprocess.PIPE
    ) as process:  # fmt: skip
        while chunk := process.stdout.read(READ_BYTES):
            size += len(chunk)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise RuntimeError("COPY failed")
    return rates(size, seconds, claims)


# The run -------------------------------------------------------------------------------------


def measure(url, sqlite_file, facts, seconds):
    database = Path(sqlite_file).stem
    app_paths, datasette_paths = browser_paths(facts, sqlite_file)
    claims = facts["exported_claims"]
    per_page = facts["per_page"]  # Datasette's pages as long as ours
    datasette_claims = sqlite_count(sqlite_file)
    results = {}
    server = run.start_gunicorn(
        url, PAGE_CACHE_MEGABYTES="0", EXPORT_IN_REQUEST_CLAIMS=str(10 * facts["claims"])
    )
    datasette = load.start_datasette(sqlite_file)
    datasette_searches_for_real(database, facts["words"]["rare"][0], datasette_claims)

    def wrk(base_port, paths):
        return lambda: load.wrk(base_port, paths, seconds=seconds)

    try:
        print("== claim browser and Datasette", flush=True)
        results["browser"] = paired(wrk(PORT, app_paths), wrk(load.DATASETTE_PORT, datasette_paths))
        print("== claim page and /healthz", flush=True)
        claim_paths = [f"/claims/{pk}/" for pk in facts["claim_ids"]]
        results["claim_page"] = paired(wrk(PORT, claim_paths), wrk(PORT, ["/healthz"]))
        print("== searches", flush=True)
        results["search"] = {}
        for kind, words in facts["words"].items():
            results["search"][kind] = paired(
                lambda words=words: timing_summary(
                    single_requests(APP, [f"/claims/?q={word}" for word in words])
                ),
                lambda words=words: timing_summary(
                    single_requests(
                        DATASETTE,
                        [
                            f"/{database}/claims_claim?_search={word}&_size={per_page}"
                            for word in words
                        ],
                    )
                ),
            )
        print("== searches under load", flush=True)
        app_searches, datasette_searches = search_paths(facts["words"], database, per_page)
        results["search_load"] = paired(
            wrk(PORT, app_searches), wrk(load.DATASETTE_PORT, datasette_searches)
        )
        print("== events", flush=True)
        results["events"] = {}
        for name, slug in (("30 × 50", facts["big_event"]), ("small", facts["small_event"])):
            results["events"][name] = paired(
                lambda slug=slug: timing_summary(
                    single_requests(APP, [f"/events/{slug}/"] * SINGLE_REQUESTS)
                ),
                lambda: timing_summary(single_requests(APP, ["/healthz"] * SINGLE_REQUESTS)),
            )
        print("== exports", flush=True)
        results["exports"] = {}
        for form in ("csv", "json"):
            for gzipped in (False, True):
                name = f"{form}{', gzip' if gzipped else ''}"
                print(f"   {name}", flush=True)

                def export(form=form, gzipped=gzipped):
                    return download(f"{APP}/claims/export.{form}", gzipped, claims, server.pid)

                if "copy_sql" in facts:

                    def reference():
                        return ordered_copy(url, facts["copy_sql"], claims)

                else:  # SQLite: Datasette's CSV is the only reference there is

                    def reference():
                        return datasette_csv(database, datasette_claims)

                results["exports"][name] = paired(export, reference)
        if "copy_sql" in facts:
            print("   csv and Datasette's csv", flush=True)
            results["exports"]["csv, Datasette"] = paired(
                lambda: download(f"{APP}/claims/export.csv", False, claims),
                lambda: datasette_csv(database, datasette_claims),
            )
    finally:
        for process in (server, datasette):
            process.terminate()
            process.wait()
    return results


def datasette_csv(database, claims):
    return download(
        f"{DATASETTE}/{database}/claims_claim.csv?_stream=on&_labels=on&_size=max", False, claims
    )


def sqlite_count(sqlite_file):
    with sqlite3.connect(f"file:{sqlite_file}?mode=ro", uri=True) as db:
        return db.execute("SELECT count(*) FROM claims_claim").fetchone()[0]


def facts_of(url):
    """What bench/paired_facts.py reads of the generated database at `url`."""
    output = subprocess.run(
        [run.PYTHON, "bench/paired_facts.py"], cwd=ROOT, env=run.environment(url),
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(output)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--database", default="postgresql", choices=["sqlite", "postgresql"])
    parser.add_argument("--seconds", type=int, default=load.WRK_SECONDS, help="Of each wrk run.")
    parser.add_argument("--json", type=Path, default=run.RESULTS)
    parser.add_argument("--markdown", type=Path, default=ROOT / "BENCHMARKS.md")
    arguments = parser.parse_args()
    started = time.monotonic()
    url = run.database_url(arguments.database, arguments.claims)
    sqlite_url = run.database_url("sqlite", arguments.claims)
    generation = {}
    for name, each_url in {arguments.database: url, "sqlite": sqlite_url}.items():
        generation[name] = run.prepare(each_url, arguments.claims)
    facts = facts_of(url)
    sqlite_file = sqlite_url.removeprefix("sqlite:///")
    measured = measure(url, sqlite_file, facts, arguments.seconds)
    results = json.loads(arguments.json.read_text()) if arguments.json.exists() else {}
    results["paired"] = {
        "command": " ".join(["python", "bench/paired.py", *sys.argv[1:]]),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": run.machine(),
        "database": facts["database"],
        "claims": facts["claims"],
        "exported_claims": facts["exported_claims"],
        "small_event_claims": facts["small_event_claims"],
        "rounds": ROUNDS,
        "load_settings": {
            "gunicorn_workers": run.WORKERS,
            "wrk_threads": load.WRK_THREADS,
            "wrk_connections": load.WRK_CONNECTIONS,
            "wrk_seconds": arguments.seconds,
            "datasette": load.DATASETTE_VERSION,
        },
        "generation_seconds": generation,
        "minutes": round((time.monotonic() - started) / 60, 1),
        **measured,
    }
    run.save(results, arguments.json)
    from report import rewrite  # bench/report.py, beside this file

    rewrite(arguments.markdown, results)
    print(f"Wrote {arguments.json} and {arguments.markdown}")


if __name__ == "__main__":
    main()
