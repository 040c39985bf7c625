"""In Chromium, at a phone's, a tablet's and a laptop's width, in English and in Arabic: the
comparison page is never wider than the window, and no chart's text runs into other text or
past the chart's edge. The data is made up."""

import pytest

from tests.browser.chart_labels import CHART_TEXT_CLASHES
from tests.browser.test_accessibility import choose_language
from tests.browser.test_languages import keep_screenshot
from tests.factories import make_claim, make_event, make_figure, make_question, make_source


@pytest.fixture
def event_with_charts(transactional_db):
    """Figures from several sources, with long names and wide numbers, a range, an open bound
    and percentages: what a chart's labels can run into each other with."""
    event = make_event(title="Event 77", slug="event-77", place="Placeville")
    toll = make_question(event=event, slug="toll", text="How many people died in Placeville?")
    share = make_question(event=event, slug="share", text="What share of homes was hit?", unit="%")
    sources = [
        make_source(name="Ministry of Made-up Affairs of the Republic of Nowhere", slug="ministry"),
        make_source(name="Monitor 9", slug="monitor-9"),
        make_source(name="المرصد التجريبي للحقوق", slug="arabic-monitor"),
    ]
    figures = [("at_least", 413, None), ("about", 1_300_000, None), ("between", 250_000, 900_000)]
    for source, (qualifier, low, high) in zip(sources, figures, strict=True):
        claim = make_claim(question=toll, source=source, summary=f"{source.name} on the dead")
        make_figure(claim, qualifier=qualifier, low=low, high=high, period="since 15 March")
    for source, low in zip(sources, (98, 12, 55), strict=False):
        claim = make_claim(question=share, source=source, summary=f"{source.name} on homes")
        make_figure(claim, low=low, unit="%")
    return event


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("width", [390, 768, 1366])
def test_the_comparison_fits_the_window_and_its_charts_labels_never_clash(
    chromium, live_server, event_with_charts, language, width, tmp_path
):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    choose_language(page, live_server.url, language)
    page.goto(live_server.url + "/events/event-77/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("figure.chart svg.chart-bars").count() == 2  # both questions are compared
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(CHART_TEXT_CLASHES) == []
    for chart in page.locator("figure.chart svg.chart-bars").all():
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width  # on screen, not clipped
    if (width, language) == (1366, "en"):  # for the README, with UPDATE_SCREENSHOTS=1
        page.locator("#figures-toll").evaluate("element => element.scrollIntoView()")
        keep_screenshot(page, "comparison-chart.png", tmp_path)
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_seed_comparison_fits_a_laptop_and_is_short_on_a_phone(
    chromium, seeded_live_server, language
):
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    choose_language(page, seeded_live_server.url, language)
    page.goto(seeded_live_server.url + "/events/aleppo-december-2016/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("document.documentElement.scrollHeight") < 6000
    context.close()
