"""Retake the README's screenshots from a running app.

    python -m tests.browser.take_screenshots [BASE_URL [USERNAME PASSWORD]]

With a staff login it also takes the desk, on the seed's article, and the review queue (worth
taking when something waits in it).

The chart's screenshot needs figures from several sources, which the seed has on no question:
tests/browser/test_comparison_fits.py takes it, on made-up data, with UPDATE_SCREENSHOTS=1.

Uses Debian's Chromium through Playwright, like the browser tests.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.chromium import launch, log_in

DOCS = Path(__file__).resolve().parents[2] / "docs"
SHOTS = [
    ("comparison-desktop.png", "/events/aleppo-december-2016/#matrix", 1440, 1000),
    ("comparison-phone.png", "/events/aleppo-december-2016/#question-safe-passage", 390, 844),
    ("claim-browser.png", "/claims/?source_kind=government", 1280, 900),
    (
        "article-marked.png",
        "/articles/human-rights-monitor-says-battle-for-aleppo-has-reached-its-end/#text-heading",
        1280,
        900,
    ),
]
DESK = "/desk/articles/human-rights-monitor-says-battle-for-aleppo-has-reached-its-end/"
# A claim with a figure, opened in the admin as an editor corrects it.
ADMIN_CLAIM = "sohr-civilians-killed-east"


def main(base_url="http://127.0.0.1:8000", username=None, password=None):
    with sync_playwright() as playwright:
        browser = launch(playwright)
        if username:
            desk(browser, base_url, username, password)
        for name, path, width, height in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(base_url + path)
            if "#" in path:
                page.locator("#" + path.split("#")[1]).evaluate(
                    "element => element.scrollIntoView()"
                )
            page.screenshot(path=DOCS / name)
            page.close()
            print(DOCS / name)
        browser.close()


def desk(browser, base_url, username, password):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(page, base_url, username, password)
    page.goto(base_url + DESK + "#row-5")
    page.screenshot(path=DOCS / "desk.png")
    print(DOCS / "desk.png")
    page.goto(base_url + "/review/")
    # The whole queue: what waits, who is reviewing it and what was sent back, one under another.
    page.screenshot(path=DOCS / "review-queue.png", full_page=True)
    print(DOCS / "review-queue.png")
    admin_claim_form(page, base_url)
    page.close()


def admin_claim_form(page, base_url):
    page.goto(base_url + f"/admin/claims/claim/?q={ADMIN_CLAIM}")
    page.locator("#result_list tbody th a").first.click()
    page.locator("#figures-group").wait_for()
    page.screenshot(path=DOCS / "admin-claim-form.png", full_page=True)
    print(DOCS / "admin-claim-form.png")


if __name__ == "__main__":
    main(*sys.argv[1:])
