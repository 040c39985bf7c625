"""Turn bench/run.py's results into BENCHMARKS.md: the numbers as measured, and the targets."""


def write_markdown(results):
    lines = [
        "# Benchmarks",
        "",
        "Written by the benchmark itself; do not edit by hand. Regenerate with:",
        "",
        f"    {results['command']}",
        "",
        f"Measured {results['date']} on {results['machine']} (a shared machine: compare ratios",
        "and medians within one run, not absolute times across runs). `bench/README.md` says",
        "what each number means.",
        "",
    ]
    runs_by_database = {}
    for run in results["runs"]:
        runs_by_database.setdefault(run["database"], []).append(run)
    for database, runs in runs_by_database.items():
        lines += [f"## {database}", ""]
        sizes = " | ".join(f"{run['claims']:,} claims" for run in runs)
        lines += [
            "### Pages: server time (median / p95 ms) from the page cache and cold, SQL queries "
            "cold, requests/s ÷ trivial view",
            "",
            f"| page | {sizes} |",
            "|---|" + "---|" * len(runs),
        ]
        for name in runs[0]["pages"]:
            cells = []
            for run in runs:
                page = run["pages"][name]
                ratio = run["gunicorn"]["pages"][name]["ratio_to_trivial"]
                cells.append(
                    f"cached {page['median_ms']} / {page['p95_ms']} ms; cold "
                    f"{page['cold_median_ms']} / {page['cold_p95_ms']} ms, "
                    f"{page['cold_queries']} q; ×{ratio}"
                )
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        trivial = " | ".join(f"{run['gunicorn']['trivial_rps']:,.0f} req/s" for run in runs)
        lines += [f"| trivial view (/healthz) | {trivial} |", ""]
        lines += [
            "### Exports of all claims",
            "",
            "| export | " + sizes + " |",
            "|---|" + "---|" * len(runs),
        ]
        for index, export in enumerate(runs[0]["exports"]):
            cells = []
            for run in runs:
                if index >= len(run["exports"]):
                    cells.append("not measured at this size")
                    continue
                measured = run["exports"][index]
                cells.append(
                    f"{measured['megabytes']} MB in {measured['seconds']} s: "
                    f"{measured['mb_per_s']} MB/s, {measured['lines_per_s']:,} lines/s, "
                    f"peak {measured['peak_python_memory_mb']} MB"
                )
            lines.append(f"| {export['format'].upper()} | " + " | ".join(cells) + " |")
        if "copy" in runs[0]:
            cells = [
                f"{run['copy']['mb_per_s']} MB/s (CSV export at "
                f"{run['exports'][0]['mb_per_s'] / run['copy']['mb_per_s']:.2f}× COPY)"
                for run in runs
            ]
            lines.append("| `COPY … TO STDOUT` | " + " | ".join(cells) + " |")
        generation = " | ".join(f"{run['generation_seconds']} s" for run in runs)
        lines += ["", f"Data generation (only what was missing): {generation}.", ""]
        lines += targets(runs)
        for run in runs:
            if "restart_test" in run:
                restart = run["restart_test"]
                lines += [
                    "### PostgreSQL restarted under load",
                    "",
                    f"- before: {restart['requests_before']} requests, "
                    f"{restart['errors_before']} errors",
                    f"- while restarting: {restart['requests_during_restart']} requests, "
                    f"{restart['errors_during_restart']} errors",
                    f"- after recovery: {restart['requests_after_recovery']} requests, "
                    f"{restart['errors_after_recovery']} errors",
                    "",
                ]
    return "\n".join(lines) + "\n"


# Why a target can be missed, shown beside it when it is: what is known from profiling.
EXPLANATIONS = {
    "event comparison": (
        "The page carries all 1,500 claims of a 30 × 50 matrix, with charts, a timeline and "
        "schema.org data for every claim: about 2.4 MB of HTML, sent as a cached gzip copy of "
        "a tenth of that. The rest is the cost of moving that much per request through "
        "gunicorn. Next steps: schema.org data on claim pages only, a paginated timeline."
    ),
    "search": (
        "Cold, a search counts its matches up to 5,001 and sorts them newest first. On "
        "PostgreSQL a word in a large share of claims (kalo) makes the GIN index return that "
        "share before the sort; a rare word is cheap to find but its 25 newest matches are "
        "read from scattered rows. SQLite has no full-text index here and reads every claim. "
        "From the page cache any search costs 2 ms. Next step: order search results by "
        "relevance with a cap, or keep a per-word newest-first index."
    ),
    "CSV export ≥ 25": (
        "Each row goes through Django's value converters and Python's csv module, about 18 µs "
        "a row. Next step: on PostgreSQL, stream COPY's own output with the spreadsheet "
        "escaping done in SQL."
    ),
    "CSV export ≥ 1/5": "As above: per-row Python work, where COPY formats rows in C.",
    "requests/s": (
        "Served cold this page queries the database on every request; the ratio is measured "
        "with the page cache on, where a miss costs the cold time in the table above."
    ),
}


def explanation(label):
    for key, text in EXPLANATIONS.items():
        if key in label:
            return text
    return ""


def targets(runs):
    """The issue's targets, judged on the largest size measured."""
    largest, smallest = runs[-1], runs[0]
    ratios = largest["gunicorn"]["pages"]
    checks = []
    for name, measured in ratios.items():
        goal = 1 / 3 if name.startswith("event comparison") else 1 / 5
        checks.append(
            (f"{name}: requests/s ≥ {goal:.2f} of trivial", measured["ratio_to_trivial"] >= goal,
             f"×{measured['ratio_to_trivial']}")
        )  # fmt: skip
    pages = largest["pages"]
    first = pages["claim browser"]["cold_median_ms"]
    last = pages["claim browser, last page"]["cold_median_ms"]
    checks.append(
        ("last page within 1.2× of first (cold)", last <= 1.2 * first, f"{last / first:.2f}×")
    )
    same_queries = all(
        smallest["pages"][name]["cold_queries"] == largest["pages"][name]["cold_queries"]
        for name in pages
    )
    checks.append((f"queries the same at {smallest['claims']:,} and {largest['claims']:,}",
                   same_queries, ""))  # fmt: skip
    csv_export = largest["exports"][0]
    checks.append(
        ("CSV export ≥ 25 MB/s", csv_export["mb_per_s"] >= 25, f"{csv_export['mb_per_s']} MB/s")
    )
    if "copy" in largest:
        share = csv_export["mb_per_s"] / largest["copy"]["mb_per_s"]
        checks.append(("CSV export ≥ 1/5 of COPY", share >= 0.2, f"{share:.2f}"))
    growth = csv_export["peak_python_memory_mb"] - smallest["exports"][0]["peak_python_memory_mb"]
    checks.append((f"CSV memory growth < 10 MB from {smallest['claims']:,}", growth < 10,
                   f"{growth:+.1f} MB"))  # fmt: skip
    for name, page in pages.items():
        if "search" in name:
            p95 = page["cold_p95_ms"]
            checks.append((f"{name}: p95 < 50 ms (cold)", p95 < 50, f"{p95} ms"))
    lines = [
        f"### Targets at {largest['claims']:,} claims",
        "",
        "| target | met | measured | why, where missed |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {label} | {'yes' if met else '**no**'} | {value} | "
        f"{'' if met else explanation(label)} |"
        for label, met, value in checks
    ]
    return lines + [""]


if __name__ == "__main__":
    # Rewrite BENCHMARKS.md from the last results, e.g. after a change to this report.
    import json
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    results = json.loads((root / "bench" / "results.json").read_text())
    (root / "BENCHMARKS.md").write_text(write_markdown(results))
    sys.stdout.write("Rewrote BENCHMARKS.md from bench/results.json\n")
