"""Source list and source page: profile, standing, filters, pagination."""

from datetime import date

import pytest
from django.urls import reverse

from claims.models import Question
from tests.factories import make_claim, make_event, make_figure, make_question, make_source

pytestmark = pytest.mark.django_db

SOHR_URL = "/sources/syrian-observatory-for-human-rights/"


def test_source_list_shows_claim_counts(client, seeded):
    response = client.get("/sources/")
    assert response.status_code == 200
    counts = {source.slug: source.claim_count for source in response.context["sources"]}
    assert counts["syrian-observatory-for-human-rights"] == 7
    assert counts["russian-defence-ministry"] == 2


def test_source_page_lists_the_sources_claims(client, seeded):
    response = client.get(SOHR_URL)
    page = response.content.decode()
    assert "at least 413 people" in page and "about 130,000 people" in page
    assert response.context["page"].paginator.count == 7
    assert "Denied any such deal." not in page


def test_source_page_shows_parent_and_children(client, seeded):
    page = client.get("/sources/russian-government/").content.decode()
    assert "Russian defence ministry" in page and "Russian foreign ministry" in page
    page = client.get("/sources/russian-defence-ministry/").content.decode()
    assert 'href="/sources/russian-government/"' in page


def test_standing_says_highest_lowest_and_within(client, db):
    question = make_question(text="How many were displaced?")
    low, middle, high = make_source(), make_source(), make_source()
    for source, value in ((low, 100), (middle, 200), (high, 300)):
        make_figure(make_claim(question=question, source=source), low=value)
    for source, label in ((low, "Lowest"), (middle, "Within the others’ range"), (high, "Highest")):
        response = client.get(reverse("claims:source-detail", args=[source.slug]))
        (standing,) = response.context["standings"]
        assert standing.label == label
        assert label in response.content.decode()


def test_seed_source_is_the_only_source_on_its_figures(client, seeded):
    response = client.get("/sources/russian-defence-ministry/")
    labels = {item.question.slug: item.label for item in response.context["standings"]}
    assert labels == {
        "civilians-remaining": "Only source",
        "rebels-laid-down-weapons": "Only source",
    }


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"stance": "affirms"}, 3),
        ({"has_figure": "yes"}, 4),
        ({"has_figure": "no"}, 3),
        ({"kind": "figure"}, 4),
        ({"event": "aleppo-december-2016"}, 7),
    ],
)
def test_source_claims_filter(client, seeded, params, count):
    response = client.get(SOHR_URL, params)
    assert response.context["page"].paginator.count == count


def test_bad_filter_value_is_a_form_error(client, seeded):
    response = client.get(SOHR_URL, {"stance": "shouting", "stated_after": "31/31/2024"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page and "Enter a date such as 17 Oct 2016" in page
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize("blank", ["\r", "  ", "\t\n"])
def test_date_boxes_holding_only_spaces_filter_nothing(client, seeded, blank):
    everything = client.get(SOHR_URL).context["page"].paginator.count
    response = client.get(SOHR_URL, {"stated_after": blank, "stated_before": blank})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == everything > 0


def test_source_page_paginates_with_filters_kept(client, db):
    source = make_source()
    question = make_question(kind=Question.Kind.STATEMENT)
    for day in range(1, 31):
        make_claim(question=question, source=source, stated_on=date(2024, 1, day))
    url = reverse("claims:source-detail", args=[source.slug])
    response = client.get(url, {"stance": "affirms"})
    assert len(response.context["page"]) == 25
    assert "?stance=affirms&amp;page=2" in response.content.decode()
    assert len(client.get(url, {"stance": "affirms", "page": 2}).context["page"]) == 5


@pytest.mark.parametrize("number_of_claims", [3, 40])
def test_source_page_queries_do_not_grow_with_claims(
    client, django_assert_max_num_queries, number_of_claims
):
    source = make_source(parent=make_source())
    event = make_event()
    for _ in range(number_of_claims):
        question = make_question(event=event)
        make_figure(make_claim(question=question, source=source), low=5)
        make_figure(make_claim(question=question), low=9)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("claims:source-detail", args=[source.slug]))
    assert len(response.context["standings"]) == min(number_of_claims, 25)  # this page only
