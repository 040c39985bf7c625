"""The standalone HTML export, opened from disk in Chromium with the network cut."""

from django.core.management import call_command
from playwright.sync_api import expect


def test_exported_page_opens_offline_and_fetches_nothing(chromium, seeded, tmp_path):
    path = tmp_path / "aleppo.html"
    call_command("export_event", "aleppo-december-2016", "--format", "html", "-o", str(path))
    context = chromium.new_context(offline=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    expect(page.get_by_role("heading", level=1)).to_have_text("End of the battle for Aleppo")
    expect(page.locator("#question-safe-passage .verdict")).to_have_text("Contested")
    question = page.locator("#question-civilians-killed-east")
    expect(question).to_contain_text("at least 413 people")
    # Styled: the inline CSS took effect, laying the answers out in columns.
    assert question.locator(".answers").evaluate("e => getComputedStyle(e).display") == "grid"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    context.close()
    assert requests == [path.as_uri()]
