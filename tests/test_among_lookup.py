"""`pk__among` (claims/lookups.py): the rows whose id is one of a list, bound as one array on
PostgreSQL, and as `__in` reads them on every database."""

import pytest

from claims.lookups import rows_by_id
from claims.models import Claim, Event, Question
from tests.factories import make_claim, make_event

pytestmark = pytest.mark.django_db


def test_among_finds_the_rows_whose_id_is_one_of_many(db):
    events = [make_event(slug=f"event-{number}") for number in range(5)]
    wanted = {events[1].pk, events[3].pk, 10**9}

    found = Event.objects.filter(pk__among=wanted).order_by("pk")

    assert [event.slug for event in found] == ["event-1", "event-3"]
    assert list(Event.objects.filter(pk__among=[])) == []
    assert rows_by_id(Event.objects.all(), {events[4].pk}) == {events[4].pk: events[4]}


def test_among_takes_a_subquery_as_in_does(db):
    claim = make_claim()
    make_claim()
    asked = Claim.objects.filter(pk=claim.pk).values("question_id")

    assert list(Question.objects.filter(pk__among=asked)) == [claim.question]
