"""Load from many different URLs, Datasette on the same rows, and import throughput.

Used by bench/run.py. wrk picks each request's path at random from a list (bench/paths.lua), so
under load nearly every request is a first visit; with the page cache switched off
(PAGE_CACHE_MEGABYTES=0: no page is small enough to keep) every one is.
"""

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
LUA = ROOT / "bench" / "paths.lua"
WRK_SECONDS = 5
WRK_THREADS = 2
WRK_CONNECTIONS = 8
WRK_TIMEOUT_SECONDS = 60
PATHS_PER_LIST = 2000
DATASETTE_PORT = 8766
DATASETTE_VENV = DATA / "datasette-venv"  # the benchmark's own environment, not the project's
DATASETTE_VERSION = "0.65.5"
SOURCES = 200  # as claims/generator.py makes them


def wait_until_serving(port, attempts=100):
    """Wait for an app server on the port to answer /healthz; False if it never does."""
    for _ in range(attempts):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return True
        except OSError:
            time.sleep(0.2)
    return False


def wrk(port, paths, seconds=WRK_SECONDS, connections=WRK_CONNECTIONS, host=None):
    """Requests/s, latency median and p95 (ms) and errors, each request a random path."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    try:
        output = subprocess.run(
            # A slow answer is timed, not dropped: wrk's own timeout (2 s) would count it as an
            # error on a busy machine and leave the rate and latencies without it.
            ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "-s", str(LUA),
             "--timeout", f"{WRK_TIMEOUT_SECONDS}s",
             "-H", "Accept-Encoding: gzip", *(["-H", f"Host: {host}"] if host else []),
             f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True,
            env={**os.environ, "PATHS": listing.name},
        ).stdout  # fmt: skip
    finally:
        os.unlink(listing.name)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": round(float(re.search(r"p50_us=([\d.]+)", output).group(1)) / 1000, 1),
        "p95_ms": round(float(re.search(r"p95_us=([\d.]+)", output).group(1)) / 1000, 1),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in errors.groups()) if errors else 0),
    }


def cold_paths(events, max_claim_id, words, seed=1):
    """Lists of random first-visit paths on the generated data, by kind: only events that
    exist (the generator's "event-1" to "event-<events>")."""
    rng = random.Random(seed)

    def browser():
        if rng.random() < 0.5:
            return f"/claims/?source=source-{rng.randint(1, SOURCES)}&page={rng.randint(1, 20)}"
        return f"/claims/?event=event-{rng.randint(2, events)}&page={rng.randint(1, 3)}"

    return {
        "claim browser, random source or event and page": [
            browser() for _ in range(PATHS_PER_LIST)
        ],
        "claim page, random id": [
            f"/claims/{rng.randint(1, max_claim_id)}/" for _ in range(PATHS_PER_LIST)
        ],
        "search, random common word": [
            f"/claims/?q={rng.choice(words['common'])}" for _ in range(PATHS_PER_LIST)
        ],
        "search, random rare word": [
            f"/claims/?q={rng.choice(words['rare'])}" for _ in range(PATHS_PER_LIST)
        ],
        "event comparison 30 × 50, random page": [
            f"/events/event-1/?page={rng.randint(1, 5)}" for _ in range(PATHS_PER_LIST)
        ],
    }


def mixed(lists, seed=2):
    rng = random.Random(seed)
    return [rng.choice(paths) for paths in lists.values() for _ in range(PATHS_PER_LIST // 5)]


def measure_cold_mix(port, events, max_claim_id, words):
    lists = cold_paths(events, max_claim_id, words)
    measured = {name: wrk(port, paths) for name, paths in lists.items()}
    measured["all of the above, mixed"] = wrk(port, mixed(lists))
    return measured


# Datasette ----------------------------------------------------------------------------------


def datasette_command():
    """Datasette in the benchmark's own virtual environment, installed on first use."""
    executable = DATASETTE_VENV / "bin" / "datasette"
    if not executable.exists():
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
        subprocess.run(
            [str(DATASETTE_VENV / "bin" / "pip"), "install", "--quiet",
             f"datasette=={DATASETTE_VERSION}"],
            check=True,
        )  # fmt: skip
    return str(executable)


def datasette_metadata(sqlite_file):
    """Datasette's metadata for the claims table: its full-text index is claims_claim_search.
    Datasette finds an FTS table by itself only when its SQL names the table it indexes in
    double quotes or brackets (migration 0016 writes content='claims_claim'); without this,
    `?_search=` was ignored and every search was the whole table, counted (3.2 s a request)."""
    database = Path(sqlite_file).stem
    path = DATA / f"datasette-{database}.json"
    tables = {"claims_claim": {"fts_table": "claims_claim_search", "fts_pk": "id"}}
    path.write_text(json.dumps({"databases": {database: {"tables": tables}}}))
    return path


def start_datasette(sqlite_file):
    process = subprocess.Popen(
        [datasette_command(), "serve", str(sqlite_file), "--port", str(DATASETTE_PORT),
         "--host", "127.0.0.1", "--setting", "sql_time_limit_ms", "5000",
         "--metadata", str(datasette_metadata(sqlite_file))],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{DATASETTE_PORT}/-/versions.json", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("Datasette did not start")


def datasette_paths(database, max_claim_id, seed=1):
    """The claim browser's equivalent: claims filtered by source, a keyset page after an id."""
    rng = random.Random(seed)
    return [
        f"/{database}/claims_claim?source_id={rng.randint(1, SOURCES)}"
        f"&_next={rng.randint(1, max_claim_id)}&_size=25"
        for _ in range(PATHS_PER_LIST)
    ]


def download_rate(url):
    """MB/s of reading a whole response."""
    started = time.perf_counter()
    size = 0
    with urllib.request.urlopen(url, timeout=3600) as response:
        while chunk := response.read(1 << 20):
            size += len(chunk)
    seconds = time.perf_counter() - started
    return {"megabytes": round(size / 1e6, 2), "seconds": round(seconds, 3),
            "mb_per_s": round(size / 1e6 / seconds, 2)}  # fmt: skip


def measure_datasette(sqlite_file, max_claim_id):
    """Datasette serving the SQLite benchmark database: a table with its foreign keys."""
    database = Path(sqlite_file).stem
    process = start_datasette(sqlite_file)
    try:
        facets_url = (
            f"http://127.0.0.1:{DATASETTE_PORT}/{database}/claims_claim.json"
            "?_facet=source_id&_facet=stance&_size=0"
        )
        try:
            with urllib.request.urlopen(facets_url, timeout=60) as response:
                facet_note = f"answered ({response.status})"
        except urllib.error.HTTPError as error:
            facet_note = f"failed ({error.code})"
        return {
            "version": DATASETTE_VERSION,
            "browser": wrk(DATASETTE_PORT, datasette_paths(database, max_claim_id)),
            "facets_source_and_stance": facet_note,
            "csv": download_rate(
                f"http://127.0.0.1:{DATASETTE_PORT}/{database}/claims_claim.csv"
                "?_stream=on&_labels=on&_size=max"
            ),
        }
    finally:
        process.terminate()
        process.wait()


# Imports ------------------------------------------------------------------------------------


def measure_imports(python, environment_for, database_url_for, source_url):
    """Claims/s of `manage.py import_claims` of a 10,000-claim export, JSON and CSV, into an
    empty database (for the CSV, one holding the claims' events and sources): every rule
    checked and history written, as any import."""
    DATA.mkdir(parents=True, exist_ok=True)
    exports = {}
    for extension in ("json", "csv"):
        exported = DATA / f"import-sample.{extension}"
        if not exported.exists():
            with exported.open("w") as out:
                subprocess.run(
                    [python, "-c", EXPORT_SCRIPT, extension], cwd=ROOT,
                    env=environment_for(source_url), stdout=out, check=True,
                )  # fmt: skip
        exports[extension] = exported
    measured = {}
    for database in ("sqlite", "postgresql"):
        for extension, exported in exports.items():
            url = database_url_for(database, "import")
            if database == "sqlite":
                Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
            else:
                reset_postgresql_database(url)
            subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT,
                           env=environment_for(url), check=True)  # fmt: skip
            if extension == "csv":  # a CSV holds claims only: their events and sources first
                subprocess.run(
                    [python, "manage.py", "import_claims", str(skeleton(exports["json"])),
                     "--quiet-progress"],
                    cwd=ROOT, env=environment_for(url), check=True, stdout=subprocess.DEVNULL,
                )  # fmt: skip
            started = time.monotonic()
            subprocess.run(
                [python, "manage.py", "import_claims", str(exported), "--quiet-progress"],
                cwd=ROOT, env=environment_for(url), check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            seconds = time.monotonic() - started
            claims = int(subprocess.run(
                [python, "-c", COUNT_SCRIPT], cwd=ROOT, env=environment_for(url),
                capture_output=True, text=True, check=True,
            ).stdout)  # fmt: skip
            measured[f"{database}, {extension}"] = {
                "claims": claims,
                "seconds": round(seconds, 1),
                "claims_per_s": round(claims / seconds),
            }
    return measured


def skeleton(document):
    """The interchange document without its claims: its sources, articles, events, questions."""
    bare = document.with_name("import-skeleton.json")
    if not bare.exists():
        data = json.loads(document.read_text())
        for event in data["events"]:
            event["claims"] = []
        bare.write_text(json.dumps(data))
    return bare


def reset_postgresql_database(url):
    server, name = url.rsplit("/", 1)
    subprocess.run(["psql", f"{server}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"],
                   check=True)  # fmt: skip
    subprocess.run(["psql", f"{server}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)


SETUP = (
    "import os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'claimtracker.settings');"
    "import django; django.setup();"
)
EXPORT_SCRIPT = SETUP + (
    "from claims.interchange import stream_csv, stream_document;"
    "from claims.models import Claim;"
    "stream = stream_csv if sys.argv[1] == 'csv' else stream_document;"
    "[sys.stdout.write(chunk) for chunk in stream(Claim.objects.all())]"
)
COUNT_SCRIPT = SETUP + "from claims.models import Claim; print(Claim.objects.count())"
