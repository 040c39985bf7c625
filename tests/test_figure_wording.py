"""A figure's line says its unit once: "12 people died", never "12 people people died", when
the thing counted already begins with the unit."""

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.html import strip_tags

from claims.models import Figure, Measure, counted_beyond_unit
from claims.templatetags.claims_extras import figure_line


@pytest.mark.parametrize(
    ("unit", "counted", "after_unit"),
    [
        ("people", "people died", "died"),
        ("people", "People killed in the shelling", "killed in the shelling"),
        ("people", "people", ""),
        ("people", "civilians killed", "civilians killed"),
        # Only whole words of the unit: "peoples" is not "people" said again.
        ("people", "peoples displaced", "peoples displaced"),
        ("square km", "square km flooded", "flooded"),
        ("km", "", ""),
        ("", "homes destroyed", "homes destroyed"),
        ("%", "% of the city", "of the city"),  # "98% of the city"
    ],
)
def test_what_is_counted_leaves_out_the_unit_already_said(unit, counted, after_unit):
    assert counted_beyond_unit(unit, counted) == after_unit


def figure(unit, counted, **fields):
    return Figure(measure=Measure(unit=unit, counted=counted), **fields)


def line(figure):
    with translation.override("en"):
        return " ".join(strip_tags(figure_line(figure)).split())


def test_a_counted_noun_holding_the_unit_reads_once():
    died = figure("people", "people died", qualifier="exact", low=Decimal(12))
    assert line(died) == "12 people died"


def test_a_counted_thing_of_other_words_is_kept_whole():
    killed = figure(
        "people", "civilians killed", qualifier="at_least", low=Decimal(413), place="the old city"
    )
    assert line(killed) == "at least 413 people civilians killed, the old city"
