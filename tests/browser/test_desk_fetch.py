"""An editor gives an article's address at the desk in a real Chromium: the page waits for the
worker, then opens the article at the desk by itself; an address that cannot be read is refused
on the same page, with the address offered again."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from claims.models import Article
from tests.browser.chromium import log_in


@pytest.fixture
def editor_page(page, live_server, transactional_db, django_user_model, settings):
    settings.DESK_FETCH_ALLOW_PRIVATE = True  # the saved pages are served from this machine
    django_user_model.objects.create_superuser("editor", "editor@example.org", "editor-pass-1")
    log_in(page, live_server.url, "editor", "editor-pass-1")
    return page


def run_worker():
    call_command("db_worker", batch=True, reload=False, startup_delay=False, stdout=io.StringIO())


def test_an_address_opens_its_article_at_the_desk_once_the_worker_has_read_it(
    editor_page, live_server, page_site, tmp_path
):
    page = editor_page
    page.goto(live_server.url + "/desk/")
    page.screenshot(path=tmp_path / "desk.png", full_page=True)
    page.get_by_label("Address").fill(f"{page_site}/pages/harbour-courier-flood.html")
    page.get_by_role("button", name="Fetch and read it").click()
    expect(page.get_by_role("status")).to_contain_text("Waiting for a worker")
    page.screenshot(path=tmp_path / "fetching.png", full_page=True)

    run_worker()  # the page asks every two seconds, and moves on by itself
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Flood waters reach Lowtown", timeout=10_000
    )
    article = Article.objects.get()
    assert page.url.endswith(f"/desk/articles/{article.slug}/")
    page.screenshot(path=tmp_path / "at-the-desk.png", full_page=True)

    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator(".provenance")).to_contain_text(article.fetched_page.sha256)
    page.screenshot(path=tmp_path / "article.png", full_page=True)


def test_an_address_that_cannot_be_read_is_refused_in_words(
    editor_page, live_server, page_site, tmp_path
):
    page = editor_page
    page.goto(live_server.url + "/desk/")
    page.get_by_label("Address").fill(f"{page_site}/pages/no-article.html")
    page.get_by_role("button", name="Fetch and read it").click()
    run_worker()
    expect(page.get_by_role("alert")).to_contain_text(
        "No article text could be read on this page", timeout=10_000
    )
    expect(page.get_by_label("Address")).to_have_value(f"{page_site}/pages/no-article.html")
    page.screenshot(path=tmp_path / "refused.png", full_page=True)
    assert not Article.objects.exists()
