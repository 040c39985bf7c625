"""Two app servers, one Redis, one PostgreSQL: load at saturation, then PostgreSQL and Redis
each restarted under load.

    python bench/cluster.py --claims 1000000

adds these figures to the last run's bench/results.json and rewrites BENCHMARKS.md.

The benchmark starts a Redis of its own (port 6390, nothing kept on disk), so restarting it
touches nothing else; PostgreSQL is the machine's, restarted with pg_ctlcluster. Each server
gets half of the load; the URLs mix pages readers revisit (served from the shared cache) with
random first visits.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import load  # bench/load.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
REDIS_PORT = 6390
PORTS = (8781, 8782)
SATURATION_SECONDS = 60
CLIENTS = 8
HOST = "claims.example.org"  # as behind a load balancer: both servers answer one host


def redis_answers():
    ping = ["redis-cli", "-p", str(REDIS_PORT), "ping"]
    return subprocess.run(ping, capture_output=True).returncode == 0


def start_redis():
    process = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(50):
        if redis_answers():
            return process
        time.sleep(0.1)
    raise RuntimeError("Redis did not start")


def start_servers(environment):
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "claimtracker.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=environment,
        )  # fmt: skip
        for port in PORTS
    ]
    for port in PORTS:
        load.wait_until_serving(port)
    return servers


def mixed_paths(events, max_claim_id, words, seed=3):
    """Half revisits of a few popular pages, half random first visits."""
    rng = random.Random(seed)
    popular = ["/", "/events/event-1/", "/claims/", "/sources/", "/events/event-2/"]
    cold = load.mixed(load.cold_paths(events, max_claim_id, words, seed=seed))
    return [rng.choice(popular) if rng.random() < 0.5 else rng.choice(cold) for _ in range(4000)]


def saturation(paths, seconds=SATURATION_SECONDS):
    """Both servers under wrk at once; requests/s summed, errors counted."""
    results = []

    def run(port):
        results.append(load.wrk(port, paths, seconds=seconds, connections=CLIENTS // 2, host=HOST))

    threads = [threading.Thread(target=run, args=(port,)) for port in PORTS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "seconds": seconds,
        "rps": round(sum(result["rps"] for result in results), 1),
        "errors": sum(result["errors"] for result in results),
        "p95_ms": max(result["p95_ms"] for result in results),
    }


def under_load(paths, disturb, settle=10):
    """Clients load both servers; after 5 s `disturb()` runs; requests are counted before,
    during (until it returns, and one second more) and after, with their errors."""
    outcomes = []
    stop = threading.Event()

    def client(number):
        rng = random.Random(number)
        while not stop.is_set():
            port = PORTS[number % len(PORTS)]
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{rng.choice(paths)}", headers={"Host": HOST}
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    response.read()
                outcomes.append((time.monotonic(), True))
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                outcomes.append((time.monotonic(), False))

    clients = [threading.Thread(target=client, args=(number,)) for number in range(CLIENTS)]
    for thread in clients:
        thread.start()
    try:
        time.sleep(5)
        began = time.monotonic()
        disturb()
        ended = time.monotonic() + 1
        time.sleep(settle)
    finally:
        stop.set()
        for thread in clients:
            thread.join()
    phases = {
        "before": [ok for moment, ok in outcomes if moment < began],
        "during": [ok for moment, ok in outcomes if began <= moment <= ended],
        "after": [ok for moment, ok in outcomes if moment > ended],
    }
    return {
        "disturbance_seconds": round(ended - 1 - began, 1),
        **{f"requests_{name}": len(oks) for name, oks in phases.items()},
        **{f"errors_{name}": oks.count(False) for name, oks in phases.items()},
    }


def restart_postgresql():
    cluster = os.listdir("/etc/postgresql")[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True
    )


def measure_cluster(environment_for, database_url, measured):
    """The load and failure figures, with two app servers on the given data."""
    redis = start_redis()
    environment = {
        **environment_for(database_url),
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "ALLOWED_HOSTS": f"127.0.0.1,{HOST}",
    }
    servers = start_servers(environment)
    paths = mixed_paths(
        measured["generated_events"], measured["max_claim_id"], measured["search_words"]
    )
    results = {"servers": len(PORTS), "workers_each": 2}

    def restart_redis():
        nonlocal redis
        subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "shutdown", "nosave"],
                       capture_output=True)  # fmt: skip
        redis.wait()
        time.sleep(2)  # Redis away for two seconds
        redis = start_redis()

    try:
        results["saturation"] = saturation(paths)
        results["postgresql_restart"] = under_load(paths, restart_postgresql)
        results["redis_restart"] = under_load(paths, restart_redis)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait()
        redis.terminate()
        redis.wait()
    return results


def main():
    from report import rewrite
    from run import RESULTS, database_url, environment

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, required=True, help="a PostgreSQL size measured")
    arguments = parser.parse_args()
    results = json.loads(RESULTS.read_text())
    (measured,) = [
        run for run in results["runs"]
        if run["database"] == "postgresql"
        and abs(run["claims"] - arguments.claims) <= arguments.claims * 0.01
    ]  # fmt: skip
    measured["cluster"] = measure_cluster(
        environment, database_url("postgresql", arguments.claims), measured
    )
    results["cluster_command"] = " ".join(["python", "bench/cluster.py", *sys.argv[1:]])
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    rewrite(ROOT / "BENCHMARKS.md", results)
    print(json.dumps(measured["cluster"], indent=1))


if __name__ == "__main__":
    main()
