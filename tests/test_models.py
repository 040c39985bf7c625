from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms import modelform_factory

from claims.bulk import insert_rows
from claims.models import Claim, Event, Figure, Measure, Question, format_number
from tests.factories import (
    make_claim,
    make_event,
    make_figure,
    make_measure,
    make_question,
    make_source,
)

pytestmark = pytest.mark.django_db

FigureForm = modelform_factory(
    Figure, fields=["claim", "qualifier", "low", "high", "measure", "period"]
)
PEOPLE, PERCENT = Measure(unit="people"), Measure(unit="%")


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
    figure = Figure(qualifier=qualifier, low=low, high=high, measure=PEOPLE)
    assert str(figure) == text


def test_percent_figure_has_no_space():
    assert str(Figure(qualifier="exact", low=98, measure=PERCENT)) == "98%"


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
            "measure": claim.question.measures.get().pk,
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
        data={
            "claim": claim.pk,
            "qualifier": "at_most",
            "low": "5",
            "high": "50",
            "measure": claim.question.measures.get().pk,
        }
    )
    assert not form.is_valid()
    assert "takes no low value" in form.errors["low"][0]


def test_database_refuses_between_without_high():
    claim = make_claim()
    measure = claim.question.measures.get()
    refused_by_database(
        lambda: Figure.objects.create(claim=claim, qualifier="between", low=1, measure=measure)
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
    elsewhere = make_question().measures.get()
    figure = Figure(claim=claim, qualifier="exact", low=3, measure=elsewhere)
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


def test_measures_only_on_figure_questions():
    statement = make_question(kind=Question.Kind.STATEMENT)
    with pytest.raises(ValidationError, match="Only a figure question has measures"):
        Measure(question=statement, slug="people", unit="people").full_clean()
    refused_by_database(lambda: make_measure(statement, "people"))
    figures = make_question()
    refused_by_database(lambda: Question.objects.filter(pk=figures.pk).update(kind="statement"))


def test_a_figure_takes_a_measure_of_its_own_question_only():
    figure = make_figure()
    own = figure.measure
    other = make_question(event=figure.claim.question.event).measures.get()
    figure.measure = other
    with pytest.raises(ValidationError, match="measures of the claim's own question"):
        figure.full_clean()
    refused_by_database(lambda: Figure.objects.filter(pk=figure.pk).update(measure=other))
    refused_by_database(
        lambda: Claim.objects.filter(pk=figure.claim.pk).update(question=other.question)
    )
    refused_by_database(lambda: Measure.objects.filter(pk=own.pk).update(question=other.question))


def test_a_wording_is_matched_to_a_measure_never_guessed():
    question = make_question(unit="people", counted="civilians killed")
    killed = question.measures.get()
    assert question.measure_for("People", "Civilians  killed") == killed
    assert question.measure_for("people") == killed  # no counted thing named: the first
    assert question.measure_for("people", "fighters killed") is None
    assert question.measure_for("%") is None


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


def rows_for_breaking(rule):
    """Three new rows of one kind, written in one statement, the last breaking `rule`."""
    statement = make_question(kind=Question.Kind.STATEMENT)
    figures = make_question(event=statement.event)
    source = make_source()
    if rule == "stance":
        return [
            Claim(question=statement, source=source, slug="a", summary="A.", stance="affirms"),
            Claim(question=figures, source=source, slug="b", summary="B."),
            Claim(question=figures, source=source, slug="c", summary="C.", stance="denies"),
        ]
    if rule == "measure on a statement question":
        return [
            Measure(question=figures, slug="km", unit="km", position=1),
            Measure(question=figures, slug="days", unit="days", position=2),
            Measure(question=statement, slug="people", unit="people"),
        ]
    on_figures = make_claim(question=figures, source=source, stance="")
    on_statement = make_claim(question=statement, source=source)
    measure = figures.measures.get()
    elsewhere = make_question(event=statement.event).measures.get()
    claim, breaking = {
        "figure on a statement question": (on_statement, measure),
        "figure in another question's measure": (on_figures, elsewhere),
    }[rule]
    return [
        Figure(claim=on_figures, measure=measure, qualifier="exact", low=1),
        Figure(claim=on_figures, measure=measure, qualifier="exact", low=2, position=1),
        Figure(claim=claim, measure=breaking, qualifier="exact", low=3, position=2),
    ]


@pytest.mark.parametrize(
    "rule",
    [
        "stance",
        "measure on a statement question",
        "figure on a statement question",
        "figure in another question's measure",
    ],
)
def test_rows_written_many_at_once_are_held_to_the_cross_table_rules(rule):
    rows = rows_for_breaking(rule)
    model = type(rows[0])
    before = model.objects.count()
    refused_by_database(lambda: insert_rows(model, rows))
    assert model.objects.count() == before
    refused_by_database(lambda: insert_rows(model, rows[-1:]))  # alone too
    insert_rows(model, rows[:-1])  # the rows that break nothing are written
    assert model.objects.count() == before + 2


def test_a_source_is_one_key_whichever_copy_of_its_row_is_used(db):
    from claims.models import Source

    source = make_source(name="Source 17")
    copy = Source.objects.get(pk=source.pk)
    assert copy == source and {source: "column"}[copy] == "column"
    assert len({source, copy, make_source(name="Source 18")}) == 2
    with pytest.raises(TypeError):
        hash(Source(name="Source 19"))
