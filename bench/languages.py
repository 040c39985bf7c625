"""What the second interface language costs: the same pages, cold, in English and in Arabic, and
in English against an earlier commit of the app.

    python bench/languages.py --claims 10000 [--baseline COMMIT]

Generates fictional data once (bench/data/languages-<claims>.sqlite3), then times each page
uncached (the page cache cleared before every request) in a child process per code tree and
language, alternating, and reports medians and ratios to English on this tree. With
--baseline, the earlier commit is checked out in a temporary worktree and measured on the same
database (it reads the tables it knows). Appends its table to BENCHMARKS.md.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from report import show_section  # bench/report.py

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
PAGES = {
    "event comparison (30 × 50)": "/events/event-1/",
    "source page": "/sources/source-17/",
    "claim browser": "/claims/",
    "claim browser, search": "/claims/?q=kalo",
    "claim page": "/claims/1/",
}
ROUNDS = 5
REQUESTS_PER_ROUND = 5

# Run in the child: time each page in one language, cold, and print the times as JSON.
CHILD = """
import json, os, sys, time
sys.path.insert(0, os.getcwd())
os.environ["DJANGO_SETTINGS_MODULE"] = "claimtracker.settings"
import django
django.setup()
from django.core.cache import cache
from django.test import Client
paths, language, repeats = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3])
client = Client(HTTP_ACCEPT_LANGUAGE=language)
times = {}
for name, path in paths.items():
    client.get(path)  # warm the process, not the page
    times[name] = []
    for _ in range(repeats):
        cache.clear()
        start = time.perf_counter()
        response = client.get(path)
        times[name].append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
print(json.dumps(times))
"""


def environment(database):
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "",
        "SECRET_KEY": "benchmark-only",
        "ALLOWED_HOSTS": "testserver",
    }


def generate(claims):
    database = DATA / f"languages-{claims}.sqlite3"
    if not database.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        for command in (["migrate", "--noinput"], ["generate_claims", "--claims", str(claims)]):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=environment(database),
                check=True,
                stdout=subprocess.DEVNULL,
            )
    return database


def measure(tree, database, language):
    result = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(PAGES), language, str(REQUESTS_PER_ROUND)],
        cwd=tree,
        env=environment(database),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"{tree} ({language}) failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=10000)
    parser.add_argument("--baseline", help="an earlier commit to measure in English")
    options = parser.parse_args()
    database = generate(options.claims)
    runs = {"en": ROOT, "ar": ROOT}
    with tempfile.TemporaryDirectory() as scratch:
        if options.baseline:
            baseline = Path(scratch) / "baseline"
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(baseline), options.baseline],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            runs["en, " + options.baseline[:7]] = baseline
        times = {run: {name: [] for name in PAGES} for run in runs}
        try:
            for _ in range(ROUNDS):  # alternating, so a noisy minute hits every run alike
                for run, tree in runs.items():
                    for name, values in measure(tree, database, run.split(",")[0]).items():
                        times[run][name] += values
        finally:
            if options.baseline:
                subprocess.run(["git", "worktree", "remove", "--force", str(baseline)], cwd=ROOT)
    report(options, times)


def report(options, times):
    medians = {
        run: {name: statistics.median(values) * 1000 for name, values in pages.items()}
        for run, pages in times.items()
    }
    runs = list(medians)
    command = f"python bench/languages.py --claims {options.claims}" + (
        f" --baseline {options.baseline}" if options.baseline else ""
    )
    lines = [
        "",
        f"## The interface in two languages ({options.claims:,} claims, SQLite)",
        "",
        f"`{command}`, {datetime.now(UTC):%Y-%m-%d}: each page uncached, "
        f"{ROUNDS * REQUESTS_PER_ROUND} requests per run in {ROUNDS} alternating rounds; "
        "median milliseconds, and the ratio to English on this code.",
        "",
        "| page | " + " | ".join(runs) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    for name in PAGES:
        english = medians["en"][name]
        cells = [
            f"{medians[run][name]:.1f}"
            + ("" if run == "en" else f" (×{medians[run][name] / english:.2f})")
            for run in runs
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    text = "\n".join(lines) + "\n"
    show_section(text, write=True)  # in place of this section's last run


if __name__ == "__main__":
    main()
