"""When a figure holds, as dates: the words of its period read against the article's date.

Wire copy dates what it reports from the day it is written, and so do these rules:

- "on Thursday", "Sunday's election": that day, the last one on or before the article's date;
- "on July 30", "in January", "in 2019": that day, month or year, the last one on or before the
  article's date when no year is written;
- "since July 30", "since Friday": from that day to the article's date;
- "in the past 24 hours": from the day before to the article's date ("past three days": three
  days before; "past week", "past month", "past year" alike);
- "as of Wednesday", "so far", at the time of the report: as of that day (no start);
- "the previous day", "a day earlier", "yesterday": the day before the article's date;
- "this year", "this week", "overnight", "last year", "last week": the calendar's own.

The article's date is its date field; without one, its dateline's ("BRELIN, Oct 14 (Wire) -"),
in the year of the latest date the text writes in full, or this year (the last year in which
that day is not in the future); without a dateline, the latest date written in full.
"""

import calendar
import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from text_to_num import text2num

# Capitalised, as English writes them: "may" and "march" are verbs.
MONTHS = {
    name: number
    for number in range(1, 13)
    for name in {calendar.month_name[number], calendar.month_abbr[number]}
} | {"Sept": 9}
WEEKDAYS = {calendar.day_name[number]: number for number in range(7)}
MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")"
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d\d"
# A date in a period's words, first found first: "July 30", "30 July 2016", "Friday", "March".
WRITTEN_DAY = re.compile(
    rf"\b(?:(?P<month>{MONTH}) (?P<day>{DAY})\b(?:,? (?P<year>{YEAR}))?"
    rf"|(?P<day2>{DAY}) (?P<month2>{MONTH})(?:,? (?P<year2>{YEAR}))?"
    rf"|(?P<weekday>{WEEKDAY})"
    rf"|(?P<month_only>{MONTH})(?: (?P<month_year>{YEAR}))?"
    rf"|(?P<year_only>{YEAR})"
    rf"|(?P<yesterday>yesterday)|(?P<today>today))\b"
)
# "in the past 24 hours", "over the last three days", "the past week" (but "last week" is the
# calendar's, and "the previous day" one day).
PAST_SPAN = re.compile(
    r"\bthe (?:past|last|previous) (?!day\b)(?:(?P<count>[\w-]+(?: [\w-]+)?) )?"
    r"(?P<unit>hour|day|week|month|year)s?\b",
    re.I,
)
# The calendar's own periods, as (pattern, (first day, last day) from the article's date).
CALENDAR = [
    (r"\bthis year\b", lambda day: (day.replace(month=1, day=1), day)),
    (r"\bthis month\b", lambda day: (day.replace(day=1), day)),
    (r"\bthis week\b", lambda day: (day - timedelta(days=day.weekday()), day)),
    (r"\blast year\b", lambda day: (date(day.year - 1, 1, 1), date(day.year - 1, 12, 31))),
    (
        r"\blast week\b",
        lambda day: (day - timedelta(days=day.weekday() + 7), day - timedelta(day.weekday() + 1)),
    ),
    (r"\bovernight\b", lambda day: (day - timedelta(days=1), day)),
    (
        r"\b(?:the previous day|a day earlier|the day before|yesterday)\b",
        lambda day: (day - timedelta(days=1), day - timedelta(days=1)),
    ),
    (r"\b(?:so far|to date|at the time of the report)\b", lambda day: (None, day)),
]
CALENDAR = [(re.compile(pattern, re.I), dates) for pattern, dates in CALENDAR]
# Period words the rules' table does not find, tried after it, the first in the clause first:
# "as of Monday evening", "on July 30", "Sunday's election", "in January", "a day earlier".
MORE_PERIODS = re.compile(
    "|".join(
        (
            rf"\bas of (?:{WEEKDAY}|{MONTH} {DAY}|{DAY} {MONTH}|today|yesterday)"
            r"(?: (?:morning|afternoon|evening|night))?\b",
            rf"\bon {MONTH} {DAY}\b|\bon {DAY} {MONTH}\b",
            rf"\b{WEEKDAY}['’]s (?:[a-z]+ ){{0,2}}"
            r"(?:election|vote|poll|referendum|protest|march)\b",
            rf"\bin (?:{MONTH}(?: {YEAR})?|{YEAR})\b",
            r"\b(?:the previous day|a day earlier|the day before|yesterday)\b",
        )
    )
)
DATELINE = re.compile(
    r"^[A-Z][A-Za-z .'’-]{1,40}(?:, [A-Z][\w .'’-]{1,40})?, "
    rf"(?P<date>{MONTH} {DAY}(?:,? {YEAR})?|{DAY} {MONTH}(?: {YEAR})?)"
    r" ?(?:\(|[-–—])",
    re.M,
)
DATELINE_LOOKS_AT = 1_000  # characters from the start: the headline, a caption, the dateline
WRITTEN_IN_FULL = re.compile(rf"\b(?:{MONTH} {DAY},? {YEAR}|{DAY} {MONTH},? {YEAR})\b")


def article_date(text, given=None, today=None):
    """The date the article's periods are read against: `given` (its date field), else its
    dateline's, else the latest date it writes in full; None when it has none of them."""
    if given is not None:
        return given
    today = today or date.today()
    written = latest_written_date(text)
    dateline = DATELINE.search(text, 0, DATELINE_LOOKS_AT)
    if dateline is None:
        return written
    found = WRITTEN_DAY.search(dateline.group("date"))
    month, day, year = day_month_year(found)
    if year is None:
        year = (written or today).year
        if safe_date(year, month, day) and safe_date(year, month, day) > today:
            year -= 1
    return safe_date(year, month, day) or written


def latest_written_date(text):
    """The latest date the text writes with its year ("Dec. 6, 2016", "15 November 2016")."""
    found = []
    for match in WRITTEN_IN_FULL.finditer(text):
        month, day, year = day_month_year(WRITTEN_DAY.search(match.group()))
        found.append(safe_date(year, month, day))
    return max(filter(None, found), default=None)


def day_month_year(found):
    """(month, day, year) of a WRITTEN_DAY match that gives a day of a month; year may be None."""
    month = MONTHS[(found.group("month") or found.group("month2")).rstrip(".")]
    day = int(re.match(r"\d+", found.group("day") or found.group("day2")).group())
    year = found.group("year") or found.group("year2")
    return month, day, int(year) if year else None


def safe_date(year, month, day):
    """The date, or None for one the calendar has not ("30 February")."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_more_periods(clause):
    """The words of a period the rules' table does not know, or None."""
    return MORE_PERIODS.search(clause)


def dates_of(words, article_day):
    """(first day, last day) a period's words mean, read against the article's date; either is
    None where the words do not say (a start for "as of", anything for "since the truce")."""
    if article_day is None or not words:
        return None, None
    lowered = words.lower()
    span = PAST_SPAN.search(words)
    calendar_period = next((dates for pattern, dates in CALENDAR if pattern.search(words)), None)
    if span:
        first, last = past_span(span, article_day)
    elif calendar_period:
        first, last = calendar_period(article_day)
    elif found := WRITTEN_DAY.search(words):
        first, last = days_of(found, article_day)
    else:
        return None, None
    if lowered.startswith("since ") and first is not None:
        return first, article_day
    if lowered.startswith("as of "):
        return None, last
    return first, last


def since_words(words):
    """ "since the offensive began on November 15th" -> "since 15 November"; "since it broke
    out on Friday" -> "since Friday"; None when the words name no day, month or year."""
    found = WRITTEN_DAY.search(words)
    if found is None:
        return None
    if not (found.group("month") or found.group("month2")):
        return f"since {found.group().rstrip('.')}"  # "since Friday", "since January"
    month, day, _ = day_month_year(found)
    return f"since {day} {calendar.month_name[month]}"


def past_span(span, article_day):
    """ "past 24 hours": (the day before, the article's date); "past three weeks": 21 days."""
    count = 1
    if span.group("count"):
        count = number_in(span.group("count"))
        if count is None:
            return None, None
    unit = span.group("unit").lower()
    if unit == "hour":
        back = relativedelta(days=max(1, -(-count // 24)))
    else:
        back = relativedelta(**{f"{unit}s": count})
    return article_day - back, article_day


def number_in(words):
    if words.isdigit():
        return int(words)
    try:
        return text2num(words.replace("-", " "), "en")
    except ValueError:
        return None


def days_of(found, article_day):
    """(first day, last day) of a WRITTEN_DAY match: the last one on or before the article's
    date when the words give no year."""
    if found.group("weekday"):
        back = (article_day.weekday() - WEEKDAYS[found.group("weekday")]) % 7
        day = article_day - timedelta(days=back)
        return day, day
    if found.group("yesterday"):
        return article_day - timedelta(days=1), article_day - timedelta(days=1)
    if found.group("today"):
        return article_day, article_day
    if found.group("year_only"):
        year = int(found.group("year_only"))
        return date(year, 1, 1), date(year, 12, 31)
    if found.group("month_only"):
        month = MONTHS[found.group("month_only").rstrip(".")]
        year = found.group("month_year")
        year = int(year) if year else article_day.year - (month > article_day.month)
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    month, day, year = day_month_year(found)
    if year is None:
        year = article_day.year
        if (month, day) > (article_day.month, article_day.day):
            year -= 1
    day = safe_date(year, month, day)
    return day, day
