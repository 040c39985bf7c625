"""A question's verdict as readers see it: "Single source" only when no other source said
anything; sources that declined to comment, or said something unclear, are named in the label."""

from dataclasses import dataclass, field

import pytest
from django.utils import translation

from claims.comparison import (
    AGREED,
    CONTESTED,
    DECLINED,
    SINGLE_SOURCE,
    compare_event,
    verdict_label,
)


@dataclass(frozen=True)
class Question:
    pk: int
    slug: str = "q"
    is_figure: bool = False


@dataclass
class Claim:
    source: str
    stance: str
    question_id: int = 1
    pk: int = 0
    stated_on: object = None
    is_published: bool = True
    is_retracted: bool = False
    figure_list: list = field(default_factory=list)


def row_for(*stances, **claim_fields):
    claims = [
        Claim(source, stance, pk=number, **claim_fields)
        for number, (source, stance) in enumerate(stances, start=1)
    ]
    (row,) = compare(claims).rows
    return row


def compare(claims):
    return compare_event([Question(1)], claims, sorted({claim.source for claim in claims}))


@pytest.mark.parametrize(
    ("verdict", "declined", "unclear", "label"),
    [
        (SINGLE_SOURCE, 0, 0, "Single source"),
        (SINGLE_SOURCE, 2, 0, "One source; 2 declined to comment"),
        (SINGLE_SOURCE, 1, 0, "One source; 1 declined to comment"),
        (SINGLE_SOURCE, 0, 1, "One source; 1 unclear"),
        (SINGLE_SOURCE, 2, 1, "One source; 2 declined to comment, 1 unclear"),
        # The other verdicts already say what the rest did.
        (AGREED, 1, 0, "Agreed"),
        (CONTESTED, 3, 0, "Contested"),
        (DECLINED, 2, 0, "Declined to comment"),
    ],
)
def test_the_label_says_single_source_only_when_nobody_else_spoke(
    verdict, declined, unclear, label
):
    with translation.override("en"):
        assert verdict_label(verdict, declined, unclear) == label


def test_one_source_affirming_while_two_decline_is_not_single_source():
    row = row_for(("Observatory", "affirms"), ("Ministry", "no_comment"), ("Army", "no_comment"))
    assert row.verdict == SINGLE_SOURCE
    with translation.override("en"):
        assert row.verdict_label == "One source; 2 declined to comment"


def test_one_source_alone_is_single_source():
    with translation.override("en"):
        assert row_for(("Observatory", "affirms")).verdict_label == "Single source"


def test_only_a_published_decline_and_a_sources_latest_word_count():
    affirms = Claim("Observatory", "affirms", pk=1)
    draft_decline = Claim("Ministry", "no_comment", pk=2, is_published=False)
    (row,) = compare([affirms, draft_decline]).rows
    with translation.override("en"):
        assert row.verdict_label == "Single source"
    declined_then_affirmed = [
        Claim("Ministry", "no_comment", pk=2),
        Claim("Ministry", "affirms", pk=3),
    ]
    (row,) = compare([affirms, *declined_then_affirmed]).rows
    assert (row.verdict, row.declined_count) == (AGREED, 0)


def test_the_label_is_translated_with_arabics_plurals():
    with translation.override("ar"):
        assert verdict_label(SINGLE_SOURCE, 2) == "مصدر واحد؛ امتنع مصدران عن التعليق"
        assert verdict_label(SINGLE_SOURCE, 3) == "مصدر واحد؛ امتنع 3 مصادر عن التعليق"
