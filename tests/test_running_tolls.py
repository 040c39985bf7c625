"""Running tolls: a source's figures revised over days, drawn on one date axis per question."""

import datetime

from tests.factories import (
    make_claim,
    make_dated_figure,
    make_event,
    make_figure,
    make_question,
    make_source,
)

EVENT = "/events/event-42/"


def test_each_sources_figures_are_drawn_by_date_with_a_text_equivalent(client, toll):
    page = client.get(EVENT).content.decode()
    assert 'class="chart toll-chart"' in page
    assert "How many died?: figures by date" in page
    assert "Ministry 7: 500 people on 12 December 2016, then 471 people on 14 December 2016" in page
    assert "<td>Ministry 7</td><td>14 Dec 2016</td><td>471 people</td>" in page
    assert "<td>Monitor 3</td><td>13 Dec 2016</td><td>400–450 people</td>" in page


def test_a_range_is_drawn_as_a_range_and_an_open_figure_with_an_arrow(client, toll):
    page = client.get(EVENT).content.decode()
    chart = page[page.index('class="chart toll-chart"') :]
    assert chart.count('class="toll-range"') == 1
    assert chart.count('class="toll-arrow"') == 1
    assert chart.count('class="toll-line"') == 2  # one line per source


def test_figures_all_of_one_day_have_no_running_toll(client, db):
    question = make_question(event=make_event(slug="event-42"), text="How many died?")
    make_dated_figure(question, make_source(name="Ministry 7"), 12, low=500)
    make_dated_figure(question, make_source(name="Monitor 3"), 12, low=450)
    assert "toll-chart" not in client.get(EVENT).content.decode()


def test_undated_figures_are_named_not_drawn(client, toll):
    make_figure(make_claim(question=toll, source=make_source(name="Agency 9")), low=300)
    page = client.get(EVENT).content.decode()
    assert "Not drawn, no date known: Agency 9: 300 people." in page


def test_an_as_of_date_places_a_figure_before_the_day_it_was_make_dated_figure(client, toll):
    ministry = toll.claims.filter(source__name="Ministry 7").first().source
    make_dated_figure(toll, ministry, 20, low=490, period_end=datetime.date(2016, 12, 10))
    page = client.get(EVENT).content.decode()
    assert "<td>Ministry 7</td><td>10 Dec 2016</td><td>490 people</td>" in page


def test_the_export_and_the_embed_draw_it_too(client, toll):
    exported = b"".join(client.get(EVENT + "export.html").streaming_content).decode()
    assert "toll-chart" in exported and "How many died?: figures by date" in exported
    embed = client.get(EVENT + "embed/toll/").content.decode()
    assert "toll-chart" in embed


def test_names_with_html_are_text_in_the_chart(client, toll):
    make_dated_figure(toll, make_source(name="<b>Bold</b> agency"), 16, low=10)
    make_dated_figure(toll, toll.claims.last().source, 17, low=12)
    page = client.get(EVENT).content.decode()
    assert "<b>Bold</b> agency" not in page and "&lt;b&gt;Bold&lt;/b&gt; agency" in page
