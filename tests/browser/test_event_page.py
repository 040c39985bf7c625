"""The seed event in a real Chromium: an editor opens it and finds the figures."""

from playwright.sync_api import expect


def test_event_page_shows_seed_figures(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/")
    page.get_by_role("link", name="End of the battle for Aleppo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("End of the battle for Aleppo")

    killed_east = page.locator("#question-civilians-killed-east")
    expect(killed_east.get_by_text("at least 413 people")).to_be_visible()
    expect(killed_east).to_contain_text("since 15 November")
    fled = page.locator("#question-civilians-fled-24-hours")
    expect(fled.get_by_text("10,000–13,000 people")).to_be_visible()
    expect(page.locator("#question-civilians-fled-total")).to_contain_text("about 130,000 people")
    expect(page.locator("#question-civilians-remaining")).to_contain_text("100,000 people")


def test_event_page_leads_to_the_source(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/events/aleppo-december-2016/")
    safe_passage = page.locator("#question-safe-passage")
    expect(safe_passage.locator(".stance-denies")).to_have_text("Denies")
    safe_passage.get_by_role("link", name="Russian government").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Russian government")
    expect(page.get_by_text("Denied any such deal.")).to_be_visible()


def test_event_page_fits_a_phone(chromium, seeded_live_server):
    context = chromium.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(seeded_live_server.url + "/events/aleppo-december-2016/")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert page_width <= 375
