"""One question's embed, chosen from a list on the event page, and the whole event's compact
embed: what the public sees only, whoever asks, in a few lines a question."""

import html

import pytest
from django.contrib.auth.models import User

from claims.models import Claim
from tests.factories import make_claim, make_event, make_figure, make_question, make_source

pytestmark = pytest.mark.django_db

EVENT = "/events/flood/"


@pytest.fixture
def event(db):
    """A flood in a fictional valley: a statement question one source answers while two
    decline, with a draft denial; a figure question; a question only a draft answers."""
    event = make_event(title="Flood in Example Valley", slug="flood")
    dam = make_question(event=event, slug="dam-failed", text="Did the dam fail?", kind="statement")
    make_claim(question=dam, source=make_source(name="Valley Monitor"), summary="It gave way.")
    for name in ("Water Board", "Town Council"):
        make_claim(
            question=dam, source=make_source(name=name), stance="no_comment", summary="No comment."
        )
    make_claim(
        question=dam,
        source=make_source(name="River Authority"),
        stance="denies",
        summary="Draftword denial",
        state=Claim.State.DRAFT,
    )
    died = make_question(
        event=event, slug="died", text="How many people died?", unit="people", counted="people died"
    )
    make_figure(
        make_claim(question=died, summary="Counted at the morgue."), low=12, counted="people died"
    )
    unasked = make_question(
        event=event, slug="unasked", text="Draftword question?", kind="statement"
    )
    make_claim(question=unasked, summary="Draftword claim", state=Claim.State.DRAFT)
    return event


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user("editor", password="unused", is_staff=True)
    client.force_login(user)
    return client


def test_a_question_embed_shows_that_question_alone(client, event, django_assert_max_num_queries):
    # The data stamp, event, questions, claims, sources, figures, corrections.
    with django_assert_max_num_queries(7):
        page = client.get(EVENT + "embed/dam-failed/").content.decode()
    assert "Did the dam fail?" in page and "It gave way." in page
    assert "How many people died?" not in page
    assert "One source; 2 declined to comment" in page
    assert "Single source" not in page


def test_a_figure_says_its_unit_once_in_the_embed(client, event):
    page = client.get(EVENT + "embed/died/").content.decode()
    assert "people died" in page and "people people" not in page


@pytest.mark.parametrize(
    "address", [EVENT + "embed/", EVENT + "embed/dam-failed/", EVENT + "embed/died/"]
)
def test_an_embed_shows_an_editor_only_what_the_public_sees(editor_client, event, address):
    assert "Draftword" in editor_client.get(EVENT).content.decode(), "the editor sees drafts"
    page = editor_client.get(address).content.decode()
    assert "Draftword" not in page and "River Authority" not in page
    assert editor_client.get(EVENT + "embed/unasked/").status_code == 404


def test_oembed_answers_for_one_question(client, event):
    answer = client.get("/oembed", {"url": f"http://testserver{EVENT}?at=dam-failed"}).json()
    assert answer["title"] == "Flood in Example Valley: Did the dam fail?"
    assert f'src="http://testserver{EVENT}embed/dam-failed/?lang=en"' in answer["html"]
    assert answer["height"] == 400
    by_embed = client.get("/oembed", {"url": f"http://testserver{EVENT}embed/died/"}).json()
    assert f'src="http://testserver{EVENT}embed/died/?lang=en"' in by_embed["html"]


def test_oembed_offers_no_question_only_a_draft_answers_even_to_an_editor(editor_client, event):
    url = f"http://testserver{EVENT}?at=unasked"
    assert editor_client.get("/oembed", {"url": url}).status_code == 404


def test_the_event_page_lists_each_questions_embed_code(
    client, event, django_assert_max_num_queries
):
    # The data stamp, event, questions, claims, sources, figures, corrections: the list of
    # embeds reads nothing more.
    with django_assert_max_num_queries(7):
        page = client.get(EVENT).content.decode()
    for slug in ("dam-failed", "died"):
        snippet = f'<iframe src="http://testserver{EVENT}embed/{slug}/?lang=en"'
        assert html.escape(snippet) in page
        oembed = f"http://testserver/oembed?url=http%3A%2F%2Ftestserver%2Fevents%2Fflood%2F%3Fat%3D{slug}"
        assert html.escape(oembed) in page
    assert "embed/unasked/" not in page


def test_an_editor_is_offered_only_the_embeds_the_public_can_see(editor_client, event):
    page = editor_client.get(EVENT).content.decode()
    assert "embed/dam-failed/" in page and "embed/unasked/" not in page


def test_each_embed_offered_is_the_code_and_oembed_address_of_its_question(
    rf, event, django_assert_max_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    from claims.models import Question
    from publishing.embeds import embed_choices, oembed_url, snippet

    request = rf.get(EVENT)
    request.user = AnonymousUser()
    questions = list(Question.objects.filter(event=event, slug__in=["dam-failed", "died"]))
    with django_assert_max_num_queries(0):
        choices = embed_choices(request, event, questions)
    for choice in choices:
        assert choice.snippet == snippet(request, event, choice.question)
        assert choice.oembed_url == request.build_absolute_uri(
            oembed_url(request, event, choice.question)
        )
        assert choice.preview_url == f"{EVENT}embed/{choice.question.slug}/"


def test_an_editor_list_of_embeds_costs_one_query_for_any_number_of_questions(
    rf, event, django_assert_num_queries
):
    from publishing.embeds import embed_choices

    request = rf.get(EVENT)
    request.user = User.objects.create_user("desk", password="unused", is_staff=True)
    with django_assert_num_queries(1):
        choices = embed_choices(request, event, [])
    assert [choice.question.slug for choice in choices] == ["dam-failed", "died"]


def test_the_whole_event_embed_gives_a_line_or_two_a_question(
    client, event, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):  # as one question's: the event's rows, read once
        page = client.get(EVENT + "embed/").content.decode()
    assert "Did the dam fail?" in page and "How many people died?" in page
    assert "One source; 2 declined to comment" in page
    assert "Valley Monitor" in page and "12 people" in page
    assert "It gave way." not in page, "summaries are for the question's own embed"
    assert f'href="http://testserver{EVENT}">See the full comparison</a>' in page
    assert f'href="{EVENT}?at=died#question-died"' in page


def test_an_arabic_embed_isolates_the_names_it_shows(client, event):
    page = client.get(EVENT + "embed/dam-failed/", {"lang": "ar"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert '<bdi lang="en">Valley Monitor</bdi>' in page


def test_the_whole_event_embed_groups_sources_by_stance_sides_first():
    from types import SimpleNamespace

    from claims.comparison import Cell
    from publishing.embeds import said_on

    def cell(name, *stances):
        return Cell(name, [SimpleNamespace(stance=stance) for stance in stances])

    row = SimpleNamespace(
        question=SimpleNamespace(is_figure=False),
        cells=[
            cell("Water Board", "no_comment"),
            cell("Valley Monitor", "denies", "affirms"),
            cell("Silent Party"),
            cell("Town Council", "no_comment"),
            cell("River Authority", "denies"),
        ],
    )
    lines = [(line.stance, [c.source for c in line.cells]) for line in said_on(row)]
    assert lines == [
        ("affirms", ["Valley Monitor"]),
        ("denies", ["River Authority"]),
        ("no_comment", ["Water Board", "Town Council"]),
    ]
