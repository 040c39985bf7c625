"""The whole loop, in Chromium, through the pages people use: one editor enters an article's
claims at the desk; a second sends one back with a comment, which is mailed to the first; the
first fixes and resubmits it; the second publishes; readers see it in the comparison and an
embed; a later correction, proposed by the first and approved by the second, shows its note in
the event's feed."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from claims.roles import EDITORS, ensure_roles
from tests.browser.chromium import log_in

FLOODS = (Path(__file__).parent.parent / "corpus" / "placeville-floods.txt").read_text()
DIED = "How many people have died?"
HOMES = "How many homes were damaged?"


@pytest.fixture
def editors(chromium, live_server, transactional_db):
    """Two editors, each logged in in a browser of their own."""
    ensure_roles()
    pages, contexts = [], []
    for name in ("first-editor", "second-editor"):
        user = User.objects.create_user(
            name, f"{name}@example.org", password=f"{name}-pass", is_staff=True
        )
        user.groups.add(Group.objects.get(name=EDITORS))
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        log_in(page, live_server.url, name, f"{name}-pass")
        pages.append(page)
    yield pages
    for context in contexts:
        context.close()


@pytest.fixture
def reader(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def test_claims_entered_reviewed_fixed_published_and_corrected(
    editors, reader, live_server, mailoutbox
):
    first, second = editors
    url = live_server.url

    # The first editor enters the article's claims at the desk; two figures are mistyped.
    first.goto(url + "/desk/")
    first.get_by_label("Title").fill("Flood waters rise in Placeville")
    first.get_by_label("Outlet").fill("The Daily Example")
    first.get_by_label("Text").fill(FLOODS)
    first.get_by_role("button", name="Read it for claims").click()
    expect(first.get_by_role("heading", name="Its claims")).to_be_visible()
    first.get_by_label("Event").fill("Floods in Placeville")
    questions = {0: DIED, 1: "How many residents were displaced?", 2: DIED}
    questions |= {3: "Did the dam fail?", 5: "How many people are missing?", 6: HOMES}
    for number, question in questions.items():
        first.locator(f"#id_claims-{number}-question").fill(question)
    first.locator("#id_claims-4-keep").uncheck()  # "The dam held": the denial already kept
    first.locator("#id_claims-2-low").fill("21")  # the minister said 12
    first.locator("#id_claims-6-low").fill("300")  # the committee said 3,000
    first.get_by_role("button", name="Enter the ticked claims").click()
    expect(first.get_by_role("heading", name="Floods in Placeville")).to_be_visible()
    event_path = first.url.removeprefix(url)

    # Nothing is public yet.
    public = reader.new_page()
    assert public.goto(url + event_path).status == 404

    # The second editor sends the minister's toll back with a comment.
    second.goto(url + "/review/")
    second.get_by_role("link", name="Review the article's claims").click()
    claims = second.locator("ol.review-claims > li")
    expect(claims).to_have_count(6)
    for item in claims.all():
        if "21 people" not in item.inner_text():
            item.locator("input[type=checkbox]").uncheck()
    second.get_by_label("What to fix (to send back)").fill("The minister said 12, not 21.")
    second.get_by_role("button", name="Send the checked claims back").click()
    expect(second.get_by_text("Sent 1 claim back to its author.")).to_be_visible()
    assert [message.to for message in mailoutbox] == [["first-editor@example.org"]]
    assert "The minister said 12, not 21." in mailoutbox[0].body

    # The first reads the comment, fixes the figure in the claim's form, and submits it again.
    first.goto(url + "/review/")
    returned = first.locator("section[aria-labelledby=returned-heading]")
    expect(returned).to_contain_text("The minister said 12, not 21.")
    returned.get_by_role("link", name="Fix it").click()
    first.locator("#id_figures-0-low").fill("12")
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.locator(".messagelist")).to_be_visible()
    first.goto(url + "/review/")
    first.get_by_role("button", name="Submit the checked claims again").click()
    expect(first.get_by_text("Submitted 1 claim for review.")).to_be_visible()

    # The second publishes every claim of the article.
    second.goto(url + "/review/")
    second.get_by_role("link", name="Review the article's claims").click()
    expect(second.locator("ol.review-claims > li")).to_have_count(6)
    expect(second.locator("ol.review-claims")).to_contain_text("12 people")
    second.get_by_role("button", name="Publish the checked claims").click()
    expect(second.get_by_text("Published 6 claims.")).to_be_visible()
    assert mailoutbox[-1].subject == "Your claims were published"

    # Readers see the published claims: the comparison, and the event's embed.
    public.goto(url + event_path)
    died_row = public.locator("[id^=question-]", has_text=DIED)
    expect(died_row).to_contain_text("In conflict")
    expect(died_row).to_contain_text("12 people")
    expect(died_row).not_to_contain_text("21 people")
    public.goto(url + event_path.rstrip("/") + "/embed/")
    embed = public.locator("body")
    expect(embed).to_contain_text(DIED)
    expect(embed).to_contain_text("Northland Interior Ministry: 12 people")
    expect(embed).not_to_contain_text("21 people")

    # Later the first corrects the homes figure; the edit waits for the second's approval.
    first.goto(url + "/admin/claims/claim/?q=homes")
    first.locator("#result_list tbody th a").first.click()
    first.locator("#id_figures-0-low").fill("3000")
    first.get_by_label("Change reason").fill("The committee said 3,000")
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.get_by_text("Your change waits for a second editor's approval")).to_be_visible()
    public.goto(url + event_path)
    expect(public.locator("[id^=question-]", has_text=HOMES)).to_contain_text("about 300 buildings")

    second.goto(url + "/admin/claims/pendingchange/")
    second.locator("#result_list tbody th a").first.click()
    expect(second.get_by_text("about 3,000, not about 300")).to_be_visible()
    second.get_by_role("radio", name="Correction").check()
    second.get_by_label("Note for readers").fill("The figure was mistyped when it was entered.")
    second.get_by_role("button", name="Approve and publish").click()
    expect(second.get_by_text("The change is published.")).to_be_visible()

    # Readers see the corrected figure, and the event's feed carries the correction's note.
    public.goto(url + event_path)
    homes = public.locator("[id^=question-]", has_text=HOMES)
    expect(homes).to_contain_text("about 3,000 buildings")
    feed = reader.request.get(url + event_path.rstrip("/") + "/feed.atom")
    assert feed.ok and "atom" in feed.headers["content-type"]
    assert "about 3,000, not about 300" in feed.text()
    assert "The figure was mistyped when it was entered." in feed.text()
