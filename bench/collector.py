"""Time spent in Python's garbage collector per page, at each setting of how many new objects
wait for a collection (claimtracker/collector.py).

    python bench/collector.py --claims 1000000 [--database postgresql] [--write]

It reads the generated database's facts as bench/paired.py does (`paired_facts.py`), then
runs, for each threshold and twice in alternation, a fresh process that sets the collector
as the web server does, warms each kind of page up, and asks the test client for the claim
page, the claim browser, searches and the two event pages (cold: no page cache), timing every
collection with `gc.callbacks`. Each line: milliseconds of collecting a page on average, and the
longest single pause, which lands whole in one reader's request. With --write the section of
BENCHMARKS.md is replaced by this run's.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = [700, 10_000, 20_000, 50_000]
ROUNDS = 2
HEADING = "## The garbage collector"


def page_paths(facts, seed=1):
    """The pages measured, by kind: as many requests as make each kind take a few seconds."""
    rng = random.Random(seed)
    sources = list(facts["browser_pages"].items())
    words = facts["words"]["rare"] + facts["words"]["common"]
    return {
        "claim page": [f"/claims/{rng.choice(facts['claim_ids'])}/" for _ in range(300)],
        "claim browser": [
            f"/claims/?source={source}&page={rng.randint(1, pages)}"
            for source, pages in rng.sample(sources, 60)
        ],
        "search": [f"/claims/?q={word}" for word in words],
        "event of ~45 claims": [f"/events/{facts['small_event']}/"] * 40,
        "event 50 × 30": [f"/events/{facts['big_event']}/"] * 15,
    }


def measure_one(paths, threshold):
    """In this process: the collector set as the server sets it, then each kind's pages."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings")
    import gc

    import django

    django.setup()
    from django.test import Client

    from claimtracker.collector import set_aside_startup_objects

    client = Client()
    for urls in paths.values():
        for url in urls[:20]:
            client.get(url)
    pauses, started = [], [0.0]

    def timer(phase, info):
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses.append(time.perf_counter() - started[0])

    set_aside_startup_objects(threshold)
    gc.callbacks.append(timer)
    measured = {}
    for kind, urls in paths.items():
        pauses.clear()
        for url in urls:
            client.get(url)
        spent = sum(pauses)
        measured[kind] = {
            "ms_a_page": round(spent / len(urls) * 1000, 3),
            "longest_pause_ms": round(max(pauses, default=0) * 1000, 1),
        }
    return measured


def markdown(results):
    kinds = list(results["runs"][0]["pages"])
    lines = [
        HEADING,
        "",
        f"`{results['command']}` on {results['date']} ({results['claims']:,} claims, "
        f"{results['database']}). Each cell: milliseconds of collecting a page on average / the "
        "longest single collection, in ms. Each row is a fresh process; thresholds alternate.",
        "",
        "| new objects before a collection | " + " | ".join(kinds) + " |",
        "|---|" + "---|" * len(kinds),
    ]
    for run in results["runs"]:
        cells = [
            f"{run['pages'][kind]['ms_a_page']} / {run['pages'][kind]['longest_pause_ms']}"
            for kind in kinds
        ]
        lines.append(f"| {run['threshold']:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--database", default="postgresql", choices=["sqlite", "postgresql"])
    parser.add_argument("--thresholds", type=int, nargs="+", default=THRESHOLDS)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--pages-of", type=Path, help=argparse.SUPPRESS)  # one process's run
    arguments = parser.parse_args()
    if arguments.pages_of:
        paths = page_paths(json.loads(arguments.pages_of.read_text()))
        print(json.dumps(measure_one(paths, arguments.thresholds[0])))
        return

    sys.path.append(str(Path(__file__).resolve().parent))
    import run  # bench/run.py, beside this file
    from paired import facts_of
    from report import show_section

    url = run.database_url(arguments.database, arguments.claims)
    run.prepare(url, arguments.claims)
    environment = run.environment(url, PAGE_CACHE_MEGABYTES="0")
    facts = facts_of(url)
    facts_file = ROOT / "bench" / "data" / "collector-facts.json"
    facts_file.write_text(json.dumps(facts))
    runs = []
    for _ in range(ROUNDS):
        for threshold in arguments.thresholds:
            output = subprocess.run(
                [run.PYTHON, "bench/collector.py", "--pages-of", str(facts_file),
                 "--thresholds", str(threshold)],
                cwd=ROOT, env=environment, capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
            runs.append({"threshold": threshold, "pages": json.loads(output)})
            print(threshold, runs[-1]["pages"], flush=True)
    results = {
        "command": " ".join(["python", "bench/collector.py", *sys.argv[1:]]),
        "date": time.strftime("%Y-%m-%d"),
        "claims": facts["claims"],
        "database": facts["database"],
        "runs": runs,
    }
    section = markdown(results)
    show_section(section, arguments.write)


if __name__ == "__main__":
    main()
