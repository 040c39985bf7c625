"""The comparison in a real Chromium: open it, filter it, follow a cell, find the chart."""

import re

from playwright.sync_api import expect

EVENT = "/events/aleppo-december-2016/"


def test_home_leads_to_the_comparison_with_seed_figures(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/")
    page.get_by_role("link", name="End of the battle for Aleppo").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("End of the battle for Aleppo")
    expect(page.locator("#question-civilians-killed-east")).to_contain_text("at least 413 people")
    expect(page.locator("#question-civilians-killed-east")).to_contain_text("since 15 November")
    expect(page.locator("#question-civilians-fled-24-hours")).to_contain_text(
        "10,000–13,000 people"
    )
    expect(page.locator("#question-civilians-fled-total")).to_contain_text("about 130,000 people")
    expect(page.locator("#question-civilians-remaining")).to_contain_text("100,000 people")


def test_safe_passage_row_is_marked_contested(page, seeded_live_server):
    page.goto(seeded_live_server.url + EVENT)
    row = page.locator("#question-safe-passage")
    expect(row.locator(".verdict")).to_have_text("Contested")
    expect(row.locator(".stance-denies")).to_have_text("Denies")
    expect(row.locator(".stance-affirms").first).to_have_text("Affirms")


def test_filter_the_comparison_by_ticking_sources(page, seeded_live_server):
    page.goto(seeded_live_server.url + EVENT)
    page.get_by_text("Choose sources and questions").click()
    page.get_by_role("checkbox", name="Rebel groups in Aleppo").check()
    page.get_by_role("checkbox", name="Russian government").check()
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"sources=aleppo-rebel-groups&sources=russian-government"))
    answers = page.locator("#question-safe-passage .answer-source")
    expect(answers).to_have_text(["Rebel groups in Aleppo", "Russian government"])
    expect(page.locator("#question-safe-passage .verdict")).to_have_text("Contested")
    expect(page.locator("#question-men-missing .not-heard")).to_have_text(
        "No source shown has made a claim on this question yet."
    )


def test_follow_a_cell_to_the_claim_and_on_to_the_source(page, seeded_live_server):
    page.goto(seeded_live_server.url + EVENT)
    cell = page.locator('#question-safe-passage [data-source="Russian government"]')
    cell.get_by_role("link", name=re.compile("Claim")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Russian government: Denied any such deal."
    )
    expect(page.locator(".verdict").first).to_have_text("Contested")
    page.locator(".claim-body").get_by_role("link", name="Russian government").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Russian government")


def test_a_single_figure_is_shown_as_a_value_not_charted(page, seeded_live_server):
    page.goto(seeded_live_server.url + EVENT)
    question = page.locator("#question-civilians-fled-24-hours")
    expect(question.locator(".cell-figure")).to_contain_text("10,000–13,000 people")
    expect(question.get_by_role("link", name="Chart")).to_have_count(0)
    expect(page.locator("#figures-civilians-fled-24-hours")).to_have_count(0)
    expect(page.locator("figure.chart svg")).to_have_count(0)  # one source each: no axis


def test_comparison_fits_a_phone(chromium, seeded_live_server):
    context = chromium.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(seeded_live_server.url + EVENT)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    answer = page.locator('#question-safe-passage [data-source="Russian government"]')
    expect(answer.locator(".answer-source")).to_be_visible()
    expect(answer.locator(".answer-source")).to_have_text("Russian government")
    context.close()
