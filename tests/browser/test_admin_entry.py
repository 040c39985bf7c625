"""A data editor enters a claim with two figures in the admin, in a real Chromium."""

import pytest
from playwright.sync_api import expect

from claims.models import Claim, Question
from tests.browser.chromium import log_in
from tests.factories import make_article, make_event, make_question, make_source


@pytest.fixture
def editor_page(page, live_server, transactional_db, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "editor-pass-1")
    log_in(page, live_server.url, "editor", "editor-pass-1")
    return page


def choose(page, field, term):
    """Pick a value in an autocomplete (select2) box by typing part of it."""
    page.locator(f"#select2-id_{field}-container").locator("..").click()
    page.locator("input.select2-search__field").fill(term)
    page.locator(".select2-results__option--highlighted", has_text=term).wait_for()
    page.keyboard.press("Enter")


def test_add_claim_with_two_figures_using_autocomplete(editor_page, live_server):
    event = make_event(title="Event 42")
    make_question(event=event, text="How many people were evacuated?")
    make_question(event=event, kind=Question.Kind.STATEMENT, text="Was the bridge closed?")
    make_source(name="Source 17")
    make_article(title="Article 5")
    page = editor_page

    page.goto(live_server.url + "/admin/claims/claim/add/")
    choose(page, "question", "evacuated")
    choose(page, "source", "Source 17")
    choose(page, "article", "Article 5")
    page.get_by_label("Summary").fill("At least 1,000 evacuated; 2,000 to 3,000 by Friday.")
    page.select_option("#id_figures-0-qualifier", "at_least")
    page.fill("#id_figures-0-low", "1000")
    page.select_option("#id_figures-1-qualifier", "between")
    page.fill("#id_figures-1-low", "2000")
    page.fill("#id_figures-1-high", "3000")
    page.fill("#id_figures-1-period", "by Friday")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    claim = Claim.objects.get()
    assert claim.slug.startswith("at-least-1000-evacuated")  # filled in from the summary
    assert claim.article.title == "Article 5"
    assert [str(figure) for figure in claim.figures.order_by("id")] == [
        "at least 1,000 people",
        "2,000–3,000 people",
    ]
