"""How long a web server process's first request of each kind of page takes, against the
same page asked again, with what the process loads before its first request
(claimtracker/preload.py) and without it.

    python bench/first_requests.py --claims 1000000 [--database postgresql] [--write]

Each round starts gunicorn with one worker (so every first request lands on a fresh process),
page cache off, and asks each page once, then five times more, one request at a time over
HTTP; the two servers take turns, twice. The server without the preload is the same app with
`load_what_requests_share()` made to do nothing (bench/without_preload.py). With --write the
section of BENCHMARKS.md is replaced by this run's.
"""

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent))
import load  # noqa: E402 (bench/load.py, beside this file)
import run  # noqa: E402
from paired import APP, facts_of, single_requests  # noqa: E402
from report import show_section  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 2
AGAIN = 5
HEADING = "## A server process's first requests"
SERVERS = {
    "as it runs now": ["claimtracker.wsgi"],
    "without the preload": ["-c", "bench/without_preload.py", "claimtracker.wsgi"],
}


def pages(facts):
    return {
        "event of ~45 claims": f"/events/{facts['small_event']}/",
        "event 50 × 30": f"/events/{facts['big_event']}/",
        "claim page": f"/claims/{facts['claim_ids'][0]}/",
        "search": f"/claims/?q={facts['words']['rare'][0]}",
        "claim browser": "/claims/",
    }


def measure_server(url, server, paths):
    started = time.perf_counter()
    process = subprocess.Popen(
        [run.PYTHON, "-m", "gunicorn", *SERVERS[server], "--workers", "1",
         "--bind", f"127.0.0.1:{run.PORT}", "--log-level", "warning"],
        cwd=ROOT, env=run.environment(url, PAGE_CACHE_MEGABYTES="0"),
    )  # fmt: skip
    try:
        if not load.wait_until_serving(run.PORT):
            raise RuntimeError("gunicorn did not start")
        measured = {"start_ms": round((time.perf_counter() - started) * 1000)}
        for kind, path in paths.items():
            first, *again = single_requests(APP, [path] * (1 + AGAIN))
            measured[kind] = (round(first, 1), round(statistics.median(again), 1))
        return measured
    finally:
        process.terminate()
        process.wait()


def markdown(results):
    kinds = [kind for kind in results["runs"][0]["pages"] if kind != "start_ms"]
    lines = [
        HEADING,
        "",
        f"`{results['command']}` on {results['date']} ({results['claims']:,} claims, "
        f"{results['database']}). Gunicorn with one worker, page cache off; each cell: the "
        "process's first request of the page / the median of the next five, in ms. Each row "
        "is a fresh server; the two take turns. *Start*: from launching the server until it "
        "answered /healthz.",
        "",
        "| server | start, ms | " + " | ".join(kinds) + " |",
        "|---|---|" + "---|" * len(kinds),
    ]
    for each in results["runs"]:
        measured = each["pages"]
        cells = [f"{measured[kind][0]} / {measured[kind][1]}" for kind in kinds]
        lines.append(f"| {each['server']} | {measured['start_ms']:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--database", default="postgresql", choices=["sqlite", "postgresql"])
    parser.add_argument("--write", action="store_true")
    arguments = parser.parse_args()
    url = run.database_url(arguments.database, arguments.claims)
    run.prepare(url, arguments.claims)
    facts = facts_of(url)
    paths = pages(facts)
    runs = []
    for number in range(ROUNDS):
        order = list(SERVERS) if number % 2 == 0 else list(reversed(SERVERS))
        for server in order:
            runs.append({"server": server, "pages": measure_server(url, server, paths)})
            print(server, runs[-1]["pages"], flush=True)
    results = {
        "command": " ".join(["python", "bench/first_requests.py", *sys.argv[1:]]),
        "date": time.strftime("%Y-%m-%d"),
        "claims": facts["claims"],
        "database": facts["database"],
        "runs": runs,
    }
    show_section(markdown(results), arguments.write)


if __name__ == "__main__":
    main()
