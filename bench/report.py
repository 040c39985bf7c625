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
    datasette = {run["claims"]: run["datasette"] for run in results["runs"] if "datasette" in run}
    for database, runs in runs_by_database.items():
        lines += [f"## {database}", ""]
        lines += targets(runs, datasette, results.get("imports", {}), database)
        lines += pages_table(runs)
        lines += cold_load_table(runs, datasette)
        lines += searches_table(runs)
        lines += api_table(runs)
        lines += exports_table(runs, datasette)
        generation = " | ".join(f"{run['generation_seconds']} s" for run in runs)
        lines += [f"Data generation (only what was missing): {generation}.", ""]
        for run in runs:
            if "restart_test" in run:
                lines += restart_lines(run["restart_test"])
            if "cluster" in run:
                lines += cluster_lines(run["claims"], run["cluster"], results)
    if "imports" in results:
        lines += imports_table(results["imports"])
    if "admin_imports" in results:
        lines += admin_import_lines(results["admin_imports"], results["admin_import_command"])
    return "\n".join(lines) + "\n"


def sizes_header(first, runs):
    return [
        f"| {first} | " + " | ".join(f"{run['claims']:,} claims" for run in runs) + " |",
        "|---|" + "---|" * len(runs),
    ]


def pages_table(runs):
    lines = [
        "### Pages in-process: server time (median / p95 ms) from the page cache and cold, SQL "
        "queries and size cold; requests/s from the cache ÷ trivial view",
        "",
        *sizes_header("page", runs),
    ]
    for name in runs[0]["pages"]:
        cells = []
        for run in runs:
            page = run["pages"][name]
            ratio = run["gunicorn"]["pages"][name]["ratio_to_trivial"]
            cells.append(
                f"cached {page['median_ms']} / {page['p95_ms']} ms; cold "
                f"{page['cold_median_ms']} / {page['cold_p95_ms']} ms, "
                f"{page['cold_queries']} q, {page['bytes'] / 1000:,.0f} KB; ×{ratio}"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    trivial = " | ".join(f"{run['gunicorn']['trivial_rps']:,.0f} req/s" for run in runs)
    return lines + [f"| trivial view (/healthz) | {trivial} |", ""]


def cold_load_table(runs, datasette):
    lines = [
        "### Cold under load: random first-visit URLs, page cache off (gunicorn, 4 workers; wrk, "
        "2 threads, 8 connections, 5 s): requests/s, ×trivial, latency p50 / p95, errors",
        "",
        *sizes_header("URLs", runs),
    ]
    for name in runs[0]["cold_load"]["pages"]:
        cells = []
        for run in runs:
            load = run["cold_load"]["pages"][name]
            cells.append(
                f"{load['rps']:,.1f} req/s, ×{load['ratio_to_trivial']}, "
                f"{load['p50_ms']} / {load['p95_ms']} ms, {load['errors']} errors"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    cells = []
    for run in runs:
        measured = datasette.get(run["claims"])
        cells.append(
            f"{measured['browser']['rps']:,.1f} req/s, {measured['browser']['p50_ms']} / "
            f"{measured['browser']['p95_ms']} ms, {measured['browser']['errors']} errors"
            if measured
            else "not measured"
        )
    version = next(iter(datasette.values()))["version"] if datasette else ""
    lines.append(
        f"| Datasette {version}: claims by source, keyset page (SQLite copy) | "
        + " | ".join(cells)
        + " |"
    )
    trivial = " | ".join(f"{run['cold_load']['trivial_rps']:,.0f} req/s" for run in runs)
    return lines + [f"| trivial view (/healthz) | {trivial} |", ""]


def searches_table(runs):
    lines = [
        "### Searches in-process, cold: each of 40 words searched once (median / p95 / max ms)",
        "",
        *sizes_header("words", runs),
    ]
    for kind in ("common", "rare"):
        cells = []
        for run in runs:
            measured = run["searches"][kind]
            cells.append(
                f"{measured['median_ms']} / {measured['p95_ms']} / {measured['max_ms']} ms"
            )
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return lines + [""]


def api_table(runs):
    if not all("api" in run for run in runs):
        return []
    lines = [
        "### The JSON API in-process: server time (median / p95 ms), SQL queries, size",
        "",
        *sizes_header("request", runs),
    ]
    for name in runs[0]["api"]:
        cells = []
        for run in runs:
            measured = run["api"][name]
            cells.append(
                f"{measured['median_ms']} / {measured['p95_ms']} ms, {measured['queries']} "
                f"queries, {measured['bytes'] / 1000:,.1f} KB"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines + [""]


def exports_table(runs, datasette):
    lines = ["### Exports of all claims", "", *sizes_header("export", runs)]
    for index, export in enumerate(runs[0]["exports"]):
        cells = []
        for run in runs:
            measured = run["exports"][index]
            cells.append(
                f"{measured['megabytes']} MB in {measured['seconds']} s: "
                f"{measured['mb_per_s']} MB/s, {measured['lines_per_s']:,} lines/s, "
                f"peak {measured['peak_python_memory_mb']} MB"
            )
        lines.append(f"| {export['format'].upper()} | " + " | ".join(cells) + " |")
    if "copy" in runs[0]:
        cells = [
            f"{run['copy']['megabytes']} MB, {run['copy']['mb_per_s']} MB/s (CSV export at "
            f"{run['exports'][0]['mb_per_s'] / run['copy']['mb_per_s']:.2f}× COPY)"
            for run in runs
        ]
        lines.append("| `COPY … TO STDOUT` | " + " | ".join(cells) + " |")
    cells = []
    for run in runs:
        measured = datasette.get(run["claims"])
        cells.append(
            f"{measured['csv']['megabytes']} MB, {measured['csv']['mb_per_s']} MB/s (CSV "
            f"export at {run['exports'][0]['mb_per_s'] / measured['csv']['mb_per_s']:.2f}×)"
            if measured
            else "not measured"
        )
    lines.append("| Datasette CSV, labels on, streamed | " + " | ".join(cells) + " |")
    return lines + [""]


def imports_table(imports):
    lines = [
        "## Imports",
        "",
        "`manage.py import_claims` of a 10,000-claim export into an empty database, every rule "
        "checked and history written.",
        "",
        "| database, format | claims | seconds | claims/s |",
        "|---|---|---|---|",
    ]
    for name, measured in imports.items():
        lines.append(
            f"| {name} | {measured['claims']:,} | {measured['seconds']} | "
            f"{measured['claims_per_s']:,} |"
        )
    return lines + [""]


def admin_import_lines(admin_imports, command):
    lines = [
        "## An import through the admin, run by the worker",
        "",
        f"`{command}`: an editor uploads an export of generated claims on the admin's import",
        "page of an empty database served by gunicorn (2 workers, its default timeout), with",
        "`manage.py db_worker` beside it; follows the job's page (asked every 2 s) until the",
        "check is done, confirms, and follows it until the import is done, while a reader loads",
        "public pages. Every request is timed.",
        "",
        "| database | claims in the file | imported | upload | check | import | slowest request"
        " | failed requests | public pages during the jobs (median / max) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for database, run in admin_imports.items():
        lines.append(
            f"| {database} | {run['claims_in_file']:,} ({run['file_megabytes']} MB) "
            f"| {run['claims_imported']:,} | {run['upload_request_s']} s | {run['check_s']} s "
            f"| {run['import_s']} s | {run['slowest_request_s']} s of {run['requests']} "
            f"(timeout {run['gunicorn_timeout_s']} s) | {run['failed_requests']}"
            f"{' (' + '; '.join(run['failures']) + ')' if run.get('failures') else ''} "
            f"| {run['public_page_median_ms']} / {run['public_page_max_ms']} ms |"
        )
    return [*lines, ""]


def cluster_lines(claims, cluster, results):
    saturation = cluster["saturation"]
    lines = [
        f"### Two app servers, one Redis, one PostgreSQL ({claims:,} claims)",
        "",
        f"Measured by `{results.get('cluster_command', results['command'])}`: "
        f"{cluster['servers']} gunicorn servers of {cluster['workers_each']} workers, the page "
        "cache shared in Redis; half the requests revisit popular pages, half are random first "
        "visits.",
        "",
        f"- {saturation['seconds']} s at saturation: {saturation['rps']:,} requests/s, "
        f"p95 {saturation['p95_ms']} ms, **{saturation['errors']} errors**",
    ]
    for name, title in (("postgresql_restart", "PostgreSQL"), ("redis_restart", "Redis")):
        result = cluster[name]
        lines.append(
            f"- {title} restarted under load ({result['disturbance_seconds']} s): before "
            f"{result['requests_before']} requests, {result['errors_before']} errors; during "
            f"{result['requests_during']} requests, {result['errors_during']} errors; after "
            f"{result['requests_after']} requests, **{result['errors_after']} errors**"
        )
    return lines + [""]


def restart_lines(restart):
    return [
        "### PostgreSQL restarted under load",
        "",
        f"- before: {restart['requests_before']} requests, {restart['errors_before']} errors",
        f"- while restarting: {restart['requests_during_restart']} requests, "
        f"{restart['errors_during_restart']} errors",
        f"- after recovery: {restart['requests_after_recovery']} requests, "
        f"{restart['errors_after_recovery']} errors",
        "",
    ]


# Why a target can be missed, shown beside it when it is: what is known from profiling.
EXPLANATIONS = {
    "Datasette's requests/s": (
        "A cold claim browser page costs 15–40 ms of Python per request: eleven queries built "
        "by Django's ORM, the filter form with its 200-source menu, the facet counts, 25 claims "
        "drawn through templates. Datasette answers its equivalent with one SQL query and one "
        "Jinja template, at a cost per request close to ours; four times its rate needs the "
        "page in a quarter of the time. Next steps: the claim list written by a template tag, "
        "as the matrix cells are; the filter form kept per data stamp; claims and figures in "
        "one query."
    ),
    "claim page, random id": (
        "The trivial view costs about 0.3 ms of a worker; 0.15× its rate leaves about 2 ms "
        "for a page that reads the claim, its figures, its question's other claims with "
        "theirs, its history and article (eight queries) and draws them. From the page cache "
        "the claim page reaches 0.6–0.8× of the trivial view."
    ),
    "search, common": (
        "The first page of a common word is read newest first from the index in a few "
        "milliseconds; what remains is the count (up to 5,001 ids) and the facet counts over "
        "5,000 claims joined with their sources and questions. Next step: for a word the index "
        "says is in a large share of claims, count and facet over fewer rows."
    ),
    "search, rare": (
        "A rare word's matches are scattered over the table: each of the 25 shown, the count "
        "and the facets read rows from all over it. Warm (its pages in memory) it is well under "
        "the target; cold from disk it is not."
    ),
    "event comparison 30 × 50, cold": (
        "The page draws 10 of the 50 questions, but its summary counts all 50: the event's "
        "1,500 claims, 1,000 figures, sources and articles are read and made into model "
        "objects (40–60 ms) before a page of 300 claims is drawn. Next step: the other pages' "
        "verdicts from value rows."
    ),
    "claims), cold": (
        "A small event's page carries the fixed costs of every comparison: the selection form "
        "with a checkbox per source and question, the charts and the timeline."
    ),
    "COPY": (
        "PostgreSQL writes the lines, with the spreadsheet escaping done in SQL, through a "
        "server-side cursor; what remains is the sort by event and question that the export's "
        "order needs (COPY of the same rows is unordered) and Python passing every line on."
    ),
    "Datasette's CSV": (
        "On SQLite each row goes through Django's value conversion and Python's csv module, "
        "about 15 µs a row; on PostgreSQL the database writes the lines and the target is met."
    ),
    "JSON export ≥ 25": (
        "Claims and figures are read as value rows and written by the document's own writer; "
        "at a million claims the figures are fetched per chunk of claims and the rate falls "
        "from about 27 MB/s at 10,000. Next step: figures in the claims' query."
    ),
    "import, ": (
        "An import validates every claim and figure as the admin does (each model's checks, "
        "references resolved one by one, the cross-table rules in triggers) and writes a "
        "history row per change, in one transaction: about 170 claims/s. 2,000/s needs the "
        "checks run per batch and rows and history written in bulk: not done."
    ),
}


def explanation(label):
    for key, text in EXPLANATIONS.items():
        if key in label:
            return text
    return ""


def targets(runs, datasette, imports, database):
    """The issue's targets, judged on the largest size measured."""
    largest, smallest = runs[-1], runs[0]
    checks = []
    cold = largest["cold_load"]["pages"]
    browser = cold["claim browser, random source or event and page"]
    theirs = datasette.get(largest["claims"])
    if theirs:
        ratio = browser["rps"] / theirs["browser"]["rps"]
        checks.append(("claim browser, random filter and page, cold: ≥ 4× Datasette's "
                       "requests/s", ratio >= 4, f"{ratio:.2f}×"))  # fmt: skip
    claim_page = cold["claim page, random id"]["ratio_to_trivial"]
    checks.append(("claim page, random id, cold: ≥ 0.15× the trivial view",
                   claim_page >= 0.15, f"×{claim_page}"))  # fmt: skip
    for kind, measured in largest["searches"].items():
        checks.append((f"search, {kind} words, cold: p95 < 50 ms", measured["p95_ms"] < 50,
                       f"{measured['p95_ms']} ms"))  # fmt: skip
    pages = largest["pages"]
    big = pages["event comparison (30 sources × 50 questions)"]
    checks.append(("event comparison 30 × 50, cold: < 150 ms", big["cold_median_ms"] < 150,
                   f"{big['cold_median_ms']} ms"))  # fmt: skip
    checks.append(("event comparison 30 × 50: < 800 KB of HTML", big["bytes"] < 800_000,
                   f"{big['bytes'] / 1000:,.0f} KB"))  # fmt: skip
    small_name = next(name for name in pages if name.endswith(" claims)"))
    small = pages[small_name]
    checks.append((f"{small_name}, cold: < 25 ms", small["cold_median_ms"] < 25,
                   f"{small['cold_median_ms']} ms"))  # fmt: skip
    csv_export = largest["exports"][0]
    if "copy" in largest:
        share = csv_export["mb_per_s"] / largest["copy"]["mb_per_s"]
        checks.append(("CSV export ≥ 0.5× COPY", share >= 0.5, f"{share:.2f}×"))
    if theirs:
        share = csv_export["mb_per_s"] / theirs["csv"]["mb_per_s"]
        checks.append(("CSV export ≥ 5× Datasette's CSV", share >= 5, f"{share:.2f}×"))
    json_export = largest["exports"][1]
    checks.append(("JSON export ≥ 25 MB/s", json_export["mb_per_s"] >= 25,
                   f"{json_export['mb_per_s']} MB/s"))  # fmt: skip
    for index, export in enumerate(largest["exports"]):
        growth = (
            export["peak_python_memory_mb"] - smallest["exports"][index]["peak_python_memory_mb"]
        )
        label = (
            f"{export['format'].upper()} export memory flat: growth < 10 MB from "
            f"{smallest['claims']:,} claims"
        )
        checks.append((label, growth < 10, f"{growth:+.1f} MB"))
    for name, measured in imports.items():
        if name.startswith(database):
            checks.append((f"import, {name.split(', ')[1].upper()}: ≥ 2,000 claims/s",
                           measured["claims_per_s"] >= 2000,
                           f"{measured['claims_per_s']:,} claims/s"))  # fmt: skip
    for name, measured in largest["gunicorn"]["pages"].items():
        ratio = measured["ratio_to_trivial"]
        checks.append((f"{name}, from the cache: ≥ 1/3 of the trivial view", ratio >= 1 / 3,
                       f"×{ratio}"))  # fmt: skip
    same_queries = all(
        smallest["pages"][name]["cold_queries"] == largest["pages"][name]["cold_queries"]
        for name in pages
        if not name.endswith(" claims)")  # a different event at each size
    )
    checks.append((f"queries the same at {smallest['claims']:,} and {largest['claims']:,} claims",
                   same_queries, ""))  # fmt: skip
    if "api" in largest and "api" in smallest:
        api_counts = {
            name: (smallest["api"][name]["queries"], measured["queries"])
            for name, measured in largest["api"].items()
        }
        checks.append((
            f"API: queries the same at {smallest['claims']:,} and {largest['claims']:,} claims",
            all(small == large for small, large in api_counts.values()),
            ", ".join(f"{name} {large}" for name, (_, large) in api_counts.items()),
        ))  # fmt: skip
    missed = sum(1 for _, met, _ in checks if not met)
    lines = [
        f"### Targets at {largest['claims']:,} claims: {len(checks) - missed} met, {missed} missed",
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
