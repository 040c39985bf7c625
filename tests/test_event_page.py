"""The event comparison page: matrix, verdicts, charts, timeline, selection in the URL."""

import re
from datetime import date

import pytest
from django.urls import reverse

from claims.comparison import BY_QUESTION, MATRIX, compare_event
from claims.models import Claim, Event, Question, Source
from tests.factories import make_claim, make_event, make_figure, make_question, make_source

pytestmark = pytest.mark.django_db

EVENT_URL = "/events/aleppo-december-2016/"


def row_html(page, slug):
    """The HTML of one question of the comparison: its matrix row, or its item in the list of
    questions, from its opening tag to its end."""
    if f'<tr id="question-{slug}"' in page:
        start = page.index(f'<tr id="question-{slug}"')
        return page[start : page.index("</tr>", start)]
    start = page.index(f'<li id="question-{slug}"')
    following = page.find('<li id="question-', start + 1)
    return page[start : following if following != -1 else page.index("</ol>", start)]


def text_of(html):
    return re.sub(r"\s+", " ", re.sub("<[^>]+>", "", html))


def event_with_figures(*figures):
    """A made-up event with one figure question; each figure from its own new source."""
    event = make_event()
    question = make_question(event=event, slug="displaced", text="How many were displaced?")
    for qualifier, low, high in figures:
        make_figure(make_claim(question=question), qualifier=qualifier, low=low, high=high)
    return event


def get(client, event, **params):
    return client.get(reverse("claims:event-detail", args=[event.slug]), params)


def test_home_lists_the_event_with_counts(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    assert "End of the battle for Aleppo" in response.content.decode()
    row = response.context["events"][0]
    assert (row.question_count, row.source_count, row.claim_count) == (18, 11, 25)


def test_seed_figures_show_with_qualifier_and_period(client, seeded):
    page = client.get(EVENT_URL).content.decode()
    expected = {
        "civilians-fled-24-hours": ["10,000–13,000 people", "in the past 24 hours"],
        "civilians-fled-total": ["about 130,000 people", "in all"],
        "civilians-remaining": ["100,000 people"],
        "rebels-laid-down-weapons": ["2,200 people", "since the start of the renewed offensive"],
        "civilians-killed-east": ["at least 413 people", "since 15 November"],
        "civilians-killed-west": ["139 people", "since 15 November"],
        "share-of-rebel-areas-taken": ["98%"],
    }
    for slug, texts in expected.items():
        row = row_html(page, slug)
        for text in texts:
            assert text in row, (slug, text)


def test_safe_passage_is_contested(client, seeded):
    response = client.get(EVENT_URL)
    row = row_html(response.content.decode(), "safe-passage")
    assert "Contested" in row and "row-disagreement" in row
    assert "Affirms" in row and "Denies" in row
    assert "told Reuters" in row
    assert response.context["comparison"].summary.contested == 1


def test_declined_comment_is_shown_as_such(client, seeded):
    row = row_html(client.get(EVENT_URL).content.decode(), "battle-ended")
    assert "Declined to comment: Russian government, Syrian government" in re.sub(
        "<[^>]+>", "", row
    )
    assert "No comment" in row


def test_every_cell_links_to_its_claim_and_every_column_to_its_source(client, seeded):
    response = client.get(EVENT_URL)
    page = response.content.decode()
    comparison = response.context["comparison"]
    for row in comparison.rows:
        for cell in row.cells:
            for claim in cell.claims:
                assert f'href="/claims/{claim.pk}/"' in page
    for source in comparison.sources:
        assert f'href="/sources/{source.slug}/"' in page


def test_sources_not_heard_from_are_named_in_one_line_not_drawn_as_empty_cells(
    client, seeded, django_assert_max_num_queries
):
    # The data stamp, event, questions, claims, sources, figures, corrections, articles.
    with django_assert_max_num_queries(8):
        response = client.get(EVENT_URL)
    page = response.content.decode()
    row = row_html(page, "civilians-fled-total")
    assert "about 130,000 people" in row
    assert "Syrian Observatory for Human Rights" in row
    assert "No claim" not in page and "cell-empty" not in page
    (line,) = re.findall(r'<p class="not-heard"[^>]*>(.*?)</p>', row)
    assert text_of(line) == (
        "Not heard from (10): Analysts (unnamed), Rebel groups in Aleppo, Reuters, "
        "Russian defence ministry, Russian foreign ministry, Russian government, Syrian army, "
        "Syrian government, Syrian opposition, Unattributed reports"
    )
    assert response.context["shown"].layout == BY_QUESTION


def test_a_dense_event_keeps_the_matrix_with_only_the_sources_that_spoke(client, db):
    event = build_event(3)
    silent = make_source(name="Silent source")
    make_claim(question=make_question(event=make_event()), source=silent)  # elsewhere only
    page = get(client, event, sources=[source.slug for source in Source.objects.all()])
    html = page.content.decode()
    assert page.context["shown"].layout == MATRIX
    assert html.count('<th scope="col">') == 3  # the sources that spoke; not Silent source
    assert "Silent source" not in html[html.index('<table class="matrix">') :]


@pytest.mark.parametrize("language, no_claim", [("en", "No claim"), ("ar", "لا ادعاء")])
def test_a_source_silent_on_one_question_of_a_matrix_has_a_cell_saying_so(
    client, language, no_claim
):
    event = build_event(3)
    quiet = make_source(name="Quiet <b>source</b>")
    make_claim(question=event.questions.get(kind=Question.Kind.STATEMENT), source=quiet)
    client.cookies["django_language"] = language
    page = get(client, event)
    assert page.context["shown"].layout == MATRIX
    html = page.content.decode()
    cells = re.findall(r'<td class="cell cell-empty" data-source="([^"]*)">(.*?)</td>', html)
    quiet_name = "Quiet &lt;b&gt;source&lt;/b&gt;"
    assert cells == [(quiet_name, f'<span class="no-claim">{no_claim}</span>')]


def test_three_sources_that_do_not_overlap_show_in_conflict_with_spread(client, db):
    event = event_with_figures(("exact", 100, None), ("exact", 250, None), ("exact", 400, None))
    response = get(client, event)
    row = row_html(response.content.decode(), "displaced")
    assert "In conflict" in row
    assert "spread ×4" in row
    assert response.context["comparison"].summary.in_conflict == 1


def test_overlapping_ranges_are_consistent(client, db):
    event = event_with_figures(("between", 10, 20), ("between", 15, 30))
    row = row_html(get(client, event).content.decode(), "displaced")
    assert "Consistent" in row and "In conflict" not in row


def test_a_revised_figure_keeps_both_and_compares_the_latest(client, db):
    event = make_event()
    question = make_question(event=event, slug="killed")
    source = make_source(name="Source 5")
    first = make_claim(question=question, source=source, stated_on=date(2024, 3, 1))
    make_figure(first, qualifier="at_least", low=500)
    second = make_claim(question=question, source=source, stated_on=date(2024, 3, 2))
    make_figure(second, low=471)
    make_figure(make_claim(question=question), low=471)
    page = get(client, event).content.decode()
    row = row_html(page, "killed")
    cell = row[row.index('data-source="Source 5"') :]
    cell = cell[: cell.index("</td>")]
    assert cell.index("at least 500 people") < cell.index("471 people")
    assert cell.index("Earlier") < cell.index("Latest, compared")
    assert "Consistent" in row
    assert "Revised; the latest is compared" in page


def test_chart_draws_each_source_with_text_equivalent(client, db):
    event = event_with_figures(("at_least", 500, None), ("between", 100, 300))
    page = get(client, event).content.decode()
    chart = page[page.index('<figure class="chart">') : page.index("</figure>")]
    assert 'role="img"' in chart
    assert "<desc" in chart and "at least 500 people" in chart and "100–300 people" in chart
    assert chart.count('class="chart-label"') == 2
    assert 'class="chart-arrow"' in chart  # the open upper bound of "at least"


def test_different_periods_are_pointed_out(client, db):
    event = make_event()
    question = make_question(event=event)
    first, second = make_source(name="Source 1"), make_source(name="Source 2")
    make_figure(make_claim(question=question, source=first), low=10, period="in 24 hours")
    make_figure(make_claim(question=question, source=second), low=900, period="since 15 March")
    page = get(client, event).content.decode()
    assert (
        "These figures cover different periods: in 24 hours (Source 1); since 15 March "
        "(Source 2). Time may explain the difference."
    ) in text_of(page)


def test_a_figure_without_a_period_is_said_to_have_none(client, db):
    event = make_event()
    question = make_question(event=event)
    make_figure(make_claim(question=question, source=make_source(name="Source 1")), low=10)
    with_period = make_claim(question=question, source=make_source(name="Source 2"))
    make_figure(with_period, low=900, period="since 15 March")
    page = text_of(get(client, event).content.decode())
    assert "none given" not in page
    assert (
        "These figures may not cover the same period: since 15 March (Source 2); no period "
        "given by Source 1."
    ) in page


def test_a_place_is_not_repeated_after_what_the_figure_counts(client, db):
    question = make_question(text="How many died in the capital?")
    claim = make_claim(question=question)
    make_figure(claim, low=12, counted="dead in the capital", place="capital")
    page = text_of(client.get(question.event.get_absolute_url()).content.decode())
    assert "12 people dead in the capital" in page
    assert "capital, capital" not in page


def test_timeline_lists_claims_by_date(client, db):
    event = make_event()
    question = make_question(event=event, kind=Question.Kind.STATEMENT)
    make_claim(question=question, summary="Said second", stated_on=date(2024, 5, 2))
    make_claim(question=question, summary="Said first", stated_on=date(2024, 5, 1))
    page = get(client, event).content.decode()
    timeline = page[page.index('<ol class="timeline">') :]
    assert timeline.index("Said first") < timeline.index("Said second")


def test_sources_and_questions_shown_are_in_the_url(client, seeded):
    response = client.get(EVENT_URL, {"sources": ["reuters"], "questions": ["safe-passage"]})
    comparison = response.context["comparison"]
    assert [source.slug for source in comparison.sources] == ["reuters"]
    assert [row.question.slug for row in comparison.rows] == ["safe-passage"]
    assert "Russian government" not in row_html(response.content.decode(), "safe-passage")


def test_unknown_source_in_url_is_a_form_error_not_a_server_error(client, seeded):
    response = client.get(EVENT_URL, {"sources": ["no-such-source"]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert len(response.context["comparison"].sources) == 11


def test_quotes_with_html_show_as_text(client, db):
    claim = make_claim(
        question=make_question(kind=Question.Kind.STATEMENT),
        summary="<b>bold</b> claim",
        quote='<script>alert("x")</script>',
    )
    page = client.get(claim.question.event.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize("url", ["/events/no-such-event/", "/sources/no-such-source/"])
def test_unknown_slug_is_not_found(client, db, url):
    assert client.get(url).status_code == 404


def build_event(number_of_sources):
    """An event with a figure and a statement question, each answered by every source."""
    event = make_event()
    figure_question = make_question(event=event)
    statement_question = make_question(event=event, kind=Question.Kind.STATEMENT)
    for _ in range(number_of_sources):
        source = make_source()
        make_figure(make_claim(question=figure_question, source=source), low=10)
        make_claim(question=statement_question, source=source)
    return event


@pytest.mark.parametrize("number_of_sources", [2, 30])
def test_event_page_queries_do_not_grow_with_claims(
    client, django_assert_max_num_queries, number_of_sources
):
    event = build_event(number_of_sources)
    # The data stamp, event, questions, claims, sources, figures, corrections (articles: none
    # cited here).
    with django_assert_max_num_queries(7):
        response = get(client, event)
    assert response.content.decode().count('class="cell-claim') == 2 * number_of_sources


@pytest.mark.parametrize("number_of_sources", [2, 30])
def test_home_queries_do_not_grow_with_claims(
    client, django_assert_max_num_queries, number_of_sources
):
    build_event(number_of_sources)
    with django_assert_max_num_queries(5):  # stamp, events, event count, latest claims, figures
        assert client.get("/").status_code == 200


def test_figures_of_zero_draw_a_chart_instead_of_failing(client, db):
    question = make_question(text="How many were hurt?")
    for number in (1, 2):
        make_figure(make_claim(question=question, summary=f"None hurt {number}"), low=0)
    page = client.get(question.event.get_absolute_url())
    assert page.status_code == 200
    assert "0 people" in page.content.decode()
    export = client.get(f"/events/{question.event.slug}/export.html")
    assert b"0 people" in b"".join(export.streaming_content)


def test_negative_figures_are_drawn_left_of_zero(client, db):
    question = make_question(text="How far did the temperature fall?", unit="°C")
    make_figure(make_claim(question=question), low=-12, unit="°C")
    make_figure(make_claim(question=question), qualifier="between", low=-4, high=3, unit="°C")
    response = client.get(question.event.get_absolute_url())
    assert response.status_code == 200
    ((row, ((measure, chart),)),) = response.context["figure_sections"]
    zero = next(tick.x for tick in chart.ticks if tick.label == "0")
    below, spanning = chart.bars
    assert chart.plot_left <= below.value_x < zero
    assert below.x_start < spanning.x_start < zero < spanning.x_end <= chart.plot_right


def build_questions(number_of_questions, sources):
    """An event of statement questions, each answered by every one of the given sources."""
    event = make_event()
    for position in range(number_of_questions):
        question = make_question(
            event=event,
            kind=Question.Kind.STATEMENT,
            slug=f"question-{position + 1}",
            text=f"Question number {position + 1}?",
            position=position,
        )
        for source in sources:
            make_claim(question=question, source=source, stance="affirms")
    return event


@pytest.fixture
def four_claims_a_page(monkeypatch):
    monkeypatch.setattr("claims.comparison.CLAIMS_PER_PAGE", 4)


def test_a_large_comparison_is_shown_in_pages_of_whole_questions(client, four_claims_a_page):
    event = build_questions(5, [make_source(), make_source()])  # 2 claims a question
    first = get(client, event).content.decode()
    assert "Questions 1–2 of 5, page 1 of 3" in first
    assert 'id="question-question-2"' in first and 'id="question-question-3"' not in first
    assert 'aria-label="Pages of questions"' in first
    # The summary counts every question, not only the page's.
    assert "<strong>5</strong> questions" in first
    last = get(client, event, page=3).content.decode()
    assert "Questions 5–5 of 5, page 3 of 3" in last
    assert 'id="question-question-5"' in last and 'id="question-question-1"' not in last


def test_a_later_page_counts_the_verdicts_of_questions_it_does_not_show(client, four_claims_a_page):
    first, second = make_source(), make_source()
    event = build_questions(4, [first, second])  # agreed, 2 claims a question
    contested = event.questions.get(slug="question-1")
    contested.claims.filter(source=second).update(stance="denies")
    counted = make_question(event=event, slug="counted", text="How many?", position=9)
    for source, number in ((first, 10), (second, 500)):
        make_figure(make_claim(question=counted, source=source), low=number)
    page = get(client, event, page=3).content.decode()
    assert "Questions 5–5 of 5, page 3 of 3" in page
    assert "<strong>5</strong> questions" in page
    assert "<strong>1</strong> contested" in page
    assert "<strong>1</strong> in conflict" in page
    assert "<strong>3</strong> agreed" in page
    # The question shown on this page is drawn in full: its figures and their chart.
    assert 'id="question-counted"' in page and "500 people" in page


@pytest.mark.parametrize("include_retracted", [False, True])
def test_the_rows_an_event_page_counts_give_the_verdicts_its_claims_give(
    seeded, admin_user, include_retracted
):
    event = Event.objects.get(slug="aleppo-december-2016")
    with_figures = Claim.objects.filter(question__event=event, figures__isnull=False)
    retracted, draft = with_figures.distinct().order_by("id")[:2]
    Claim.objects.filter(pk=retracted.pk).update(
        retracted_on=date(2017, 1, 5), retraction_reason="Withdrawn by the source."
    )
    Claim.objects.filter(pk=draft.pk).update(state=Claim.State.DRAFT)
    questions, claims = event.questions_and_claims(admin_user, include_retracted)
    _, rows = event.claim_rows(admin_user, include_retracted)
    counted, drawn = compare_event(questions, rows), compare_event(questions, claims)
    assert [row.verdict_label for row in counted.rows] == [row.verdict_label for row in drawn.rows]
    assert counted.summary == drawn.summary
    built = event.claims_from_rows(rows)
    assert [(claim.pk, claim.source, claim.figure_list) for claim in built] == [
        (claim.pk, claim.source, claim.figure_list) for claim in claims
    ]


def test_a_link_to_a_question_opens_the_page_that_shows_it(client, four_claims_a_page):
    event = build_questions(5, [make_source(), make_source()])
    question = event.questions.get(slug="question-4")
    assert question.get_absolute_url().endswith("?at=question-4#question-question-4")
    response = client.get(question.get_absolute_url())
    assert "page 2 of 3" in response.content.decode()
    assert 'id="question-question-4"' in response.content.decode()


def test_a_claim_page_links_to_the_page_of_its_question(client, four_claims_a_page):
    event = build_questions(5, [make_source()])
    claim = event.questions.get(slug="question-5").claims.get()
    page = client.get(claim.get_absolute_url()).content.decode()
    assert f"/events/{event.slug}/?at=question-5#question-question-5" in page


@pytest.mark.parametrize("number_of_questions", [4, 40])
def test_a_page_of_a_large_comparison_costs_the_same_queries(
    client, django_assert_max_num_queries, four_claims_a_page, number_of_questions
):
    event = build_questions(number_of_questions, [make_source(), make_source()])
    with django_assert_max_num_queries(7):
        response = get(client, event, page=2)
    assert response.content.decode().count('class="cell-claim') == 4


def test_a_page_number_past_the_end_shows_the_last_page(client, four_claims_a_page):
    event = build_questions(3, [make_source(), make_source()])
    for wanted in ("9", "x"):
        response = get(client, event, page=wanted)
        assert response.status_code == 200
    assert "page 2 of 2" in get(client, event, page="9").content.decode()


def test_the_selection_offers_a_labelled_box_for_each_source_ticked_as_chosen(db):
    from claims.forms import ComparisonForm

    sources = [
        make_source(name="Source <1>", slug="source-1"),
        make_source(name="مصدر", slug="s-2"),
    ]
    form = ComparisonForm({"sources": ["s-2"]}, sources=sources, questions=[])
    boxes = str(form["sources"])
    assert boxes.startswith('<div id="id_sources">')
    assert (
        '<label for="id_sources_0"><input type="checkbox" name="sources" value="source-1"'
        ' id="id_sources_0"> Source &lt;1&gt;</label>'
    ) in boxes
    # Ticked, and the name isolated in its own direction.
    assert (
        '<input type="checkbox" name="sources" value="s-2" id="id_sources_1" checked>'
        " <bdi>مصدر</bdi></label>"
    ) in boxes


def test_the_timeline_heads_each_day_and_puts_undated_claims_first(client, db):
    event = make_event()
    question = make_question(event=event, kind="statement")
    make_claim(question=question, summary="Said on the ninth", stated_on=date(2016, 12, 9))
    make_claim(question=question, summary="Said some day", stated_when="late at night")
    make_claim(question=question, summary="Also on the ninth", stated_on=date(2016, 12, 9))
    page = get(client, event).content.decode()
    timeline = text_of(page.split('id="timeline"')[1])
    assert timeline.index("Date not recorded (in the order entered)") < timeline.index(
        "late at night"
    )
    assert timeline.index("late at night") < timeline.index("9 December 2016")
    assert timeline.count("9 December 2016") == 1
    assert timeline.index("Said on the ninth") < timeline.index("Also on the ninth")
    client.cookies["django_language"] = "ar"
    arabic = get(client, event).content.decode()
    assert "التاريخ غير مسجَّل" in arabic


def test_an_event_without_claims_says_its_timeline_is_empty(client, db):
    event = make_event()
    make_question(event=event, kind="statement")
    assert "No claims yet." in get(client, event).content.decode()
