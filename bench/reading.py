"""How well the desk reads wire copy: `suggest_claims` scored against an annotated corpus.

    python bench/reading.py CORPUS_DIR [--write]

CORPUS_DIR holds pairs NAME.txt (an article) and NAME.json (its annotation: every claim with its
sentence, source, speaker, stance and figures, and the numbers that are not figures), in the
format its README describes. Scored as that README says: claims are aligned by sentence, then by
source; a suggested figure is right when its qualifier, low, high and unit are those of a figure
of the same claim's sentence; any suggested figure whose value is a listed non-figure is a trap
taken. Scores are given in total, by article, by attribution form and by trap kind. With
--write the section "Reading wire copy" of BENCHMARKS.md is replaced by this run's.

No database is needed: the desk reads with no sources known, as on a fresh installation.
"""

import argparse
import json
import os
import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-key")

import django  # noqa: E402

django.setup()

from report import show_section  # noqa: E402 (bench/report.py)

from desk.extraction import suggest_claims  # noqa: E402

HEADING = "## Reading wire copy"
UNIT_WORDS = {"%": "percent", "per cent": "percent", "$": "usd", "us dollars": "usd"}


def plain(text):
    text = re.sub(r"'s\b", "", (text or "").lower())  # "the district's office"
    text = re.sub(r"[^\w\s]", " ", text)
    words = [word for word in text.split() if word != "the"]
    return " ".join(words)


def same_party(suggested, annotated):
    """Loosely, as the corpus README asks: one normalised name inside the other."""
    a, b = plain(suggested), plain(annotated)
    return bool(a and b) and (a == b or a in b or b in a)


def unit_of(unit):
    unit = (unit or "").strip().lower()
    return UNIT_WORDS.get(unit, unit)


def number(value):
    return None if value is None else Decimal(str(value)).normalize()


def figure_key(qualifier, low, high, unit):
    return (qualifier, number(low), number(high), unit_of(unit))


def values_of(keys):
    """The same figures by value alone (low and high), whatever their qualifier and unit."""
    found = Counter()
    for (_, low, high, _), count in keys.items():
        found[(low, high)] += count
    return found


def source_of(suggestion):
    return suggestion.new_source or suggestion.source or ""


def score_article(text, annotation, totals, by_form, by_trap, article_row):
    suggestions = suggest_claims(text)
    traps = {number(value) for value in annotation.get("not_figures", [])}
    used = set()
    counts = Counter()
    for claim in annotation["claims"]:
        at = text.index(claim["sentence_contains"])
        here = [
            (index, s)
            for index, s in enumerate(suggestions)
            if s.sentence.start <= at < s.sentence.end
        ]
        # By source first; otherwise any suggestion of the sentence not yet taken.
        free = [(i, s) for i, s in here if i not in used]
        match = next(
            (pair for pair in free if same_party(source_of(pair[1]), claim["source"])), None
        )
        match = match or (free[0] if free else None)
        counts["claims"] += 1
        counts["figures"] += len(claim["figures"])
        hits = Counter()
        if match is not None:
            used.add(match[0])
            suggestion = match[1]
            hits["found"] = 1
            hits["source"] = same_party(source_of(suggestion), claim["source"])
            hits["speaker"] = plain(suggestion.speaker_name) == plain(claim["speaker_name"])
            hits["stance"] = (suggestion.stance or "") == claim["stance"]
            hits["role"] = same_party(suggestion.speaker_role, claim["speaker_role"]) or not (
                suggestion.speaker_role or claim["speaker_role"]
            )
            hits["via"] = plain(suggestion.via) == plain(claim["via"])
        wanted = Counter(
            figure_key(f["qualifier"], f["low"], f["high"], f["unit"]) for f in claim["figures"]
        )
        offered = Counter()
        for _, suggestion in here:
            for figure in suggestion.figures:
                offered[figure_key(figure.qualifier, figure.low, figure.high, figure.unit)] += 1
        hits["figures_found"] = sum((wanted & offered).values())
        hits["values_found"] = sum((values_of(wanted) & values_of(offered)).values())
        for name, value in hits.items():
            counts[name] += int(value)
        for form in claim.get("forms", []):
            by_form[form]["claims"] += 1
            for name in ("source", "speaker", "role", "via", "stance"):
                by_form[form][name] += int(hits[name])
    # Suggested figures, each once: right when some annotated figure of its sentence is it.
    annotated_by_sentence = Counter()
    for claim in annotation["claims"]:
        at = text.index(claim["sentence_contains"])
        for figure in claim["figures"]:
            annotated_by_sentence[(at, figure_key(**{k: figure[k] for k in FIGURE_KEYS}))] += 1
    for suggestion in suggestions:
        for figure in suggestion.figures:
            counts["suggested_figures"] += 1
            key = figure_key(figure.qualifier, figure.low, figure.high, figure.unit)
            inside = [
                (at, k)
                for (at, k) in annotated_by_sentence
                if k == key and suggestion.sentence.start <= at < suggestion.sentence.end
            ]
            if inside:
                counts["right_figures"] += 1
            values = {number(figure.low), number(figure.high)} - {None}
            if values & traps:
                counts["traps_taken"] += 1
                for span in annotation.get("trap_spans", []):
                    if any(str(v) in span["text"].replace(",", "") for v in values):
                        by_trap[span["kind"]] += 1
                        break
    counts["suggestions"] = len(suggestions)
    for name, value in counts.items():
        totals[name] += value
    article_row.update(counts)


FIGURE_KEYS = ("qualifier", "low", "high", "unit")


def percent(part, whole):
    return f"{100 * part / whole:.0f}% ({part} of {whole})" if whole else "—"


def report(corpus):
    totals, by_form, by_trap = Counter(), {}, Counter()
    articles = {}
    for path in sorted(Path(corpus).glob("*.txt")):
        annotation = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        for claim in annotation["claims"]:
            for form in claim.get("forms", []):
                by_form.setdefault(form, Counter())
        row = Counter()
        score_article(path.read_text(encoding="utf-8"), annotation, totals, by_form, by_trap, row)
        articles[path.stem] = row
    lines = [
        HEADING,
        "",
        f"`python bench/reading.py CORPUS_DIR --write`, on {len(articles)} annotated wire "
        "articles: `suggest_claims` with no sources known. *Figures found*: annotated figures "
        "suggested on their sentence with the same qualifier, low, high and unit (*by value "
        "alone*: the same low and high); *right*: "
        "suggested figures that are one of their sentence's; *traps*: suggested figures whose "
        "value the annotation lists as not a figure. Sources, speakers, roles, *via* and "
        "stances are per annotated claim (roles, like sources, compared loosely: one name "
        "inside the other).",
        "",
        "| | claims found | figures found | by value alone | figures right | traps taken "
        "| source | speaker | role | via | stance |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]

    def row(name, c):
        return (
            f"| {name} | {percent(c['found'], c['claims'])} | "
            f"{percent(c['figures_found'], c['figures'])} | "
            f"{percent(c['values_found'], c['figures'])} | "
            f"{percent(c['right_figures'], c['suggested_figures'])} | {c['traps_taken']} | "
            f"{percent(c['source'], c['claims'])} | {percent(c['speaker'], c['claims'])} | "
            f"{percent(c['role'], c['claims'])} | {percent(c['via'], c['claims'])} | "
            f"{percent(c['stance'], c['claims'])} |"
        )

    lines.append(row("**all**", totals))
    lines += [row(name, counts) for name, counts in articles.items()]
    lines += [
        "",
        "By attribution form (annotated claims tagged with it):",
        "",
        "| form | claims | source | speaker | role | via | stance |",
        "|---|---|---|---|---|---|---|",
    ]
    for form, c in sorted(by_form.items()):
        lines.append(
            f"| {form} | {c['claims']} | {percent(c['source'], c['claims'])} | "
            f"{percent(c['speaker'], c['claims'])} | {percent(c['role'], c['claims'])} | "
            f"{percent(c['via'], c['claims'])} | {percent(c['stance'], c['claims'])} |"
        )
    lines += ["", "Traps taken, by kind: " + (
        ", ".join(f"{kind} {n}" for kind, n in sorted(by_trap.items())) or "none"
    ), ""]  # fmt: skip
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of NAME.txt and NAME.json pairs")
    parser.add_argument("--write", action="store_true", help="put the scores in BENCHMARKS.md")
    arguments = parser.parse_args()
    section = report(arguments.corpus)
    show_section(section, arguments.write)


if __name__ == "__main__":
    main()
