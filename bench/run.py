"""The claim tracker's benchmark: one command measures everything and rewrites BENCHMARKS.md.

    python bench/run.py --claims 10000 100000 --databases sqlite postgresql

For each database and size it generates fictional data (once; kept under bench/data/ and in
PostgreSQL databases named claimtracker_bench_<size>), then measures in-process page times,
query counts and exports (bench/measure.py), and requests per second under gunicorn with wrk,
each page as a ratio to the trivial /healthz view measured in the same run. With --restart-test
it restarts PostgreSQL while gunicorn is under load and counts errors before and after recovery.
bench/README.md says what every number means.
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import load  # bench/load.py, beside this file
from cluster import measure_cluster  # bench/cluster.py

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
PYTHON = sys.executable
POSTGRES = "postgres://postgres@127.0.0.1:5432"
PORT = 8765
RESULTS = ROOT / "bench" / "results.json"
WORKERS = 4
WRK_SECONDS = load.WRK_SECONDS


def machine():
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def database_url(database, claims):
    if database == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DATA / f'bench-{claims}.sqlite3'}"
    name = f"claimtracker_bench_{claims}"
    exists = subprocess.run(
        [
            "psql",
            POSTGRES + "/postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{name}'",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(
            ["psql", POSTGRES + "/postgres", "-c", f"CREATE DATABASE {name}"], check=True
        )
    return f"{POSTGRES}/{name}"


def environment(url, **extra):
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-key"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "CONN_MAX_AGE": "600",  # as deploy/production.env.example
        **extra,
    }


def manage(url, *arguments):
    subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=environment(url), check=True)


def prepare(url, claims):
    manage(url, "migrate", "--noinput", "-v0")
    started = time.monotonic()
    manage(url, "generate_claims", "--claims", str(claims))
    generated = round(time.monotonic() - started, 1)
    if url.startswith("postgres"):
        # What autovacuum does on a production server, where this one may have it off: the
        # visibility map that lets index-only scans skip the table, and fresh statistics.
        subprocess.run(["psql", url, "-qc", "VACUUM ANALYZE"], check=True)
    return generated


def start_gunicorn(url, **settings):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "claimtracker.wsgi", "--workers", str(WORKERS),
         "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning",
         # An export of every claim takes minutes: its worker is busy, not stuck.
         "--timeout", "3600"],
        cwd=ROOT, env=environment(url, **settings),
    )  # fmt: skip
    # A server still starting may accept and not answer within the second: asked again.
    if load.wait_until_serving(PORT):
        return process
    process.kill()
    raise RuntimeError("gunicorn did not start")


def requests_per_second(path):
    output = subprocess.run(
        # As a browser does, the load generator accepts gzip.
        [
            "wrk",
            f"-t{load.WRK_THREADS}",
            f"-c{load.WRK_CONNECTIONS}",
            f"-d{WRK_SECONDS}s",
            "-H",
            "Accept-Encoding: gzip",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise RuntimeError(f"{path}: {non_2xx.group(1)} error responses under load")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def measure_under_gunicorn(url, pages):
    process = start_gunicorn(url)
    try:
        trivial = requests_per_second("/healthz")
        ratios = {}
        for name, page in pages.items():
            rps = requests_per_second(page["path"])
            ratios[name] = {"rps": rps, "ratio_to_trivial": round(rps / trivial, 3)}
        return {"trivial_rps": trivial, "pages": ratios}
    finally:
        process.terminate()
        process.wait()


def measure_cold_under_gunicorn(url, measured):
    """Random first-visit URLs with the page cache off: no page is small enough to keep."""
    process = start_gunicorn(url, PAGE_CACHE_MEGABYTES="0")
    try:
        trivial = requests_per_second("/healthz")
        mix = load.measure_cold_mix(
            PORT, measured["generated_events"], measured["max_claim_id"], measured["search_words"]
        )
        for result in mix.values():
            result["ratio_to_trivial"] = round(result["rps"] / trivial, 3)
        return {"trivial_rps": trivial, "pages": mix}
    finally:
        process.terminate()
        process.wait()


def restart_test(url):
    """Restart PostgreSQL under load; the app must serve again without a restart of its own."""
    process = start_gunicorn(url)
    outcomes = []
    stop = threading.Event()

    def load():
        while not stop.is_set():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/events/event-1/", timeout=10):
                    outcomes.append((time.monotonic(), True))
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                outcomes.append((time.monotonic(), False))

    workers = [threading.Thread(target=load) for _ in range(4)]
    for worker in workers:
        worker.start()
    try:
        time.sleep(5)
        restart_began = time.monotonic()
        cluster = os.listdir("/etc/postgresql")[0]
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True
        )
        restart_ended = time.monotonic()
        time.sleep(10)
    finally:
        stop.set()
        for worker in workers:
            worker.join()
        process.terminate()
        process.wait()
    before = [ok for moment, ok in outcomes if moment < restart_began]
    during = [ok for moment, ok in outcomes if restart_began <= moment <= restart_ended + 1]
    after = [ok for moment, ok in outcomes if moment > restart_ended + 1]
    return {
        "requests_before": len(before),
        "errors_before": before.count(False),
        "requests_during_restart": len(during),
        "errors_during_restart": during.count(False),
        "requests_after_recovery": len(after),
        "errors_after_recovery": after.count(False),
    }


def import_database_url(database, name):
    if database == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DATA / f'bench-{name}.sqlite3'}"
    return f"{POSTGRES}/claimtracker_bench_{name}"


def run(databases, sizes, restart, imports, json_file=RESULTS, cluster=False):
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "command": " ".join(["python", "bench/run.py", *sys.argv[1:]]),
        # How the load was made, for the report to say (bench/report.py types no number).
        "load_settings": {
            "gunicorn_workers": WORKERS,
            "wrk_threads": load.WRK_THREADS,
            "wrk_connections": load.WRK_CONNECTIONS,
            "wrk_seconds": WRK_SECONDS,
        },
        "runs": [],
    }
    previous = json.loads(json_file.read_text()) if json_file.exists() else {}
    # bench/admin_import.py, bench/imports.py and bench/paired.py measure these; a run without
    # them keeps them.
    for key in ("admin_imports", "admin_import_command", "imports", "paired"):
        if key in previous:
            results[key] = previous[key]
    for database in databases:
        for claims in sizes:
            url = database_url(database, claims)
            print(f"== {database}, {claims:,} claims", flush=True)
            generation_seconds = prepare(url, claims)
            measured = json.loads(
                subprocess.run(
                    [PYTHON, "bench/measure.py"],
                    cwd=ROOT,
                    env=environment(url),
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout  # fmt: skip
            )
            measured["generation_seconds"] = generation_seconds
            measured["gunicorn"] = measure_under_gunicorn(url, measured["pages"])
            measured["cold_load"] = measure_cold_under_gunicorn(url, measured)
            if database == "sqlite":
                sqlite_file = url.removeprefix("sqlite:///")
                measured["datasette"] = load.measure_datasette(
                    sqlite_file, measured["max_claim_id"]
                )
            if restart and database == "postgresql" and claims == sizes[0]:
                measured["restart_test"] = restart_test(url)
            if cluster and database == "postgresql" and claims == sizes[-1]:
                print("== two app servers, Redis and PostgreSQL", flush=True)
                measured["cluster"] = measure_cluster(environment, url, measured)
            results["runs"].append(measured)
            print(json.dumps(measured, indent=1), flush=True)
            save(results, json_file)  # a run that fails later keeps what was measured
    if imports:
        print("== imports", flush=True)
        from imports import measure_rounds  # bench/imports.py, beside this file

        results["imports"] = measure_rounds(database_url("sqlite", sizes[0]))
        save(results, json_file)
    return results


def save(results, json_file):
    json_file.write_text(json.dumps(results, indent=2) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, nargs="+", default=[10_000])
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument("--json", type=Path, default=RESULTS)
    parser.add_argument("--restart-test", action="store_true")
    parser.add_argument("--markdown", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument(
        "--no-imports", action="store_true", help="Leave out the import throughput."
    )
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="Two app servers and Redis on PostgreSQL: saturation, then restarts under load.",
    )
    arguments = parser.parse_args()
    results = run(
        arguments.databases,
        arguments.claims,
        arguments.restart_test,
        not arguments.no_imports,
        arguments.json,
        arguments.cluster,
    )
    from report import rewrite  # bench/report.py, beside this file

    rewrite(arguments.markdown, results)
    print(f"Wrote {arguments.json} and {arguments.markdown}")


if __name__ == "__main__":
    main()
