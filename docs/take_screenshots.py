"""Take the README's screenshots from a running app: python docs/take_screenshots.py [BASE_URL].

Uses Debian's Chromium through Playwright, like the browser tests.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = [
    ("comparison-desktop.png", "/events/aleppo-december-2016/#matrix", 1440, 1000),
    (
        "comparison-chart.png",
        "/events/aleppo-december-2016/#figures-civilians-killed-east",
        1280,
        900,
    ),
    ("comparison-phone.png", "/events/aleppo-december-2016/#question-safe-passage", 390, 844),
    ("claim-browser.png", "/claims/?source_kind=government", 1280, 900),
]


def main(base_url="http://127.0.0.1:8000"):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
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


if __name__ == "__main__":
    main(*sys.argv[1:])
