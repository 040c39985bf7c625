"""Import throughput, measured twice in one run: `manage.py import_claims` of a 10,000-claim
export, JSON and CSV, into an empty SQLite file and an empty PostgreSQL database.

    python bench/imports.py

The export is of the generated 10,000-claim benchmark data (made first if missing, as
bench/run.py makes it). Each import is timed from the command's start to its end, process
start-up and the verdicts worked out at commit included. Adds the figures to bench/results.json
and rewrites BENCHMARKS.md.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

import load  # bench/load.py
from report import rewrite  # bench/report.py
from run import PYTHON, RESULTS, ROOT, database_url, environment, import_database_url, prepare

CLAIMS = 10_000
ROUNDS = 2


def measure_rounds(source):
    """The import throughput, ROUNDS times over, from the claims of the `source` database."""
    rounds = []
    for number in range(1, ROUNDS + 1):
        print(f"== imports, round {number} of {ROUNDS}", flush=True)
        measured = load.measure_imports(PYTHON, environment, import_database_url, source)
        print(json.dumps(measured, indent=1), flush=True)
        rounds.append(measured)
    return {
        "command": "python bench/imports.py",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "rounds": rounds,
    }


def main():
    source = database_url("sqlite", CLAIMS)
    if not Path(source.removeprefix("sqlite:///")).exists():
        prepare(source, CLAIMS)
    measured = measure_rounds(source)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["imports"] = measured
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    rewrite(ROOT / "BENCHMARKS.md", results)
    print(f"Wrote {RESULTS} and BENCHMARKS.md")


if __name__ == "__main__":
    main()
