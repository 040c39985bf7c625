"""How large the seed event's comparison is drawn, in Chromium, in English and in Arabic.

    python bench/comparison_size.py [BASE_URL]

against a running app holding the seed (`manage.py load_seeds`). Prints, for each interface
language, the document's scrollWidth in a 1366 x 900 window (wider than 1366 means sideways
scrolling) and its scrollHeight in a 390 x 844 window (a phone), and at each of 390, 768 and
1366 px whether any chart's labels overlap each other or leave their SVG box.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.chart_labels import CHART_TEXT_CLASHES  # noqa: E402
from tests.browser.chromium import launch  # noqa: E402

EVENT = "/events/aleppo-december-2016/"


def measure(browser, base_url, language):
    sizes = {}
    for width, height in ((390, 844), (768, 1024), (1366, 900)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(f"{base_url}/language/{language}/?next={EVENT}")
        page.wait_for_load_state("load")
        sizes[width] = {
            "scrollWidth": page.evaluate("document.documentElement.scrollWidth"),
            "scrollHeight": page.evaluate("document.documentElement.scrollHeight"),
            "chart_text_clashes": page.evaluate(CHART_TEXT_CLASHES),
        }
        context.close()
    return sizes


def main(base_url="http://127.0.0.1:8000"):
    with sync_playwright() as playwright:
        browser = launch(playwright)
        results = {language: measure(browser, base_url, language) for language in ("en", "ar")}
        browser.close()
    for language, sizes in results.items():
        print(
            f"{language}: scrollWidth at 1366 x 900 = {sizes[1366]['scrollWidth']} px; "
            f"scrollHeight at 390 x 844 = {sizes[390]['scrollHeight']} px"
        )
        for width, size in sizes.items():
            clashes = size["chart_text_clashes"]
            shown = json.dumps(clashes[:4], ensure_ascii=False) if clashes else ""
            print(f"  {width} px: scrollWidth {size['scrollWidth']}, chart label clashes: ", end="")
            print(len(clashes), shown)


if __name__ == "__main__":
    main(*sys.argv[1:])
