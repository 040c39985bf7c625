"""Browser tests drive Debian's Chromium through Playwright (never a downloaded browser)."""

import os
from pathlib import Path

import pytest

from tests.browser.chromium import CHROMIUM, launch

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def seeded_live_server(live_server, transactional_db, seeded):
    """A live server whose database holds the Aleppo seed."""
    return live_server


@pytest.fixture
def axe_page(chromium):
    if not AXE.exists():
        message = f"axe-core not installed at {AXE} (run: npm ci)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    # The pages forbid scripts they do not serve themselves; the scan's own script is let in.
    context = chromium.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()
