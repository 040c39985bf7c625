"""A data editor enters a claim with figures in the admin, then edits them, in a real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim, Question
from tests.browser.chromium import log_in
from tests.factories import (
    make_article,
    make_claim,
    make_event,
    make_figure,
    make_question,
    make_source,
)


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
    expect(page.locator("#id_figures-0-low")).to_have_count(0)  # no blank rows until asked
    add_figure = page.locator("#figures-group .add-row a")
    add_figure.click()
    add_figure.click()
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


def test_edit_a_figure_of_a_claim(editor_page, live_server):
    claim = make_claim(question=make_question(text="How many were evacuated?"))
    figure = make_figure(claim, low=1000)
    page = editor_page

    page.goto(live_server.url + f"/admin/claims/claim/{claim.pk}/change/")
    page.fill("#id_figures-0-low", "1250")
    page.get_by_label("Change reason").fill("Figure corrected by Source 17")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator(".errornote")).to_have_count(0)
    expect(page.locator("#id_figures-0-low")).to_have_value(re.compile(r"^1250(\.0*)?$"))
    figure.refresh_from_db()
    assert figure.low == 1250


def test_a_claims_figures_fit_a_laptop_screen(editor_page, live_server):
    claim = make_claim(question=make_question(text="How many were evacuated?"))
    make_figure(claim, low=13000, place="eastern district", period="in the past 24 hours")
    make_figure(claim, qualifier="between", low=2000, high=3000, position=1)
    page = editor_page
    page.set_viewport_size({"width": 1366, "height": 900})

    page.goto(live_server.url + f"/admin/claims/claim/{claim.pk}/change/")

    expect(page.locator("#id_figures-0-low")).to_have_value("13000")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    for row in page.locator("#figures-group .inline-related:not(.empty-form)").all():
        box = row.bounding_box()
        assert box["x"] + box["width"] <= 1366


def test_a_second_editor_saving_a_figure_from_an_older_page_is_refused(
    editor_page, chromium, live_server
):
    claim = make_claim(question=make_question(text="How many were evacuated?"))
    figure = make_figure(claim, low=1000)
    url = live_server.url + f"/admin/claims/claim/{claim.pk}/change/"
    first = editor_page
    second_context = chromium.new_context(viewport={"width": 1280, "height": 900})
    second = second_context.new_page()
    log_in(second, live_server.url, "editor", "editor-pass-1")
    first.goto(url)
    second.goto(url)

    first.fill("#id_figures-0-low", "1250")
    first.get_by_role("button", name="Save and continue editing").click()
    expect(first.locator(".messagelist")).to_contain_text("was changed successfully")
    second.fill("#id_figures-0-low", "1300")
    second.get_by_role("button", name="Save and continue editing").click()

    expect(second.locator("body")).to_contain_text("Not saved: editor saved this figure")
    second_context.close()
    figure.refresh_from_db()
    assert figure.low == 1250


def test_edit_a_question_on_its_event_page(editor_page, live_server):
    event = make_event(title="Event 42")
    question = make_question(event=event, text="How many were evacuated?")
    page = editor_page

    page.goto(live_server.url + f"/admin/claims/event/{event.pk}/change/")
    page.fill("#id_questions-0-text", "How many people were evacuated?")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator("#id_questions-0-text")).to_have_value("How many people were evacuated?")
    question.refresh_from_db()
    assert question.text == "How many people were evacuated?"
