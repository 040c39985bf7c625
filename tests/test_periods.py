"""Periods as dates: a figure's period read against the article's date, and places that are
places. Every date here is checked against the calendar, not against one sentence."""

import calendar
from datetime import date, timedelta

import pytest

from desk.extraction import suggest_claims
from desk.extraction.figures import figures_in
from desk.extraction.periods import article_date, dates_of

# A week of article dates, one on each weekday, in two different months and years.
ARTICLE_DAYS = [date(2031, 3, 3) + timedelta(days=n) for n in range(7)] + [date(2016, 12, 13)]
WEEKDAYS = list(calendar.day_name)


def only(figures):
    (figure,) = figures
    return figure


# The day of a weekday ---------------------------------------------------------------------------


@pytest.mark.parametrize("article_day", ARTICLE_DAYS)
@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_on_a_weekday_is_that_day_of_the_week_on_or_before_the_article(article_day, weekday):
    first, last = dates_of(f"on {weekday}", article_day)
    assert first == last
    assert calendar.day_name[first.weekday()] == weekday
    assert timedelta(0) <= article_day - first < timedelta(days=7)


@pytest.mark.parametrize("article_day", ARTICLE_DAYS)
def test_a_figure_said_on_a_weekday_carries_that_date(article_day):
    thursday = article_day - timedelta(days=(article_day.weekday() - 3) % 7)
    figure = only(figures_in("Rescuers found 40 people on Thursday.", article_day))
    assert (figure.period, figure.period_start, figure.period_end) == (
        "on Thursday",
        thursday,
        thursday,
    )


def test_a_weekdays_election_is_that_day():
    sunday = date(2031, 3, 2)
    figure = only(figures_in("The party won 54.2 percent in Sunday's election.", date(2031, 3, 4)))
    assert (figure.period_start, figure.period_end) == (sunday, sunday)


# Ranges to the article's date --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "start"),
    [
        ("since July 30", date(2031, 7, 30)),
        ("since 30 July", date(2031, 7, 30)),
        ("since Dec. 4", date(2030, 12, 4)),  # after the article's day: the year before
        ("since January", date(2031, 1, 1)),
        ("since November", date(2030, 11, 1)),
        ("since 2019", date(2019, 1, 1)),
        ("since the offensive began on Sunday", date(2031, 8, 17)),
    ],
)
def test_since_a_day_runs_from_it_to_the_article_date(words, start):
    article_day = date(2031, 8, 22)  # a Friday
    assert dates_of(words, article_day) == (start, article_day)


def test_since_words_that_name_no_day_give_no_dates():
    assert dates_of("since the truce began", date(2031, 8, 22)) == (None, None)


@pytest.mark.parametrize(
    ("words", "days"),
    [
        ("in the past 24 hours", 1),
        ("over the last 48 hours", 2),
        ("in the past 36 hours", 2),
        ("during the past three days", 3),
        ("in the past week", 7),
        ("over the last two weeks", 14),
    ],
)
def test_the_past_hours_days_and_weeks_end_on_the_article_date(words, days):
    for article_day in ARTICLE_DAYS:
        assert dates_of(words, article_day) == (article_day - timedelta(days=days), article_day)


def test_the_past_month_and_year_go_back_by_the_calendar():
    article_day = date(2031, 3, 31)
    assert dates_of("in the past month", article_day) == (date(2031, 2, 28), article_day)
    assert dates_of("in the past year", article_day) == (date(2030, 3, 31), article_day)


# As of, the day before, the calendar's own -------------------------------------------------------


@pytest.mark.parametrize("article_day", ARTICLE_DAYS)
@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_as_of_a_day_is_that_day_with_no_start(article_day, weekday):
    first, last = dates_of(f"as of {weekday} evening", article_day)
    assert first is None
    assert calendar.day_name[last.weekday()] == weekday and last <= article_day


@pytest.mark.parametrize("words", ["the previous day", "a day earlier", "the day before"])
def test_the_day_before_is_the_day_before_the_article(words):
    for article_day in ARTICLE_DAYS:
        day_before = article_day - timedelta(days=1)
        assert dates_of(words, article_day) == (day_before, day_before)


@pytest.mark.parametrize("article_day", ARTICLE_DAYS)
def test_the_calendars_own_periods(article_day):
    monday = article_day - timedelta(days=article_day.weekday())
    year = article_day.year
    assert dates_of("so far this year", article_day) == (date(year, 1, 1), article_day)
    assert dates_of("last year", article_day) == (date(year - 1, 1, 1), date(year - 1, 12, 31))
    assert dates_of("this week", article_day) == (monday, article_day)
    assert dates_of("last week", article_day) == (
        monday - timedelta(days=7),
        monday - timedelta(days=1),
    )
    assert dates_of("overnight", article_day) == (article_day - timedelta(days=1), article_day)
    assert dates_of("so far", article_day) == (None, article_day)


@pytest.mark.parametrize(
    ("words", "first", "last"),
    [
        ("in January", date(2031, 1, 1), date(2031, 1, 31)),
        ("in February", date(2031, 2, 1), date(2031, 2, 28)),
        ("in October", date(2030, 10, 1), date(2030, 10, 31)),  # later in the year: last year's
        ("in March 2024", date(2024, 3, 1), date(2024, 3, 31)),
        ("in 2020", date(2020, 1, 1), date(2020, 12, 31)),
        ("on June 9", date(2030, 6, 9), date(2030, 6, 9)),
    ],
)
def test_a_month_a_year_or_a_day_is_the_last_one_before_the_article(words, first, last):
    assert dates_of(words, date(2031, 2, 11)) == (first, last)


def test_without_the_articles_date_there_are_words_but_no_dates():
    figure = only(figures_in("Rescuers found 40 people on Thursday."))
    assert (figure.period, figure.period_start, figure.period_end) == ("on Thursday", None, None)


# The article's date ------------------------------------------------------------------------------

DATELINED = "Town 4 report\n\nBRELIN, Oct 14 (Wire) - Source 17 said 40 people died on Monday."


def test_the_articles_date_field_comes_first():
    assert article_date(DATELINED, date(2030, 10, 15)) == date(2030, 10, 15)


def test_a_dateline_without_a_year_is_in_the_year_of_a_date_written_in_full():
    text = DATELINED + " The report of Dec. 6, 2016 was cited."
    assert article_date(text, today=date(2031, 1, 1)) == date(2016, 10, 14)


def test_a_dateline_without_a_year_is_never_in_the_future():
    assert article_date(DATELINED, today=date(2031, 11, 1)) == date(2031, 10, 14)
    assert article_date(DATELINED, today=date(2031, 10, 1)) == date(2030, 10, 14)


@pytest.mark.parametrize(
    "dateline",
    [
        "ALEPPO, Syria, Dec 13 (Wire) -",
        "ALEPPO, 13 December 2016 (Wire) -",
        "ALEPPO, Dec. 13, 2016 -",
    ],
)
def test_datelines_as_agencies_write_them(dateline):
    text = f"{dateline} Source 17 said so. A photograph of Dec. 6, 2016 was cited."
    assert article_date(text, today=date(2031, 1, 1)) == date(2016, 12, 13)


def test_without_a_dateline_the_latest_date_written_in_full():
    text = "Source 17 said so on Nov. 2, 2016. Photographs of 6 December, 2016 and 5 May 2015."
    assert article_date(text) == date(2016, 12, 6)
    assert article_date("Source 17 said so on 30 February 2016.") is None
    assert article_date("Source 17 said so.") is None


def test_suggestions_read_their_days_against_the_dateline():
    text = "BRELIN, Oct 14 (Wire) - At least 86 people were killed on Monday, Source 17 said."
    (suggestion,) = suggest_claims(text)
    figure = only(suggestion.figures)
    monday = article_date(text) - timedelta(days=article_date(text).weekday())
    assert (figure.period_start, figure.period_end) == (monday, monday)
    assert suggestion.as_dict()["figures"][0]["period_start"] == monday.isoformat()


# Places ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_a_weekday_is_never_a_place(weekday):
    assert only(figures_in(f"The party won 54.2 percent in {weekday}'s vote.")).place == ""
    assert only(figures_in(f"Rescuers found 40 people from {weekday} onwards.")).place == ""


@pytest.mark.parametrize("month", list(calendar.month_name)[1:])
def test_a_month_is_never_a_place(month):
    assert only(figures_in(f"Prices rose 30 percent since cuts in {month}.")).place == ""


@pytest.mark.parametrize("body", ["Interior Ministry", "Example Relief Agency", "Sample Council"])
def test_a_body_is_never_a_place(body):
    figure = only(figures_in(f"Officials from the {body} said 40 people died."))
    assert figure.place == ""


def test_the_party_speaking_is_never_the_place_but_where_it_is_can_be():
    sentence = "A statement from Sample Gateway said 40 people were hurt."
    assert only(figures_in(sentence, parties=["Sample Gateway"])).place == ""
    assert only(figures_in(sentence)).place == "Sample Gateway"  # who speaks is not known
    sentence = "Officials in Vessk said 40 people died."
    assert only(figures_in(sentence, parties=["Officials in Vessk"])).place == "Vessk"


@pytest.mark.parametrize("kind", ["town", "city", "hill district", "coastal province", "port"])
def test_a_place_named_after_its_kind_is_the_name(kind):
    figure = only(figures_in(f"Shelling killed 12 people in the eastern {kind} of Vessk."))
    assert figure.place == "Vessk"


def test_a_place_is_still_found():
    assert only(figures_in("Shelling killed 12 people in central Breska.")).place == (
        "central Breska"
    )
    assert only(figures_in("Shelling killed 12 people in eastern Aleppo.")).place == (
        "eastern Aleppo"
    )
