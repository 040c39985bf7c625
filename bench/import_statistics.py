"""Searches right after a large import into an empty PostgreSQL database: with the planner's
statistics as the import leaves them (it runs ANALYZE, claims.bulk.analyze), against the same
import with that ANALYZE skipped, as imports ran before (where autovacuum is off, as on the
benchmark's machines, or has not yet come round to the tables).

    python bench/import_statistics.py [--claims 100000] [--write]

The file imported is the interchange JSON export of the generated data of that size (made first
if missing, in SQLite, as bench/run.py makes it). Two rounds, the two imports in turns: each
time the database is emptied and migrated, the file imported by `manage.py import_claims`, then
each of the 40 commonest and 40 rarest words of the generator's vocabulary searched once over
HTTP, one request at a time (gunicorn, page cache off), the same words every time. With --write
the section of BENCHMARKS.md is replaced by this run's.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

import load  # bench/load.py
import run  # bench/run.py
from paired import APP, facts_of, single_requests, timing_summary
from report import show_section

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 2
HEADING = "## Searching right after a large import"
# The import as it ran before: every row written, its ANALYZE never reached.
WITHOUT_ANALYZE = load.SETUP + (
    "from django.core.management import call_command;"
    "from claims.interchange import loading;"
    "loading.ANALYZED_FROM_ROWS = float('inf');"
    "call_command('import_claims', sys.argv[1], '--quiet-progress')"
)
IMPORTS = {
    "as it runs now": lambda file: ["manage.py", "import_claims", str(file), "--quiet-progress"],
    "its ANALYZE skipped": lambda file: ["-c", WITHOUT_ANALYZE, str(file)],
}


def exported(claims):
    """The interchange JSON of the generated data of `claims` claims, and the words searched
    (read from the generated data: every import is then searched alike)."""
    source = run.database_url("sqlite", claims)
    if not Path(source.removeprefix("sqlite:///")).exists():
        run.prepare(source, claims)
    document = load.DATA / f"import-statistics-{claims}.json"
    if not document.exists():
        with document.open("w") as out:
            subprocess.run(
                [run.PYTHON, "-c", load.EXPORT_SCRIPT, "json"], cwd=ROOT,
                env=run.environment(source), stdout=out, check=True,
            )  # fmt: skip
    return document, facts_of(source)["words"]


def imported(url, document, command):
    """Seconds to import `document` into an empty database at `url` with `command`."""
    load.reset_postgresql_database(url)
    environment = run.environment(url)
    subprocess.run([run.PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT,
                   env=environment, check=True)  # fmt: skip
    started = time.monotonic()
    subprocess.run([run.PYTHON, *command(document)], cwd=ROOT, env=environment, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return round(time.monotonic() - started, 1)


def planners_claims(url):
    """How many claims the planner believes there are (pg_class.reltuples)."""
    return float(subprocess.run(
        ["psql", url, "-tAc", "SELECT reltuples FROM pg_class WHERE relname = 'claims_claim'"],
        capture_output=True, text=True, check=True,
    ).stdout)  # fmt: skip


def searched(url, words):
    server = run.start_gunicorn(url, PAGE_CACHE_MEGABYTES="0")
    try:
        single_requests(APP, ["/healthz"] + [f"/claims/?q={word}" for word in words["common"][:3]])
        return {
            kind: timing_summary(single_requests(APP, [f"/claims/?q={word}" for word in listed]))
            for kind, listed in words.items()
        }
    finally:
        server.terminate()
        server.wait()


def markdown(results):
    lines = [
        HEADING,
        "",
        f"`{results['command']}` on {results['date']}: the generated data of that size "
        "imported into an empty PostgreSQL database, then each of 40 words searched once, one "
        "request at a time. Each row is one import; the two kinds take turns.",
        "",
        "| import | seconds | claims the planner believes there are | common words: "
        "median / p95 ms | rare words: median / p95 ms |",
        "|---|---|---|---|---|",
    ]
    for measured in results["runs"]:
        searches = measured["searches"]
        lines.append(
            f"| {measured['import']} | {measured['seconds']} | {measured['planners_claims']:,.0f}"
            f" | {searches['common']['median_ms']} / {searches['common']['p95_ms']}"
            f" | {searches['rare']['median_ms']} / {searches['rare']['p95_ms']} |"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--write", action="store_true")
    arguments = parser.parse_args()
    document, words = exported(arguments.claims)
    url = run.import_database_url("postgresql", "import")
    runs = []
    for number in range(ROUNDS):
        kinds = list(IMPORTS) if number % 2 == 0 else list(reversed(IMPORTS))
        for kind in kinds:
            seconds = imported(url, document, IMPORTS[kind])
            runs.append(
                {
                    "import": kind,
                    "seconds": seconds,
                    "planners_claims": planners_claims(url),
                    "searches": searched(url, words),
                }
            )
            print(runs[-1], flush=True)
    results = {
        "command": " ".join(["python", "bench/import_statistics.py", *sys.argv[1:]]),
        "date": time.strftime("%Y-%m-%d"),
        "claims": arguments.claims,
        "runs": runs,
    }
    section = markdown(results)
    show_section(section, arguments.write)


if __name__ == "__main__":
    main()
