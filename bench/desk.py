"""How long the desk takes to read long texts: suggestions, and the desk's page, by text size.

    python bench/desk.py [--baseline COMMIT] [--timeout SECONDS]

Generates fictional articles of 100 KB, 200 KB, 1 MB and 2.4 MB in three shapes (paragraphs of
sentences, as an article is; one paragraph of sentences; one paragraph with no full stop) and
times, in a child process per measurement:

- suggestions: `suggest_claims` over the whole text, as `manage.py suggest_claims FILE` runs;
- the desk page: a GET of the article's desk page (its first part, its suggestions, its rows)
  through Django's test client, on a throwaway in-memory database; the median of a few, after
  a first request for a short article has warmed the process.

With --baseline, the suggestions are also timed on an earlier commit, checked out in a temporary
worktree; a run that outlasts --timeout is reported as such. A benchmark, not a test: it
appends its table to BENCHMARKS.md.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report import show_section  # bench/report.py

ROOT = Path(__file__).resolve().parent.parent
DESK_PAGE_REPEATS = 3
SIZES = {"100 KB": 100_000, "200 KB": 200_000, "1 MB": 1_000_000, "2.4 MB": 2_400_000}
WORDS = [
    "the",
    "a",
    "of",
    "and",
    "river",
    "town",
    "bridge",
    "water",
    "road",
    "market",
    "school",
    "people",
    "report",
    "officials",
    "new",
    "old",
    "north",
    "south",
    "east",
    "west",
    "morning",
    "evening",
    "convoy",
    "shelter",
    "supplies",
    "crossing",
    "valley",
]

# Run in the child, in the tree being measured: time suggest_claims over one file.
SUGGESTIONS = """
import os, sys, time
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
import django
django.setup()
from desk.extraction import suggest_claims
text = open(sys.argv[1], encoding="utf-8").read()
started = time.perf_counter()
count = len(suggest_claims(text))
print(time.perf_counter() - started, count)
"""

# Run in the child: the desk page of one article, on an in-memory database.
DESK_PAGE = f"""
import os, sys, time
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["DATABASE_URL"] = "sqlite://:memory:"
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
connection.creation.create_test_db(verbosity=0)
from django.contrib.auth.models import User
from claims.models import Article
text = open(sys.argv[1], encoding="utf-8").read()
Article.objects.create(slug="long", title="Event 42 report", text=text)
Article.objects.create(slug="short", title="Event 43 report", text="Source 17 said so.")
client = Client()
client.force_login(User.objects.create_superuser("bench", password="x"))
client.get("/desk/articles/short/")  # warm the process: templates, regular expressions
times = []
for _ in range({DESK_PAGE_REPEATS}):
    started = time.perf_counter()
    response = client.get("/desk/articles/long/")
    times.append(time.perf_counter() - started)
print(sorted(times)[len(times) // 2], response.status_code)
"""

# Run in the child, in the tree being measured: the desk's limits, for the report's text.
LIMITS = """
import json, os, sys
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
import django
django.setup()
from desk.extraction import MOST_PARAGRAPHS, MOST_SENTENCES, PART_LENGTH
from desk.forms import LONGEST_ARTICLE
from desk.views import MOST_ROWS
print(json.dumps({"part": PART_LENGTH, "paragraphs": MOST_PARAGRAPHS,
                  "sentences": MOST_SENTENCES, "rows": MOST_ROWS, "longest": LONGEST_ARTICLE}))
"""


def sentence(rng):
    number = rng.randint(1, 60)
    return rng.choice(
        [
            f"Source {number} said at least {rng.randint(2, 999)} people died in Town "
            f"{rng.randint(1, 50)} since 15 November.",
            f'"The dam held," Source {number} told Example Radio.',
            f"Officials in Town {number} denied that {rng.randint(2, 99)} homes were damaged.",
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 20))).capitalize() + ".",
        ]
    )


def sentences(size, rng):
    made, length = [], 0
    while length < size:
        made.append(sentence(rng))
        length += len(made[-1]) + 1
    return " ".join(made)[:size]


def no_full_stops(size, rng):
    made, length = [], 0
    while length < size:
        made.append(rng.choice([*WORDS, "Source 17 said", "413 people", "Town 4"]))
        length += len(made[-1]) + 1
    return " ".join(made)[:size]


def article(size, rng):
    made, length = [], 0
    while length < size:
        made.append(sentences(rng.randint(200, 1200), rng))
        length += len(made[-1]) + 2
    return "\n\n".join(made)[:size]


SHAPES = {
    "article (paragraphs)": article,
    "one paragraph of sentences": sentences,
    "one paragraph, no full stop": no_full_stops,
}


def run(tree, script, path, timeout):
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, str(path)],
            cwd=tree,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout} s"
    except subprocess.CalledProcessError as error:
        return "failed: " + error.stderr.strip().splitlines()[-1]
    seconds, detail = done.stdout.split()
    return f"{float(seconds):.2f} s ({detail})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="an earlier commit to time the suggestions on too")
    parser.add_argument("--timeout", type=int, default=120)
    options = parser.parse_args()
    results, loads = {}, [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as folder:
        baseline = None
        if options.baseline:
            baseline = Path(folder) / "baseline"
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(baseline), options.baseline],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
        try:
            for shape, make in SHAPES.items():
                for size_name, size in SIZES.items():
                    path = Path(folder) / "text.txt"
                    path.write_text(make(size, random.Random(size)), encoding="utf-8")
                    row = {
                        "suggestions": run(ROOT, SUGGESTIONS, path, options.timeout),
                        "desk page": run(ROOT, DESK_PAGE, path, options.timeout),
                    }
                    if baseline:
                        row["suggestions before"] = run(
                            baseline, SUGGESTIONS, path, options.timeout
                        )
                    results[(shape, size_name)] = row
                    loads.append(os.getloadavg()[0])
                    print(shape, size_name, json.dumps(row), file=sys.stderr, flush=True)
        finally:
            if baseline:
                subprocess.run(
                    ["git", "worktree", "remove", "--force", str(baseline)], cwd=ROOT, check=True
                )
    limits = json.loads(
        subprocess.run(
            [sys.executable, "-c", LIMITS], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    )
    columns = ["suggestions", "desk page"] + (["suggestions before"] if baseline else [])
    command = "python bench/desk.py" + (f" --baseline {options.baseline}" if baseline else "")
    lines = [
        "## The desk on long texts",
        "",
        f"    {command}",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on a shared {os.cpu_count()}-core machine (load",
        f"{min(loads):.1f}–{max(loads):.1f} during the run): seconds, with the suggestions made or",
        "the page's status. *Suggestions*: `suggest_claims` over the whole text, as",
        "`manage.py suggest_claims` runs. *Desk page*: the desk's page for the article, which",
        f"reads its first part (at most {limits['part']:,} characters, {limits['paragraphs']:,}",
        f"paragraphs or {limits['sentences']:,} sentences) and shows at most {limits['rows']}",
        f"rows; the median of {DESK_PAGE_REPEATS}. The form refuses texts over",
        f"{limits['longest']:,} characters.",
        "",
        "| text | size | " + " | ".join(columns) + " |",
        "|---|---|" + "---|" * len(columns),
    ]
    for (shape, size_name), row in results.items():
        lines.append(f"| {shape} | {size_name} | " + " | ".join(row[c] for c in columns) + " |")
    text = "\n".join(lines) + "\n"
    show_section(text, write=True)  # in place of this section's last run


if __name__ == "__main__":
    main()
