"""Turn bench/run.py's results into BENCHMARKS.md: the numbers as measured, and the targets.

Every number in the text comes from the results (bench/results.json) or is one of the targets
below; where a result was not recorded, the sentence says what it can without a number.
"""

import sys
from fractions import Fraction
from pathlib import Path

from paired_report import paired_section  # bench/paired_report.py, beside this file

# The benchmark's largest comparison, as bench/measure.py names it in the results.
BIG_COMPARISON = "event comparison (30 sources × 50 questions)"

# The targets: what the measurements are judged by, not measurements.
CLAIM_PAGE_VS_TRIVIAL = 0.15  # a random claim page's requests/s, cold, over the trivial view's
SEARCH_P95_MS = 50
BIG_COMPARISON_MS = 150
BIG_COMPARISON_KB = 800
SMALL_COMPARISON_MS = 25
CSV_VS_COPY = 0.5
JSON_EXPORT_MB_PER_S = 25
EXPORT_MEMORY_GROWTH_MB = 10
IMPORT_CLAIMS_PER_S = 2000
CACHED_VS_TRIVIAL = Fraction(1, 3)  # each page from the cache, over the trivial view


def write_markdown(results):
    lines = ["# Benchmarks", "", "Written by the benchmark itself; do not edit by hand.", ""]
    if "paired" in results:
        lines += paired_section(results["paired"])
    if "command" in results:
        lines += [
            "## bench/run.py",
            "",
            "Regenerate with:",
            "",
            f"    {results['command']}",
            "",
            f"Measured {results['date']} on {results['machine']} (a shared machine: compare "
            "ratios and medians within one run, not absolute times across runs). "
            "`bench/README.md` says what each number means.",
            "",
        ]
    if "paired" in results and "command" in results:
        lines += [
            "The sections below come from `bench/run.py`: its exports are timed in-process and "
            "Datasette ran in the SQLite run, minutes apart, so it divides nothing by Datasette; "
            "the paired section above holds every ratio to Datasette, COPY and the trivial "
            "view measured in the same minute.",
            "",
        ]
    runs_by_database = {}
    for run in results.get("runs", []):
        runs_by_database.setdefault(run["database"], []).append(run)
    datasette = {
        run["claims"]: run["datasette"] for run in results.get("runs", []) if "datasette" in run
    }
    for database, runs in runs_by_database.items():
        lines += [f"## {database}", ""]
        lines += targets(runs, results.get("imports", {}), database)
        lines += pages_table(runs)
        lines += cold_load_table(runs, datasette, results.get("load_settings"))
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


def cold_load_table(runs, datasette, load_settings):
    if load_settings:
        how = (
            f"gunicorn, {load_settings['gunicorn_workers']} workers; wrk, "
            f"{load_settings['wrk_threads']} threads, {load_settings['wrk_connections']} "
            f"connections, {load_settings['wrk_seconds']} s"
        )
    else:  # results from before the settings were recorded
        how = "gunicorn and wrk as bench/README.md describes"
    lines = [
        f"### Cold under load: random first-visit URLs, page cache off ({how}): requests/s, "
        "×trivial, latency p50 / p95, errors",
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
    counts = {measured["words"] for run in runs for measured in run["searches"].values()}
    words = f"each of {counts.pop()} words" if len(counts) == 1 else "each word"
    lines = [
        f"### Searches in-process, cold: {words} searched once (median / p95 / max ms)",
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
            f"{measured['csv']['megabytes']} MB, {measured['csv']['mb_per_s']} MB/s"
            if measured
            else "not measured"
        )
    lines.append("| Datasette CSV, labels on, streamed | " + " | ".join(cells) + " |")
    return lines + [""]


def import_rounds(imports):
    """The rounds of import measurements: bench/imports.py keeps two; older results kept one."""
    return imports.get("rounds") or [imports]


def imports_table(imports):
    rounds = import_rounds(imports)
    sizes = {measured["claims"] for measured in rounds[0].values()}
    export = f"a {sizes.pop():,}-claim export" if len(sizes) == 1 else "an export"
    command = f"`{imports['command']}`, {imports['date']}: " if "command" in imports else ""
    lines = [
        "## Imports",
        "",
        f"{command}`manage.py import_claims` of {export} into an empty database, every rule "
        "checked and history written; timed from the command's start to its end, the verdicts "
        "worked out at commit included (the command leaves out Django's system checks, which "
        "are of the site, not of an import). Each round measures every pair once, one after the "
        "other.",
        "",
        "| database, format | claims | "
        + " | ".join(f"round {number}: seconds (claims/s)" for number in range(1, len(rounds) + 1))
        + " |",
        "|---|---|" + "---|" * len(rounds),
    ]
    for name, first in rounds[0].items():
        cells = [
            f"{each[name]['seconds']} ({each[name]['claims_per_s']:,})"
            for each in rounds
            if name in each
        ]
        lines.append(f"| {name} | {first['claims']:,} | " + " | ".join(cells) + " |")
    return lines + [""]


def admin_import_lines(admin_imports, command):
    first = next(iter(admin_imports.values()))
    workers = f"{first['gunicorn_workers']} workers, " if "gunicorn_workers" in first else ""
    asked = f" (asked every {first['poll_seconds']} s)" if "poll_seconds" in first else ""
    lines = [
        "## An import through the admin, run by the worker",
        "",
        f"`{command}`: an editor uploads an export of generated claims on the admin's import",
        f"page of an empty database served by gunicorn ({workers}its default timeout), with",
        f"`manage.py db_worker` beside it; follows the job's page{asked} until the",
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


# Why a target can be missed, shown beside it when it is: what is known from profiling, with the
# numbers of this run.


def why_claim_page_is_slow(largest):
    trivial = largest["cold_load"]["trivial_rps"]
    page = largest["pages"]["claim page"]
    cached = largest["gunicorn"]["pages"]["claim page"]["ratio_to_trivial"]
    return (
        f"The trivial view answers {trivial:,.0f} requests/s on the same server: "
        f"{CLAIM_PAGE_VS_TRIVIAL}× that is {trivial * CLAIM_PAGE_VS_TRIVIAL:,.0f} requests/s "
        "for a page that reads the claim, its figures, its question's other claims with theirs, "
        f"its history and article ({page['cold_queries']} queries) and draws them. From the "
        f"page cache the claim page reaches ×{cached} of the trivial view."
    )


WHY_COMMON_WORDS_ARE_SLOW = (
    "The first page of a common word is read newest first from the index; what remains is the "
    "count of its matches (capped) and the facet counts over them, joined with their sources "
    "and questions. Next step: for a word the index says is in a large share of claims, count "
    "and facet over fewer rows."
)
WHY_RARE_WORDS_ARE_SLOW = (
    "A rare word's matches are scattered over the table: each claim shown, the count and the "
    "facets read rows from all over it. Warm (its pages in memory) it is faster; cold from disk, "
    "as measured here, it is not."
)
WHY_BIG_COMPARISON_IS_SLOW = (
    "The page draws one page of the questions, but its summary counts all of them: every claim, "
    "figure, source and article of the event is read and made into model objects before the "
    "page is drawn. Next step: the other pages' verdicts from value rows."
)
WHY_SMALL_COMPARISON_IS_SLOW = (
    "A small event's page carries the fixed costs of every comparison: the selection form "
    "with a checkbox per source and question, the charts and the timeline."
)
WHY_CSV_IS_SLOWER_THAN_COPY = (
    "PostgreSQL writes the lines, with the spreadsheet escaping done in SQL, through a "
    "server-side cursor; what remains is the sort by event and question that the export's "
    "order needs (COPY of the same rows is unordered) and Python passing every line on."
)


def why_json_export_is_slow(largest, smallest):
    return (
        "Claims and figures are read as value rows and written by the document's own writer; "
        f"at {largest['claims']:,} claims the figures are fetched per chunk of claims and the "
        f"rate falls from {smallest['exports'][1]['mb_per_s']} MB/s at "
        f"{smallest['claims']:,}. Next step: figures in the claims' query."
    )


def why_imports_are_slow():
    return (
        "Every claim and figure is checked by its model's own rules, references are resolved "
        "once a file, and new rows and their history go out many at a time (multi-row INSERTs "
        "on SQLite, COPY on PostgreSQL); the cross-table rules (once a statement on "
        "PostgreSQL, once a row on SQLite) and the search index run in the database, and the "
        "verdicts of every question touched are worked out at commit."
    )


def targets(runs, imports, database):
    """The issue's targets, judged on the largest size measured: (label, met, measured, why)."""
    largest, smallest = runs[-1], runs[0]
    checks = []
    cold = largest["cold_load"]["pages"]
    claim_page = cold["claim page, random id"]["ratio_to_trivial"]
    checks.append((f"claim page, random id, cold: ≥ {CLAIM_PAGE_VS_TRIVIAL}× the trivial view",
                   claim_page >= CLAIM_PAGE_VS_TRIVIAL, f"×{claim_page}",
                   why_claim_page_is_slow(largest)))  # fmt: skip
    for kind, measured in largest["searches"].items():
        why = WHY_COMMON_WORDS_ARE_SLOW if kind == "common" else WHY_RARE_WORDS_ARE_SLOW
        checks.append((f"search, {kind} words, cold: p95 < {SEARCH_P95_MS} ms",
                       measured["p95_ms"] < SEARCH_P95_MS, f"{measured['p95_ms']} ms",
                       why))  # fmt: skip
    pages = largest["pages"]
    big = pages[BIG_COMPARISON]
    checks.append((f"{BIG_COMPARISON}, cold: < {BIG_COMPARISON_MS} ms",
                   big["cold_median_ms"] < BIG_COMPARISON_MS, f"{big['cold_median_ms']} ms",
                   WHY_BIG_COMPARISON_IS_SLOW))  # fmt: skip
    checks.append((f"{BIG_COMPARISON}: < {BIG_COMPARISON_KB} KB of HTML",
                   big["bytes"] < BIG_COMPARISON_KB * 1000, f"{big['bytes'] / 1000:,.0f} KB",
                   ""))  # fmt: skip
    small_name = next(name for name in pages if name.endswith(" claims)"))
    small = pages[small_name]
    checks.append((f"{small_name}, cold: < {SMALL_COMPARISON_MS} ms",
                   small["cold_median_ms"] < SMALL_COMPARISON_MS, f"{small['cold_median_ms']} ms",
                   WHY_SMALL_COMPARISON_IS_SLOW))  # fmt: skip
    csv_export = largest["exports"][0]
    if "copy" in largest:
        share = csv_export["mb_per_s"] / largest["copy"]["mb_per_s"]
        checks.append((f"CSV export ≥ {CSV_VS_COPY}× COPY", share >= CSV_VS_COPY,
                       f"{share:.2f}×", WHY_CSV_IS_SLOWER_THAN_COPY))  # fmt: skip
    json_export = largest["exports"][1]
    checks.append((f"JSON export ≥ {JSON_EXPORT_MB_PER_S} MB/s",
                   json_export["mb_per_s"] >= JSON_EXPORT_MB_PER_S,
                   f"{json_export['mb_per_s']} MB/s",
                   why_json_export_is_slow(largest, smallest)))  # fmt: skip
    for index, export in enumerate(largest["exports"]):
        growth = (
            export["peak_python_memory_mb"] - smallest["exports"][index]["peak_python_memory_mb"]
        )
        label = (
            f"{export['format'].upper()} export memory flat: growth < {EXPORT_MEMORY_GROWTH_MB} "
            f"MB from {smallest['claims']:,} claims"
        )
        checks.append((label, growth < EXPORT_MEMORY_GROWTH_MB, f"{growth:+.1f} MB", ""))
    rounds = import_rounds(imports) if imports else []
    for name in rounds[0] if rounds else ():
        if name.startswith(database):
            slowest = min(each[name]["claims_per_s"] for each in rounds if name in each)
            met = slowest >= IMPORT_CLAIMS_PER_S
            checks.append((f"import, {name.split(', ')[1].upper()}: ≥ "
                           f"{IMPORT_CLAIMS_PER_S:,} claims/s (the slower round)",
                           met, f"{slowest:,} claims/s",
                           "" if met else why_imports_are_slow()))  # fmt: skip
    for name, measured in largest["gunicorn"]["pages"].items():
        ratio = measured["ratio_to_trivial"]
        checks.append((f"{name}, from the cache: ≥ {CACHED_VS_TRIVIAL} of the trivial view",
                       ratio >= CACHED_VS_TRIVIAL, f"×{ratio}", ""))  # fmt: skip
    same_queries = all(
        smallest["pages"][name]["cold_queries"] == largest["pages"][name]["cold_queries"]
        for name in pages
        if not name.endswith(" claims)")  # a different event at each size
    )
    checks.append((f"queries the same at {smallest['claims']:,} and {largest['claims']:,} claims",
                   same_queries, "", ""))  # fmt: skip
    if "api" in largest and "api" in smallest:
        api_counts = {
            name: (smallest["api"][name]["queries"], measured["queries"])
            for name, measured in largest["api"].items()
        }
        checks.append((
            f"API: queries the same at {smallest['claims']:,} and {largest['claims']:,} claims",
            all(small == large for small, large in api_counts.values()),
            ", ".join(f"{name} {large}" for name, (_, large) in api_counts.items()),
            "",
        ))  # fmt: skip
    missed = sum(1 for _, met, _, _ in checks if not met)
    lines = [
        f"### Targets at {largest['claims']:,} claims: {len(checks) - missed} met, {missed} missed",
        "",
        "| target | met | measured | why, where missed |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {label} | {'yes' if met else '**no**'} | {value} | {'' if met else why} |"
        for label, met, value, why in checks
    ]
    return lines + [""]


def show_section(section, write):
    """Print a section another benchmark wrote and, when asked (its --write), put it into
    BENCHMARKS.md."""
    sys.stdout.write(section)
    if write:
        put_section(Path(__file__).resolve().parent.parent / "BENCHMARKS.md", section)


def put_section(path, section):
    """Put a section another benchmark wrote (its first line is its "## " heading) into the
    report at `path`: in place of the one with the same heading, else at the end."""
    heading = section.splitlines()[0]
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if f"\n{heading}\n" in f"\n{text}":
        before, rest = f"\n{text}".split(f"\n{heading}\n", 1)
        after = rest[rest.find("\n## ") + 1 :] if "\n## " in rest else ""
        text = before.lstrip("\n") + "\n" + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def rewrite(path, results):
    """Write the report to `path`, keeping the sections that other benchmarks appended to it
    (bench/languages.py, bench/desk.py), which the results do not hold."""
    report = write_markdown(results)
    ours = {line for line in report.splitlines() if line.startswith("## ")}
    kept, keeping = [], False
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    for line in old.splitlines():
        if line.startswith("## "):
            keeping = line not in ours
        if keeping:
            kept.append(line)
    appended = "\n".join(["", *kept]) + "\n" if kept else ""
    path.write_text(report + appended, encoding="utf-8")


if __name__ == "__main__":
    # Rewrite BENCHMARKS.md from the last results, e.g. after a change to this report.
    import json
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    results = json.loads((root / "bench" / "results.json").read_text())
    rewrite(root / "BENCHMARKS.md", results)
    sys.stdout.write("Rewrote BENCHMARKS.md from bench/results.json\n")
