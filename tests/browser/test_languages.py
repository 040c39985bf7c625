"""In Chromium: an Arabic quote reads right to left inside the English comparison, and the whole
interface in Arabic is laid out right to left; axe finds nothing in either.

With UPDATE_SCREENSHOTS=1 the two pages are saved to docs/ for the README. The data is made up.
"""

import os
import shutil
from pathlib import Path

import pytest

from claims.models import Figure
from tests.browser.test_accessibility import choose_language, violations
from tests.factories import make_claim, make_event, make_figure, make_question, make_source

DOCS = Path(__file__).resolve().parents[2] / "docs"
ARABIC_QUOTE = "أغلق الجسر مساء الاثنين، ولم يعبر أحد منذ ذلك الحين."
TRANSLATION = "The bridge was closed on Monday evening, and no one has crossed since."


@pytest.fixture
def event_with_an_arabic_quote(transactional_db):
    event = make_event(title="Event 42", slug="event-42", place="Placeville")
    bridge = make_question(
        event=event, slug="bridge", text="Was the bridge closed?", kind="statement"
    )
    fled = make_question(event=event, slug="fled", text="How many people left the city?")
    ministry = make_source(name="Ministry 7", slug="ministry-7", kind="government")
    monitor = make_source(name="المرصد 3", slug="monitor-3")
    make_claim(
        question=bridge,
        source=monitor,
        summary="Says the bridge closed on Monday evening",
        quote=ARABIC_QUOTE,
        quote_language="ar",
        quote_translation=TRANSLATION,
        translated_by="the newsroom",
        stated_on="2016-12-12",
    )
    make_claim(question=bridge, source=ministry, stance="denies", summary="Says it is open")
    make_figure(make_claim(question=fled, source=monitor, summary="About 3,000 left"),
                qualifier=Figure.Qualifier.ABOUT, low=3000)  # fmt: skip
    make_figure(make_claim(question=fled, source=ministry, summary="At least 500 left"),
                qualifier=Figure.Qualifier.AT_LEAST, low=500)  # fmt: skip
    return event


def keep_screenshot(page, name, tmp_path):
    path = tmp_path / name
    page.screenshot(path=path, full_page=False)
    assert path.stat().st_size > 10_000  # something was drawn
    if os.environ.get("UPDATE_SCREENSHOTS"):
        shutil.copy(path, DOCS / name)


def test_an_arabic_quote_reads_right_to_left_in_the_english_comparison(
    axe_page, live_server, event_with_an_arabic_quote, tmp_path
):
    page = axe_page
    page.set_viewport_size({"width": 1280, "height": 800})
    choose_language(page, live_server.url, "en")
    page.goto(live_server.url + "/events/event-42/#matrix")
    assert page.locator("html").get_attribute("dir") == "ltr"
    original = page.locator(".cell-original", has_text="أغلق الجسر")
    assert original.evaluate("element => getComputedStyle(element).direction") == "rtl"
    # Right to left: the sentence's first word is drawn at the right-hand end of its line.
    first_word = original.evaluate(
        """element => {
            const range = document.createRange();
            const text = element.firstChild;
            range.setStart(text, 0);
            range.setEnd(text, 4);
            return range.getBoundingClientRect().right;
        }"""
    )
    box = original.bounding_box()
    assert first_word > box["x"] + box["width"] / 2
    assert page.get_by_text(TRANSLATION).is_visible()
    keep_screenshot(page, "comparison-arabic-quote.png", tmp_path)
    assert violations(page, live_server.url + "/events/event-42/") == []


def test_the_interface_in_arabic_is_laid_out_right_to_left(
    axe_page, live_server, event_with_an_arabic_quote, tmp_path
):
    page = axe_page
    page.set_viewport_size({"width": 1280, "height": 800})
    choose_language(page, live_server.url, "ar")
    page.goto(live_server.url + "/events/event-42/#matrix")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("link", name="المصادر").first.is_visible()
    # The questions' column, first in reading order, is on the right.
    question = page.locator("#question-bridge .question-col").bounding_box()
    cell = page.locator("#question-bridge td").first.bounding_box()
    assert question["x"] > cell["x"]
    # English data keeps its own direction and language inside the Arabic page.
    summary = page.locator("bdi[lang=en]", has_text="Ministry 7").first
    assert summary.evaluate("element => getComputedStyle(element).direction") == "ltr"
    keep_screenshot(page, "comparison-in-arabic.png", tmp_path)
    assert violations(page, live_server.url + "/events/event-42/") == []


def test_the_language_switch_in_the_header_changes_the_interface(page, live_server, db):
    page.goto(live_server.url + "/sources/")
    page.get_by_role("link", name="العربيّة").click()
    page.wait_for_url("**/sources/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/sources/")
    assert page.locator("html").get_attribute("dir") == "ltr"
