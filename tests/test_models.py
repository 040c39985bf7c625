from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms import modelform_factory

from claims.models import Claim, Event, Figure, Question, format_number
from tests.factories import make_claim, make_event, make_figure, make_question, make_source

pytestmark = pytest.mark.django_db

FigureForm = modelform_factory(
    Figure, fields=["claim", "qualifier", "low", "high", "unit", "counted", "period"]
)


def refused_by_database(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


@pytest.mark.parametrize(
    ("qualifier", "low", "high", "text"),
    [
        ("exact", 139, None, "139 people"),
        ("about", 130000, None, "about 130,000 people"),
        ("at_least", 413, None, "at least 413 people"),
        ("at_most", None, 50, "at most 50 people"),
        ("between", 10000, 13000, "10,000–13,000 people"),
    ],
)
def test_figure_reads_as_a_person_says_it(qualifier, low, high, text):
    figure = Figure(qualifier=qualifier, low=low, high=high, unit="people")
    assert str(figure) == text


def test_percent_figure_has_no_space():
    assert str(Figure(qualifier="exact", low=98, unit="%")) == "98%"


def test_format_number_drops_trailing_zeros_and_groups_thousands():
    assert format_number(Decimal("130000.0000")) == "130,000"
    assert format_number(Decimal("2.5000")) == "2.5"


def test_form_refuses_high_below_low_with_a_clear_message():
    claim = make_claim()
    form = FigureForm(
        data={
            "claim": claim.pk,
            "qualifier": "between",
            "low": "500",
            "high": "400",
            "unit": "people",
        }
    )
    assert not form.is_valid()
    assert form.errors["high"] == ["The high value (400) is below the low value (500)."]
    assert not Figure.objects.exists()


def test_database_refuses_high_below_low():
    figure = make_figure(qualifier="between", low=400, high=500)
    refused_by_database(lambda: Figure.objects.filter(pk=figure.pk).update(high=300))
    figure.refresh_from_db()
    assert figure.high == 500


def test_form_refuses_at_most_with_a_low_value():
    claim = make_claim()
    form = FigureForm(
        data={"claim": claim.pk, "qualifier": "at_most", "low": "5", "high": "50", "unit": "people"}
    )
    assert not form.is_valid()
    assert "takes no low value" in form.errors["low"][0]


def test_database_refuses_between_without_high():
    claim = make_claim()
    refused_by_database(
        lambda: Figure.objects.create(claim=claim, qualifier="between", low=1, unit="people")
    )


def test_stance_on_figure_question_is_refused_by_clean_and_database():
    claim = make_claim(question=make_question(kind=Question.Kind.FIGURE))
    claim.stance = Claim.Stance.AFFIRMS
    with pytest.raises(ValidationError, match="takes no stance"):
        claim.full_clean()
    refused_by_database(lambda: Claim.objects.filter(pk=claim.pk).update(stance="affirms"))


def test_statement_claim_without_stance_is_refused():
    question = make_question(kind=Question.Kind.STATEMENT)
    claim = Claim(question=question, source=make_source(), slug="s", summary="Said it.")
    with pytest.raises(ValidationError, match="needs a stance"):
        claim.full_clean()
    refused_by_database(lambda: claim.save())


def test_figure_on_statement_question_is_refused_by_clean_and_database():
    claim = make_claim(question=make_question(kind=Question.Kind.STATEMENT))
    figure = Figure(claim=claim, qualifier="exact", low=3, unit="people")
    with pytest.raises(ValidationError, match="only to claims on figure questions"):
        figure.full_clean()
    refused_by_database(lambda: figure.save())


def test_question_kind_cannot_change_under_its_claims():
    question = make_question(kind=Question.Kind.STATEMENT)
    make_claim(question=question)
    refused_by_database(lambda: Question.objects.filter(pk=question.pk).update(kind="figure"))


def test_claim_cannot_move_with_its_figures_to_a_statement_question():
    figure = make_figure()
    statement = make_question(kind=Question.Kind.STATEMENT, event=figure.claim.question.event)
    refused_by_database(
        lambda: Claim.objects.filter(pk=figure.claim.pk).update(question=statement, stance="denies")
    )


def test_claims_event_is_its_questions_event():
    event = make_event()
    claim = make_claim(question=make_question(event=event))
    assert claim.event == event
    assert list(Claim.objects.for_event(event)) == [claim]


def test_slugs_are_unique():
    make_event(slug="same")
    refused_by_database(lambda: Event.objects.create(title="Event 2", slug="same"))
    question = make_question(slug="q")
    refused_by_database(
        lambda: Question.objects.create(event=question.event, slug="q", text="Q?", kind="statement")
    )


def test_unit_only_on_figure_questions():
    refused_by_database(lambda: make_question(kind=Question.Kind.STATEMENT, unit="people"))


def test_event_cannot_end_before_it_starts():
    event = Event(title="Event 9", slug="event-9", starts_on="2016-12-01", ends_on="2016-11-01")
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        event.full_clean()


def test_source_cannot_be_its_own_ancestor():
    parent = make_source()
    child = make_source(parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError, match="its own parent"):
        parent.full_clean()


def test_edit_keeps_the_previous_state_in_history():
    claim = make_claim(summary="First wording")
    claim.summary = "Corrected wording"
    claim.save()
    assert [record.summary for record in claim.history.order_by("history_date")] == [
        "First wording",
        "Corrected wording",
    ]


def test_deleted_figure_stays_in_history():
    figure = make_figure(low=500)
    figure_id = figure.pk
    figure.delete()
    kinds = list(Figure.history.filter(id=figure_id).values_list("history_type", "low"))
    assert ("-", Decimal("500")) in [(kind, low) for kind, low in kinds]


def test_speaker_joins_name_and_role():
    claim = Claim(speaker_name="Person 1", speaker_role="director")
    assert claim.speaker == "Person 1, director"
    assert Claim(speaker_role="three officials").speaker == "three officials"
