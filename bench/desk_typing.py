"""How many fields an editor types to enter an article at the desk, in a real browser.

    python bench/desk_typing.py CORPUS_DIR [--seed] [--write]

CORPUS_DIR holds the annotated articles (NAME.txt and NAME.json, as bench/reading.py reads
them). Two are entered, chosen by counting their annotations: the first (by name) whose opening
paragraphs hold exactly 4 claims from 3 sources, cut there, and the first whole article of 9
claims. A live server runs on a fresh SQLite database (with --seed, holding the Aleppo seed),
and Chromium, as a user of the Editors group, pastes each article at the desk, accepts what the
desk suggests where the annotation agrees and corrects what it says differs, then saves.

Every field typed or changed counts one (a choice in a list too, a box unticked, a click on
"Add" or on "use the question's measure"): the article's title and its pasted text, the
event's title, and on each row its question, source, speaker, role, stance, figure (qualifier,
value, upper value, unit) and through whom. Each annotated figure is a row on the question of
what it counts; a claim with no figure (a denial, no comment) is a row on a statement question
of its own. A question the desk proposes is kept when it names what the annotation says is
counted; a name kept must be the same for every row of one source, as the editor would make
it. What is counted, the place and the period are soft fields and are not corrected. With
--write the section "Typing at the desk" of BENCHMARKS.md is replaced by this run's.
"""

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from report import show_section  # noqa: E402 (bench/report.py)

from tests.browser.chromium import launch, log_in  # noqa: E402

HEADING = "## Typing at the desk"
EDITOR = ("bench-editor", "bench-editor-pass-1")
MAKE_EDITOR = f"""
from django.contrib.auth.models import Group, User
from claims.roles import EDITORS, ensure_roles
ensure_roles()
user = User.objects.create_user({EDITOR[0]!r}, password={EDITOR[1]!r}, is_staff=True)
user.groups.add(Group.objects.get(name=EDITORS))
"""
UNIT_WORDS = {"%": "percent", "per cent": "percent", "$": "usd", "us dollars": "usd"}
SMALL_WORDS = {"the", "a", "an", "of", "in", "on", "to", "for", "and", "by", "from"}


def plain(text):
    text = re.sub(r"'s\b", "", (text or "").lower())
    return " ".join(word for word in re.sub(r"[^\w\s]", " ", text).split() if word != "the")


def same_party(given, annotated):
    a, b = plain(given), plain(annotated)
    return bool(a and b) and (a == b or a in b or b in a)


def unit_of(unit):
    unit = (unit or "").strip().lower()
    return UNIT_WORDS.get(unit, unit)


def number(text):
    try:
        return None if text in (None, "") else Decimal(str(text)).normalize()
    except ArithmeticError:
        return None


def names_counted(question, counted):
    """Whether a question the desk proposes names what the annotation says is counted."""
    words = [w for w in plain(counted).split() if w not in SMALL_WORDS]
    asked = plain(question).split()
    return bool(words) and all(any(a.startswith(w[:5]) for a in asked) for w in words)


# Choosing the articles ----------------------------------------------------------------------


def article_parts(corpus):
    """(name, text, claims) for every article and each of its openings, paragraph by paragraph."""
    for path in sorted(Path(corpus).glob("*.json")):
        annotation = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = path.with_suffix(".txt").read_text(encoding="utf-8").strip().split("\n\n")
        for count in range(1, len(paragraphs) + 1):
            text = "\n\n".join(paragraphs[:count])
            claims = [c for c in annotation["claims"] if c["sentence_contains"] in text]
            whole = count == len(paragraphs)
            yield path.stem, text, claims, whole, count


def choose(corpus):
    short = long = None
    for name, text, claims, whole, count in article_parts(corpus):
        sources = {plain(claim["source"]) for claim in claims}
        if short is None and len(claims) == 4 and len(sources) == 3:
            label = name if whole else f"{name}, first {count} paragraphs"
            short = (label, text, claims)
        if long is None and whole and len(claims) == 9:
            long = (name, text, claims)
    return [article for article in (short, long) if article]


def expected_rows(claims):
    """The rows an editor enters: one per annotated figure, one per claim without figures."""
    rows = []
    for claim in claims:
        for figure in claim["figures"]:
            group = ("figure", unit_of(figure["unit"]), plain(figure["counted"]))
            rows.append({"claim": claim, "figure": figure, "group": group})
        if not claim["figures"]:
            rows.append({"claim": claim, "figure": None, "group": ("statement", id(claim))})
    return rows


# The live server ----------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(folder, seed):
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{folder}/desk-typing.sqlite3",
        "DJANGO_SETTINGS_MODULE": "claimtracker.settings",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    quiet = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([*manage, "migrate", "--noinput"], **quiet)
    if seed:
        subprocess.run([*manage, "load_seeds"], **quiet)
    subprocess.run([*manage, "shell", "-c", MAKE_EDITOR], **quiet)
    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/health/", timeout=1)  # noqa: S310 (our own server)
            break
        except OSError:
            time.sleep(0.2)
    return server, url


# Entering one article -----------------------------------------------------------------------


class Editor:
    """Fills the desk as the annotation says, counting each field typed or changed."""

    def __init__(self, page):
        self.page = page
        self.typed = Counter()

    def fill(self, selector, value, kind):
        field = self.page.locator(selector)
        if field.evaluate("e => e.closest('details') && !e.closest('details').open"):
            field.evaluate("e => { e.closest('details').open = true; }")
        field.fill(value)
        self.typed[kind] += 1

    def value(self, selector):
        return self.page.locator(selector).input_value()

    def enter(self, url, title, text, claims):
        page = self.page
        page.goto(url + "/desk/")
        self.fill("#id_title", title, "article")
        self.fill("#id_text", text, "article")  # pasted
        page.get_by_role("button", name="Read it for claims").click()
        page.wait_for_selector("#id_event")
        self.fill("#id_event", f"{title} (desk benchmark)", "event")
        wanted = expected_rows(claims)
        matched = self.match_rows(wanted, text)
        questions, names = {}, {}
        for index, row in matched:
            self.correct(index, row, questions, names)
        page.get_by_role("button", name="Enter the ticked claims").click()
        page.wait_for_load_state()
        while page.locator("button[name=use_measure]").count():
            page.locator("button[name=use_measure]").first.click()
            page.wait_for_load_state()
            self.typed["measure"] += 1
        saved = "/events/" in page.url
        errors = [] if saved else page.locator(".errorlist, .form-errors").all_inner_texts()
        return saved, len(wanted), errors

    def rows(self):
        """[(index, sentence number, low, high, source)] of the rows on the page."""
        found = []
        for index in range(int(self.value("#id_claims-TOTAL_FORMS"))):
            prefix = f"#id_claims-{index}-"
            found.append(
                (
                    index,
                    int(self.value(prefix + "sentence")),
                    number(self.value(prefix + "low")),
                    number(self.value(prefix + "high")),
                    self.value(prefix + "source"),
                )
            )
        return found

    def sentence_of(self, text_part):
        items = self.page.locator("ol.sentences > li")
        for number_, item in enumerate(items.all_inner_texts()):
            if text_part in item:
                return number_
        raise LookupError(text_part)

    def match_rows(self, wanted, text):
        """Each wanted row with a row of the page: by sentence, then value or source; a row
        added for each one the desk did not suggest, and the rest unticked."""
        places = [self.sentence_of(row["claim"]["sentence_contains"]) for row in wanted]
        used, matched, missing = set(), [], []
        for row, sentence in zip(wanted, places, strict=True):
            free = [r for r in self.rows() if r[1] == sentence and r[0] not in used]
            pick = None
            if row["figure"]:
                low, high = number(row["figure"]["low"]), number(row["figure"]["high"])
                pick = next((r for r in free if r[2] in (low, high) and r[2] is not None), None)
                pick = pick or next((r for r in free if r[3] == high and high is not None), None)
            pick = pick or next((r for r in free if same_party(r[4], row["claim"]["source"])), None)
            pick = pick or (free[0] if free else None)
            if pick is None:
                missing.append((row, sentence))
                continue
            used.add(pick[0])
            matched.append((pick[0], row))
        for row, sentence in missing:
            self.page.locator(f"#sentence-{sentence} button[name=add_sentence]").click()
            self.page.wait_for_load_state()
            self.typed["add"] += 1
            index = int(self.value("#id_claims-TOTAL_FORMS")) - 1
            used.add(index)
            matched.append((index, row))
        for index, *_ in self.rows():
            if index not in used and self.page.locator(f"#id_claims-{index}-keep").is_checked():
                self.page.locator(f"#id_claims-{index}-keep").uncheck()
                self.typed["untick"] += 1
        return matched

    def correct(self, index, row, questions, names):
        claim, figure = row["claim"], row["figure"]
        prefix = f"#id_claims-{index}-"

        def differs(name, wanted, same=lambda a, b: plain(a) == plain(b)):
            if not same(self.value(prefix + name), wanted):
                self.fill(prefix + name, wanted, name)

        proposed = self.value(prefix + "question")
        group = row["group"]
        if group not in questions:
            if figure and names_counted(proposed, figure["counted"]):
                questions[group] = proposed
            elif figure:
                questions[group] = f"How many {figure['counted']}?"
            else:
                questions[group] = claim["sentence_contains"][:120] + "?"
        differs("question", questions[group], lambda a, b: a.strip() == b.strip())
        source = plain(claim["source"])
        given = self.value(prefix + "source")
        if source not in names and same_party(given, claim["source"]):
            names[source] = given
        differs("source", names.setdefault(source, claim["source"]))
        differs("speaker_name", claim["speaker_name"])
        differs("speaker_role", claim["speaker_role"], lambda a, b: same_party(a, b) or a == b)
        differs("via", claim["via"], lambda a, b: same_party(a, b) or plain(a) == plain(b))
        if figure is None:
            if self.value(prefix + "stance") != claim["stance"]:
                self.page.select_option(prefix + "stance", claim["stance"])
                self.typed["stance"] += 1
            if self.value(prefix + "qualifier"):
                self.page.select_option(prefix + "qualifier", "")
                self.typed["qualifier"] += 1
            return
        if self.value(prefix + "qualifier") != figure["qualifier"]:
            self.page.select_option(prefix + "qualifier", figure["qualifier"])
            self.typed["qualifier"] += 1
        low, high = figure["low"], figure["high"]
        if figure["qualifier"] == "at_most":  # the desk's one value is the bound
            low, high = high, None
        for name, wanted in (("low", low), ("high", high)):
            if number(self.value(prefix + name)) != number(wanted):
                self.fill(prefix + name, "" if wanted is None else str(wanted), name)
        differs("unit", figure["unit"], lambda a, b: unit_of(a) == unit_of(b))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="the folder of annotated articles (NAME.txt, NAME.json)")
    parser.add_argument("--seed", action="store_true", help="start from the Aleppo seed")
    parser.add_argument("--write", action="store_true", help="write the section into BENCHMARKS.md")
    options = parser.parse_args()
    chosen = choose(options.corpus)
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory() as folder:
        server, url = start_server(folder, options.seed)
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright)
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                log_in(page, url, *EDITOR)
                for label, text, claims in chosen:
                    editor = Editor(page)
                    title = label.split(",")[0].replace("-", " ").capitalize()
                    started = time.monotonic()
                    saved, rows, errors = editor.enter(url, title, text, claims)
                    seconds = time.monotonic() - started
                    sources = len({plain(claim["source"]) for claim in claims})
                    results.append((label, len(claims), sources, rows, editor.typed, saved, errors))
                    print(label, dict(editor.typed), saved, errors, f"{seconds:.1f} s", flush=True)
                browser.close()
        finally:
            server.terminate()
            server.wait()
    text = report(results, options)
    show_section(text, options.write)


def report(results, options):
    kinds = ["article", "event", "question", "source", "speaker_name", "speaker_role", "via"]
    kinds += ["stance", "qualifier", "low", "high", "unit", "add", "untick", "measure"]
    command = "python bench/desk_typing.py CORPUS_DIR" + (" --seed" if options.seed else "")
    lines = [
        HEADING,
        "",
        f"    {command} --write",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on a fresh database"
        + (" holding the Aleppo seed" if options.seed else "")
        + ", by an editor of the",
        "Editors group in Chromium; CORPUS_DIR is the annotated wire corpus. Fields typed or",
        "changed, a choice in a list counting one, the article's title and pasted text two; the",
        "script's docstring says what is corrected. The desk's suggestions (sources, speakers,",
        "figures) decide most of the count; its rows decide the rest.",
        "",
        "| article | claims | sources | rows | typed | of which | saved |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, claims, sources, rows, typed, saved, errors in results:
        detail = ", ".join(f"{kind} {typed[kind]}" for kind in kinds if typed[kind])
        outcome = "yes" if saved else "no: " + "; ".join(errors)[:200]
        total = sum(typed.values())
        lines.append(
            f"| {label} | {claims} | {sources} | {rows} | {total} | {detail} | {outcome} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
