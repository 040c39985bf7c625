"""A whole event entered at the desk from a pasted fictional article, in a real Chromium."""

import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from claims.models import Article, Claim, Event, Source
from claims.roles import EDITORS, ensure_roles
from tests.browser.chromium import log_in
from tests.factories import published_by_a_colleague

FLOODS = (Path(__file__).parent.parent / "corpus" / "placeville-floods.txt").read_text()


@pytest.fixture
def desk_page(page, live_server, transactional_db, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "editor-pass-1")
    log_in(page, live_server.url, "editor", "editor-pass-1")
    page.goto(live_server.url + "/desk/")
    return page


def test_an_event_is_entered_from_a_pasted_article(desk_page, live_server):
    page = desk_page
    typed = 0

    def type_into(locator, text):
        nonlocal typed
        locator.fill(text)
        typed += 1

    started = time.monotonic()
    expect(page.get_by_role("heading", name="The desk")).to_be_visible()
    type_into(page.get_by_label("Title"), "Flood waters rise in Placeville")
    type_into(page.get_by_label("Outlet"), "The Daily Example")
    type_into(page.get_by_label("Text"), FLOODS)  # pasted
    page.get_by_role("button", name="Read it for claims").click()

    expect(page.get_by_role("heading", name="Its claims")).to_be_visible()
    type_into(page.get_by_label("Event"), "Floods in Placeville")
    rows = page.locator("fieldset.desk-row")
    expect(rows).to_have_count(7)
    died = "How many people have died?"
    questions = {0: died, 1: "How many residents were displaced?", 2: died}
    questions.update({3: "Did the dam fail?", 5: "How many people are missing?"})
    questions[6] = "How many homes were damaged?"
    for number, question in questions.items():
        type_into(page.locator(f"#id_claims-{number}-question"), question)
    # "The dam held," he said: the denial the row before already holds.
    page.locator("#id_claims-4-keep").uncheck()
    typed += 1
    page.get_by_role("button", name="Enter the ticked claims").click()
    seconds = time.monotonic() - started

    expect(page.get_by_role("heading", name="Floods in Placeville")).to_be_visible()
    died_row = page.locator("[id^=question-]", has_text=died)
    expect(died_row.locator(".tag-draft")).to_have_count(2)  # entered, waiting for review
    expect(died_row).not_to_contain_text("In conflict")
    published_by_a_colleague()
    page.reload()
    expect(page.locator("[id^=question-]", has_text=died)).to_contain_text("In conflict")
    event = Event.objects.get(title="Floods in Placeville")
    assert Claim.objects.filter(question__event=event).count() == 6
    assert Source.objects.count() == 3
    assert typed <= 16, typed  # every field a person fills, the pasted text included
    print(f"\nDesk entry: {typed} fields typed or chosen, {seconds:.1f} s scripted")


def test_an_editor_enters_a_new_event_with_new_sources(page, live_server, transactional_db):
    ensure_roles()
    editor = User.objects.create_user("desk-editor", password="editor-pass-2", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    log_in(page, live_server.url, "desk-editor", "editor-pass-2")
    page.goto(live_server.url + "/desk/")
    page.get_by_label("Title").fill("Flood waters rise in Placeville")
    page.get_by_label("Text").fill(FLOODS)
    page.get_by_role("button", name="Read it for claims").click()

    expect(page.get_by_role("heading", name="Its claims")).to_be_visible()
    expect(page.get_by_text("Your role does not allow")).to_have_count(0)
    assert not Article.objects.exists()  # stored with its claims, or not at all
    page.get_by_label("Event").fill("Floods in Placeville")
    rows = page.locator("fieldset.desk-row")
    expect(rows.first.locator(".desk-new")).to_be_visible()  # the agency is a new source
    died = "How many people have died?"
    page.locator("#id_claims-0-question").fill(died)
    page.locator("#id_claims-0-question").press("Tab")  # on to the next field
    # Typed once, the question is offered in every other row.
    expect(page.locator(f'#known-questions option[value="{died}"]')).to_have_count(1)
    questions = {1: "How many residents were displaced?", 2: died, 3: "Did the dam fail?"}
    questions |= {5: "How many people are missing?", 6: "How many homes were damaged?"}
    for number, question in questions.items():
        page.locator(f"#id_claims-{number}-question").fill(question)
    # "The dam held," he said: the denial the row before already holds.
    page.locator("#id_claims-4-keep").uncheck()
    page.get_by_role("button", name="Enter the ticked claims").click()

    expect(page.get_by_role("heading", name="Floods in Placeville")).to_be_visible()
    event = Event.objects.get(title="Floods in Placeville")
    assert Claim.objects.filter(question__event=event).count() == 6
    assert Source.objects.count() == 3 and Article.objects.count() == 1
