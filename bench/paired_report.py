"""The paired section of BENCHMARKS.md, from the "paired" results of bench/paired.py.

Each comparison shows both numbers of each round and their ratio; the targets are the issue's.
"""

BROWSER_VS_DATASETTE = 1.5
BROWSER_VS_DATASETTE_GOAL = 4
CLAIM_PAGE_VS_TRIVIAL = 0.15
SEARCH_P95_MS = 50
SEARCH_UNDER_LOAD_VS_DATASETTE = 1
BIG_EVENT_MS = 100
SMALL_EVENT_MS = 20
# "Flat": an export of every claim grows no server process by more than this, however many
# claims it writes.
EXPORT_RSS_GROWTH_MB = 50
CSV_VS_COPY = 0.5
CSV_VS_DATASETTE_PER_CLAIM = 5
JSON_MB_PER_S = 25


def ratio_cells(rounds, value, reference_value=None):
    """'app / reference = ratio' for each round."""
    reference_value = reference_value or value
    cells = []
    for measured in rounds:
        app, reference = value(measured["app"]), reference_value(measured["reference"])
        ratio = f"**{app / reference:.2f}×**" if reference else "no ratio (nothing answered)"
        cells.append(f"{app:,} / {reference:,} = {ratio}")
    return cells


def ratios(rounds, value, reference_value=None):
    reference_value = reference_value or value
    return [
        value(m["app"]) / reference_value(m["reference"])
        for m in rounds
        if reference_value(m["reference"])
    ]


def verdict(values, met):
    """Met in both rounds: yes; in neither: no; else the noise decided."""
    outcomes = {met(value) for value in values}
    return "yes" if outcomes == {True} else "**no**" if outcomes == {False} else "in one round"


def paired_section(paired):
    settings = paired["load_settings"]
    rows = []

    def row(what, target, cells, met):
        rows.append(f"| {what} | {target} | " + " | ".join(cells) + f" | {met} |")

    browser = paired["browser"]
    row(
        "claim browser, random source, random page 1–200, cold ÷ Datasette's keyset page by "
        "the same source at the same depth (requests/s)",
        f"≥ {BROWSER_VS_DATASETTE}× (goal {BROWSER_VS_DATASETTE_GOAL}×)",
        ratio_cells(browser, lambda m: m["rps"]),
        verdict(ratios(browser, lambda m: m["rps"]), lambda r: r >= BROWSER_VS_DATASETTE),
    )
    claim_page = paired["claim_page"]
    row(
        "a random published claim's page, cold ÷ /healthz on the same server (requests/s)",
        f"≥ {CLAIM_PAGE_VS_TRIVIAL}×",
        ratio_cells(claim_page, lambda m: m["rps"]),
        verdict(ratios(claim_page, lambda m: m["rps"]), lambda r: r >= CLAIM_PAGE_VS_TRIVIAL),
    )
    for kind, rounds in paired["search"].items():
        app_p95 = [m["app"]["p95_ms"] for m in rounds]
        row(
            f"search, each of {rounds[0]['app']['requests']} {kind} words once, one request at "
            "a time: p95 ms ÷ Datasette's full-text search of the same words",
            f"< {SEARCH_P95_MS} ms",
            ratio_cells(rounds, lambda m: m["p95_ms"]),
            verdict(app_p95, lambda p95: p95 < SEARCH_P95_MS),
        )
    if "search_load" in paired:
        rounds = paired["search_load"]
        row(
            "search under load, a random common or rare word ÷ Datasette's full-text search of "
            "the same words (requests/s)",
            f"≥ {SEARCH_UNDER_LOAD_VS_DATASETTE}×",
            ratio_cells(rounds, lambda m: m["rps"]),
            verdict(
                ratios(rounds, lambda m: m["rps"]), lambda r: r >= SEARCH_UNDER_LOAD_VS_DATASETTE
            ),
        )
    for name, target in (("30 × 50", BIG_EVENT_MS), ("small", SMALL_EVENT_MS)):
        rounds = paired["events"][name]
        label = (
            "the 30 sources × 50 questions event"
            if name == "30 × 50"
            else f"an event of {paired['small_event_claims']} claims"
        )
        row(
            f"{label}, cold, one request at a time: median ms ÷ /healthz's",
            f"< {target} ms",
            ratio_cells(rounds, lambda m: m["median_ms"]),
            verdict([m["app"]["median_ms"] for m in rounds], lambda ms, target=target: ms < target),
        )
    exports = paired["exports"]
    reference = "COPY" if "csv, Datasette" in exports else "Datasette's CSV"
    for name, rounds in exports.items():
        if name == "csv, Datasette":
            row(
                "CSV of every claim over HTTP ÷ Datasette's streamed CSV of the claims table "
                "(claims/s)",
                f"≥ {CSV_VS_DATASETTE_PER_CLAIM}×",
                ratio_cells(rounds, lambda m: m["claims_per_s"]),
                verdict(
                    ratios(rounds, lambda m: m["claims_per_s"]),
                    lambda r: r >= CSV_VS_DATASETTE_PER_CLAIM,
                ),
            )
            continue
        form = name.split(",")[0].upper()
        gzipped = ", gzipped" if "gzip" in name else ""
        if form == "CSV" and not gzipped:
            target = f"≥ {CSV_VS_COPY}× (MB/s)"
            met = verdict(ratios(rounds, lambda m: m["mb_per_s"]), lambda r: r >= CSV_VS_COPY)
        elif form == "JSON":
            target = f"≥ {JSON_MB_PER_S} MB/s"
            met = verdict([m["app"]["mb_per_s"] for m in rounds], lambda v: v >= JSON_MB_PER_S)
        else:
            target, met = "", ""
        row(
            f"{form} of every claim over HTTP{gzipped} ÷ the ordered {reference} of the same "
            "rows: MB/s",
            target,
            ratio_cells(rounds, lambda m: m["mb_per_s"]),
            met,
        )
        row(
            f"{form} of every claim over HTTP{gzipped} ÷ the ordered {reference}: claims/s",
            "",
            ratio_cells(rounds, lambda m: m["claims_per_s"]),
            "",
        )
    growth = [
        measured["app"]["server_rss_peak_mb"] - measured["app"]["server_rss_baseline_mb"]
        for rounds in exports.values()
        for measured in rounds
        if "server_rss_peak_mb" in measured["app"]
    ]
    if growth:
        row(
            "memory during the exports: the largest growth of a server process's resident "
            "size (VmRSS) over its size before, in MB, of every export above",
            f"≤ {EXPORT_RSS_GROWTH_MB} MB",
            [f"{max(growth):.1f} MB"] + [""] * (paired["rounds"] - 1),
            verdict(growth, lambda mb: mb <= EXPORT_RSS_GROWTH_MB),
        )
    header = " | ".join(
        f"round {number + 1}: app / reference" for number in range(paired["rounds"])
    )
    lines = [
        "## Paired: every ratio measured back to back in one run",
        "",
        "Regenerate with:",
        "",
        f"    {paired['command']}",
        "",
        f"Measured {paired['date']} on {paired['machine']}, {paired['database']}, "
        f"{paired['claims']:,} claims ({paired['exported_claims']:,} in a reader's export), in "
        f"{paired['minutes']} minutes. Each comparison ran twice, app then reference and then "
        "reference then app, on the same URLs: the ratio of one round is of two numbers taken "
        f"seconds apart. Load: gunicorn, {settings['gunicorn_workers']} workers, page cache off; "
        f"wrk, {settings['wrk_threads']} threads (each seeded apart), "
        f"{settings['wrk_connections']} connections, {settings['wrk_seconds']} s; Datasette "
        f"{settings['datasette']} on the same data in SQLite. Exports are read over HTTP by a "
        "client as they stream; COPY by psql, with the export's ORDER BY. `bench/README.md` "
        "says what each number means.",
        "",
        f"| comparison | target | {header} | met |",
        "|---|---|" + "---|" * paired["rounds"] + "---|",
        *rows,
        "",
    ]
    return lines + detail_lines(paired)


def detail_lines(paired):
    lines = [
        "### Paired: the measurements behind the ratios",
        "",
        "| measurement | " + " | ".join(f"round {n + 1}" for n in range(paired["rounds"])) + " |",
        "|---|" + "---|" * paired["rounds"],
    ]

    def load_cell(m):
        return f"{m['rps']:,} req/s, p50 {m['p50_ms']} / p95 {m['p95_ms']} ms, {m['errors']} errors"

    def timing_cell(m):
        return f"median {m['median_ms']} / p95 {m['p95_ms']} ms of {m['requests']}"

    def export_cell(m):
        cell = (
            f"{m['megabytes']} MB in {m['seconds']} s: {m['mb_per_s']} MB/s, "
            f"{m['claims_per_s']:,} claims/s"
        )
        if "sent_megabytes" in m:
            cell += f", {m['sent_megabytes']} MB sent"
        if "server_rss_peak_mb" in m:
            cell += f"; server RSS {m['server_rss_baseline_mb']} → {m['server_rss_peak_mb']} MB"
        return cell

    def add(label, rounds, side, cell):
        lines.append(f"| {label} | " + " | ".join(cell(m[side]) for m in rounds) + " |")

    add("claim browser", paired["browser"], "app", load_cell)
    add("Datasette, keyset page by source", paired["browser"], "reference", load_cell)
    add("claim page", paired["claim_page"], "app", load_cell)
    add("/healthz", paired["claim_page"], "reference", load_cell)
    for kind, rounds in paired["search"].items():
        add(f"search, {kind} words", rounds, "app", timing_cell)
        add(f"Datasette search, {kind} words", rounds, "reference", timing_cell)
    if "search_load" in paired:
        add("search under load", paired["search_load"], "app", load_cell)
        add("Datasette search under load", paired["search_load"], "reference", load_cell)
    for name, rounds in paired["events"].items():
        add(f"event page ({name})", rounds, "app", timing_cell)
        add(f"/healthz beside the event page ({name})", rounds, "reference", timing_cell)
    for name, rounds in paired["exports"].items():
        add(f"export: {name}", rounds, "app", export_cell)
        by_datasette = "Datasette" in name or paired["database"] != "postgresql"
        reference = "Datasette's CSV" if by_datasette else "ordered COPY"
        add(f"reference of {name}: {reference}", rounds, "reference", export_cell)
    return lines + [""]
