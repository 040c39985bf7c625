"""How fast the desk reads a long article: `sentences_of` and `suggest_claims` over 1 MB.

    python bench/reading_speed.py CORPUS_DIR [--size BYTES] [--runs N] [--write]

Builds an article of --size characters (1,000,000 by default) from the wire articles of
CORPUS_DIR (its NAME.txt files), one after another and again until it is long enough, cut after
a paragraph; then times, --runs times each, the sentences of the whole text and the suggestions
for it (with no sources known, as `manage.py suggest_claims FILE` reads a file). The target is
the whole megabyte's suggestions in under 2 s. With --write the section "Reading speed" of
BENCHMARKS.md is replaced by this run's.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-key")

import django  # noqa: E402

django.setup()

from report import show_section  # noqa: E402 (bench/report.py)

from desk.extraction import sentences_of, suggest_claims  # noqa: E402

HEADING = "## Reading speed"
TARGET_SECONDS = 2


def long_article(corpus, size):
    """The corpus's articles one after another, repeated, cut after the paragraph that
    reaches `size` characters."""
    articles = [path.read_text(encoding="utf-8").strip() for path in sorted(corpus.glob("*.txt"))]
    if not articles:
        raise SystemExit(f"No NAME.txt articles in {corpus}")
    paragraphs, length = [], 0
    while length < size:
        for paragraph in "\n\n".join(articles).split("\n\n"):
            paragraphs.append(paragraph)
            length += len(paragraph) + 2
            if length >= size:
                break
    return "\n\n".join(paragraphs)


def timed(function, runs):
    """(seconds of each run, CPU seconds of each run, what the last run returned)."""
    seconds, cpu_seconds = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = function()
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
    return seconds, cpu_seconds, result


def report(corpus, size, runs):
    text = long_article(corpus, size)
    loads = [os.getloadavg()[0]]
    sentence_times, sentence_cpu, sentences = timed(lambda: sentences_of(text), runs)
    suggestion_times, suggestion_cpu, suggestions = timed(lambda: suggest_claims(text), runs)
    loads.append(os.getloadavg()[0])
    slowest = max(suggestion_times)
    command = f"python bench/reading_speed.py CORPUS_DIR --size {size} --runs {runs} --write"
    lines = [
        HEADING,
        "",
        f"    {command}",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on a shared {os.cpu_count()}-core machine (load "
        f"{min(loads):.1f}–{max(loads):.1f}): an article of {len(text):,} characters made of "
        f"the {len(list(corpus.glob('*.txt')))} annotated wire articles repeated, "
        f"{text.count(chr(10) + chr(10)) + 1:,} paragraphs; seconds of each of {runs} runs "
        "(fastest / median / slowest), and the CPU time of the median run (less than the time "
        "when other work shares the machine). Target: the suggestions for the whole article "
        f"in under {TARGET_SECONDS} s.",
        "",
        "| step | what it gives | fastest | median | slowest | CPU, median |",
        "|---|---|---|---|---|---|",
        row("`sentences_of`", f"{len(sentences):,} sentences", sentence_times, sentence_cpu),
        row(
            "`suggest_claims`",
            f"{len(suggestions):,} suggestions",
            suggestion_times,
            suggestion_cpu,
        ),
        "",
        f"Target {'met' if slowest < TARGET_SECONDS else '**missed**'}: the slowest run of "
        f"`suggest_claims` took {slowest:.2f} s "
        f"({len(text) / 1e6 / statistics.median(suggestion_times):.2f} MB/s at the median).",
        "",
    ]
    return "\n".join(lines)


def row(step, gives, seconds, cpu_seconds):
    return (
        f"| {step} | {gives} | {min(seconds):.2f} s | {statistics.median(seconds):.2f} s "
        f"| {max(seconds):.2f} s | {statistics.median(cpu_seconds):.2f} s |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of the wire articles, NAME.txt")
    parser.add_argument("--size", type=int, default=1_000_000, help="characters (1,000,000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each step (5)")
    parser.add_argument("--write", action="store_true", help="put the times in BENCHMARKS.md")
    arguments = parser.parse_args()
    section = report(arguments.corpus, arguments.size, arguments.runs)
    show_section(section, arguments.write)


if __name__ == "__main__":
    main()
