"""The running-toll chart and the embed as a reader's browser shows them, with the
accessibility scan; SCREENSHOTS_DIR=docs keeps their pictures for README."""

import os

from playwright.sync_api import expect

from tests.browser.test_accessibility import violations

DOCS = os.environ.get("SCREENSHOTS_DIR")


def test_the_running_toll_chart_is_drawn(page, live_server, toll):
    page.set_viewport_size({"width": 900, "height": 900})
    page.goto(live_server.url + "/events/event-42/")
    chart = page.locator("figure.toll-chart")
    expect(chart.get_by_role("img", name="How many died?: figures by date")).to_be_visible()
    expect(chart.locator("table")).to_contain_text("471 people")
    box = chart.locator("svg").bounding_box()
    assert box["width"] > 600 and box["height"] > 150
    if DOCS:
        chart.screenshot(path=f"{DOCS}/running-toll.png")


def test_no_accessibility_violations_with_a_running_toll_and_in_the_embed(
    axe_page, live_server, toll
):
    assert violations(axe_page, live_server.url + "/events/event-42/") == []
    assert violations(axe_page, live_server.url + "/events/event-42/embed/") == []
