"""An embedded comparison inside another site's article, in Chromium: shown and fitted to its
content when that site is listed in EMBED_ORIGINS, refused when it is not."""

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

DOCS = os.environ.get("SCREENSHOTS_DIR")


def article_page(embed_url, script_url):
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Article</title></head>
<body style="margin:0;font-family:serif"><h1 style="font-size:1.3rem;margin:.5rem">Aleppo: the
last days</h1><p style="margin:.5rem">What each side said, side by side:</p>
<iframe src="{embed_url}" title="Who said what" width="100%" height="150" style="border:0"
 data-claimtracker-embed></iframe><script src="{script_url}" async></script>
<p style="margin:.5rem">The article goes on.</p></body></html>"""


@pytest.fixture
def article(chromium, seeded_live_server):
    """A phone-sized article served by another server, on another origin, holding the embed of
    one question. (On this machine: Chromium lets only a local page frame a local one.)"""
    embed = seeded_live_server.url + "/events/aleppo-december-2016/embed/civilians-fled-total/"
    html = article_page(embed, seeded_live_server.url + "/static/js/embed-host.js").encode()

    class Article(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Article)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.origin = f"http://127.0.0.1:{server.server_port}"
    yield page
    context.close()
    server.shutdown()


def test_an_embed_in_a_listed_site_shows_and_fits_its_height(article, settings):
    settings.EMBED_ORIGINS = [article.origin]
    article.goto(article.origin + "/2016/12/aleppo.html")
    frame = article.frame_locator("iframe")
    expect(frame.get_by_role("heading", name="How many civilians have fled")).to_be_visible()
    expect(frame.locator("body")).to_contain_text("about 130,000 people")
    # embed-host.js sets the frame's height to its content's, from the 150 px it started at
    expect(article.locator("iframe")).not_to_have_attribute("style", "border:0")
    height = article.locator("iframe").evaluate("frame => frame.getBoundingClientRect().height")
    content = frame.locator("html").evaluate("html => html.getBoundingClientRect().height")
    assert height > 150 and abs(height - content) <= 2
    scroll_width = frame.locator("html").evaluate("html => html.scrollWidth")
    assert scroll_width <= 320, "readable at 320 px without scrolling sideways"
    if DOCS:
        article.screenshot(path=f"{DOCS}/embed-phone.png", full_page=True)


def is_the_embed(response):
    return "/embed/" in response.url


def is_a_refusal_to_frame(message):
    return "frame-ancestors" in message.text


def test_an_embed_in_a_site_not_listed_is_refused(article, settings):
    settings.EMBED_ORIGINS = ["https://news.example.org"]
    with (
        article.expect_response(is_the_embed) as embed,
        article.expect_console_message(is_a_refusal_to_frame) as refusal,
    ):
        article.goto(article.origin + "/2016/12/aleppo.html")
    # The server answered with the figure, and the browser refused to show it here because of
    # the page's own policy, which names only the listed site.
    assert embed.value.status == 200
    assert (
        "frame-ancestors https://news.example.org" in embed.value.headers["content-security-policy"]
    )
    assert "130,000" in article.request.get(embed.value.url).text()
    assert "frame-ancestors https://news.example.org" in refusal.value.text
    assert "blocked" in refusal.value.text
    frame = article.frame_locator("iframe")
    expect(frame.locator("body")).not_to_contain_text("130,000")


EVENT = "/events/aleppo-december-2016/"
# The longest question of the seed, in words: one source affirms while two decline.
LONGEST = EVENT + "embed/battle-ended/"
WINDOWS = [(390, 844), (1366, 900)]


def laid_out(chromium, url, width, height):
    """The embed's content height and width, in a window of that size."""
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url)
    size = page.evaluate(
        "() => ({height: document.documentElement.getBoundingClientRect().height,"
        " scrollHeight: document.documentElement.scrollHeight,"
        " scrollWidth: document.documentElement.scrollWidth})"
    )
    context.close()
    return size


@pytest.mark.parametrize(("width", "height"), WINDOWS)
def test_one_questions_embed_is_short_and_fits_the_window(
    chromium, seeded_live_server, width, height
):
    from claims.models import Question

    slugs = Question.objects.filter(event__slug="aleppo-december-2016").values_list(
        "slug", flat=True
    )
    for slug in slugs:
        size = laid_out(chromium, f"{seeded_live_server.url}{EVENT}embed/{slug}/", width, height)
        assert size["height"] < 1000 and size["scrollHeight"] < 1000, (slug, size)
        assert size["scrollWidth"] <= width, (slug, size)


def test_the_whole_events_embed_is_short_on_a_phone(chromium, seeded_live_server):
    size = laid_out(chromium, seeded_live_server.url + EVENT + "embed/", 390, 844)
    assert size["scrollHeight"] < 1500 and size["scrollWidth"] <= 390, size
    wide = laid_out(chromium, seeded_live_server.url + EVENT + "embed/", 1366, 900)
    assert wide["height"] < 1000, wide


def test_each_question_is_embedded_from_a_list_on_the_event_page(chromium, seeded_live_server):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(seeded_live_server.url + EVENT)
    page.get_by_text("Embed in an article").click()
    choices = page.get_by_role("list", name="Or one question alone, in full:")
    choices.get_by_text("Has the battle for Aleppo ended?", exact=True).click()
    code = page.locator("#embed-code-battle-ended")
    expect(code).to_be_visible()
    src = f'src="{seeded_live_server.url}{LONGEST}?lang=en"'
    assert src in code.input_value()
    oembed = page.locator("#oembed-battle-ended").input_value()
    assert src in page.request.get(oembed).json()["html"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize(
    "path", [EVENT + "embed/", LONGEST, EVENT + "embed/civilians-killed-east/"]
)
def test_embeds_have_no_accessibility_violations(axe_page, seeded_live_server, path, language):
    from tests.browser.test_accessibility import violations

    assert violations(axe_page, f"{seeded_live_server.url}{path}?lang={language}") == []


def test_the_event_pages_embed_list_has_no_accessibility_violations(axe_page, seeded_live_server):
    from tests.browser.conftest import AXE

    axe_page.goto(seeded_live_server.url + EVENT)
    axe_page.get_by_text("Embed in an article").click()
    axe_page.locator(".embed-choices summary").first.click()
    axe_page.add_script_tag(path=str(AXE))
    context = "{include: ['#embed']}"
    found = axe_page.evaluate(f"async () => (await axe.run({context})).violations")
    assert [violation["id"] for violation in found] == []
