"""Figures in a sentence: value or range, qualifier, unit, what is counted, place and period."""

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from text_to_num import text2num

from . import periods, rules

DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
WORDS = "|".join(rules.NUMBER_WORDS)
NUMBER_WORDS = rf"(?:{WORDS})(?:[ -](?:and )?(?:{WORDS}))*"
VALUE = rf"(?:{DIGITS}|{NUMBER_WORDS})(?: (?:thousand|million|billion|trillion)|(?:bn|tn|k|m)\b)?"
# A unit written against its number: "16GB", "5kg", "10km"; never "1st", "11am" or "1990s".
GLUED = r"(?!(?:st|nd|rd|th|am|pm|s)\b)[a-z]{1,3}\b"
CURRENCY = "[" + "".join(map(re.escape, rules.CURRENCY_SIGNS)) + "]"
MULTIPLES = "|".join(sorted(map(re.escape, rules.MULTIPLES), key=len, reverse=True))
QUALIFIERS = "|".join(sorted(map(re.escape, rules.QUALIFIER_WORDS), key=len, reverse=True))
PERCENT = r"(?:\s?%|\s+per ?cent\b)"
FIGURE = re.compile(
    rf"(?<![\w.,:])(?:(?P<qualifier>{QUALIFIERS}) )?(?:"
    rf"between (?P<range_low>{VALUE})(?P<range_low_percent>{PERCENT})? and "
    rf"(?P<range_high>{VALUE})(?P<range_percent>{PERCENT})?"
    rf"|(?P<multiple>{MULTIPLES})"
    rf"|(?P<currency>{CURRENCY})?(?P<low>{VALUE})(?P<low_percent>{PERCENT})?"
    rf"(?:\s*{rules.RANGE_JOINERS}\s*{CURRENCY}?(?P<high>{VALUE})(?P<high_percent>{PERCENT})?)?"
    rf"(?P<glued>{GLUED})?"
    rf")(?![\w:]|\.\d)",
    re.I,
)
NOUN = re.compile(r"\s+(?:of\s+(?:the\s+)?)?(?P<noun>[a-z][\w'-]*)")
NEXT_NOUN = re.compile(r"\s+(?P<noun>[a-z][\w'-]*)")
VERB = re.compile(
    r"^\s+(?:who\s+)?(?:have|has|had|are|were|was|is)?\s*(?:been\s+)?(?:still\s+|now\s+)?"
    r"(?P<verb>(?:\w+ed|fled|left|held|laid|taken|hurt|lost|missing|wounded|dead|killed)"
    r"(?:\s+(?!(?:since|in|from|by|during|over|and|that|but|or|as|to)\b)[a-z]+){0,3})"
)
CLAUSE_BREAK = re.compile(r",\s+|;\s+|\s+[-–—]\s+|:\s+")
PERIODS = [re.compile(pattern) for pattern in rules.PERIOD_PATTERNS]
WORD = re.compile(r"[\w'-]+")
CONTEXT = 80
RANGE_BETWEEN = re.compile(rf"\s*{rules.RANGE_JOINERS}\s*")


@dataclass
class FoundFigure:
    qualifier: str
    low: Decimal | None
    high: Decimal | None
    unit: str
    counted: str
    place: str = ""
    period: str = ""
    period_start: date | None = None
    period_end: date | None = None
    start: int = 0
    end: int = 0
    noun: str = field(default="", repr=False)
    noun_end: int = field(default=0, repr=False)
    explicit_period: bool = field(default=False, repr=False)

    def as_dict(self):
        return {
            "qualifier": self.qualifier,
            "low": number_text(self.low),
            "high": number_text(self.high),
            "unit": self.unit,
            "counted": self.counted,
            "place": self.place,
            "period": self.period,
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_end": self.period_end.isoformat() if self.period_end else None,
        }


def number_text(value):
    """A number for the interchange format: an integer when it is whole."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def parse_value(text):
    """ "10,000" -> 10000, "2.5 million" -> 2500000, "thirteen thousand" -> 13000."""
    text = text.strip().lower()
    scale = 1
    for word, factor in rules.SCALES.items():
        if text.endswith(" " + word) and re.match(r"[\d.,]", text):
            text, scale = text[: -len(word) - 1], factor
    glued = re.fullmatch(r"(?P<number>[\d.,]+)(?P<scale>bn|tn|k|m)", text)
    if glued:  # "3.5bn", "40k", "$7.2m"
        text, scale = glued.group("number"), rules.GLUED_SCALES[glued.group("scale")]
    try:
        return Decimal(text.replace(",", "")) * scale
    except InvalidOperation:
        pass
    try:
        return Decimal(text2num(text.replace("-", " "), "en"))
    except ValueError:
        return None


def clause_around(sentence, start, end):
    """(clause start, clause end): the stretch between breaks (commas, dashes) around a span."""
    clause_start, clause_end = 0, len(sentence)
    for match in CLAUSE_BREAK.finditer(sentence):
        if match.end() <= start:
            clause_start = match.end()
        elif match.start() >= end:
            clause_end = match.start()
            break
    return clause_start, clause_end


def is_not_a_figure(sentence, match, noun):
    """Dates, times, ages, lengths of time, years, magnitudes, phone numbers and numbers that
    name things are numbers, not figures."""
    # The words just before the number: what they say is all that counts, and reading only
    # them keeps a long sentence's figures linear.
    raw_before = sentence[max(0, match.start() - CONTEXT) : match.start()].rstrip()
    before = raw_before.lower()
    words_before = WORD.findall(before)
    percent = any(match.group(name) for name in match.groupdict() if name.endswith("percent"))
    after_a_preposition = ends_with_words(words_before, rules.NOT_A_FIGURE_BEFORE) and not (
        (words_before[-1:] == ["from"] and rules.CHANGE_BEFORE.search(before))
        or rules.PUT_AT_END.search(sentence[max(0, match.start() - CONTEXT) : match.start()])
    )  # "up from 29", "put the number of dead at 31": figures
    value = parse_value(match.group("range_low") or match.group("low") or "")
    day_or_hour = value is not None and value < 32 and value == value.to_integral_value()
    said_as_an_amount = match.group("qualifier") or match.group("currency") or match.group("high")
    if after_a_preposition and day_or_hour and not (said_as_an_amount or noun or percent):
        return True  # "on 6", "at 11"; but "put the toll at 40", "up from 58 percent" are figures
    if after_a_preposition and match.group().lower() == "one":
        return True  # "in one town": a way of saying "a"
    if ends_with_words(words_before, rules.AGE_WORDS) or noun in rules.TIME_NOUNS:
        return True
    if rules.TIME_COMPOUND.match(sentence, match.end()):
        return True  # "a 72-hour truce", "a 12-year-old girl"
    naming = ends_with_words(words_before, rules.NOT_COUNTING_BEFORE)
    if naming or rules.MAGNITUDE_AFTER.match(sentence, match.end()):
        return True  # "a magnitude 5.1 tremor", "Route 9", "Resolution 2254"
    if in_phone_number(sentence, match):
        return True
    if (
        match.group("high")
        and (noun in rules.SCORE_NOUNS or "-" in match.group())
        and (parse_value(match.group("high") or "") or 0) < (value or 0)
    ):
        return True  # "a 5-0 win", "a 3-1 vote": a score
    if (
        not match.group("qualifier")
        and rules.AGE_AFTER_NAME.search(raw_before)
        and re.match(r"\s*[,)]", sentence[match.end() :])
    ):
        return True  # "Aurel Vostrik, 61, went on trial"
    if words_before and words_before[-1].title() in rules.MONTHS:
        return True
    low = match.group("range_low") or match.group("low") or ""
    if re.fullmatch(r"(?:1[89]|20)\d\d", low) and not (
        match.group("currency") or percent or noun in rules.PEOPLE_NOUNS
    ):
        return True  # a year: counts of thousands are written "2,004"
    after = sentence[match.end() : match.end() + 3].lower()
    return bool(re.match(r"(?:am|pm|:\d)", after.strip()))


def ends_with_words(words, phrases):
    """Whether the words end with one of the phrases, word for word: "won" does not end with
    "on", nor "Britain" with "in"."""
    by_length = endings(tuple(phrases)).items()
    return any(tuple(words[-length:]) in ending for length, ending in by_length)


@functools.cache
def endings(phrases):
    """{number of words: the phrases of that many words, as tuples}: read once per table, as
    every number of a megabyte's sentences is checked against them."""
    found = {}
    for phrase in phrases:
        found.setdefault(len(phrase.split()), set()).add(tuple(phrase.split()))
    return found


def in_phone_number(sentence, match):
    """Whether the number is one group of a phone number: three or more groups of digits
    separated by single spaces ("0800 555 0142")."""
    for found in rules.PHONE_NUMBER.finditer(sentence):
        if found.start() <= match.start() < found.end():
            return True
    return False


def partitive(sentence, end):
    """ "one of the officials": a way of pointing at someone, not a figure."""
    return bool(re.match(r"\s+of\s+(?:the|them|those|these|us)\b", sentence[end:], re.I))


def find_period(clause, article_day):
    """(period words, first day, last day, whether the clause says it) from a clause's words,
    its days read against the article's date (periods.py)."""
    match = next(filter(None, (pattern.search(clause) for pattern in PERIODS)), None)
    match = match or periods.find_more_periods(clause)
    if match is not None:
        words = match.group(0)
        first, last = periods.dates_of(words, article_day)
        if match.groupdict().get("date"):  # "since the offensive began on November 15th"
            words = periods.since_words(words) or words
        return words, first, last, True
    lowered = clause.lower()
    if any(word in lowered for word in rules.TOTAL_WORDS):
        return rules.IN_ALL, None, None, False
    return "", None, None, False


# "in the eastern Kobrenian town of Vessk", "from the hill district of Ostrava": the place is
# the one named after "of".
PLACE_OF = re.compile(
    r"\b(?:in|from|across|inside|near|around|off) (?:the |a )?(?:[\w'’-]+ ){0,3}?"
    r"(?:town|city|village|district|province|region|port|capital|area|county|state) of "
    r"(?P<place>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*)"
)
NOT_PLACE_WORDS = set(periods.WEEKDAYS) | set(periods.MONTHS)
# The last word of a body's name, never of a place's: "from the Interior Ministry".
BODY_WORDS = {
    "agency", "ministry", "office", "commission", "council", "committee", "alliance", "union",
    "party", "service", "board", "army", "police", "group", "society", "crescent", "cross",
    "institute", "observatory", "bank", "coalition", "company", "authority", "department",
    "government", "forces", "front", "court", "monitor", "charity", "foundation",
    "association", "federation", "organisation", "organization", "radio", "television",
}  # fmt: skip


def place_in(clause, parties=()):
    """Where the clause says a figure holds: never a weekday or a month ("in October",
    "Sunday's"), nor a party ("from the Interior Ministry", or the sentence's speaker)."""
    for pattern in (PLACE_OF, rules.PLACE_PATTERN):
        for found in pattern.finditer(clause):
            place = found.group("place")
            if not is_a_party_or_a_date(place, parties):
                return place
    return ""


def is_a_party_or_a_date(place, parties):
    words = [re.sub(r"['’]s$", "", word) for word in place.split()]
    if NOT_PLACE_WORDS.intersection(words) or words[-1].lower() in BODY_WORDS:
        return True
    name = place.lower().removeprefix("the ")
    return any(name == party.lower().removeprefix("the ") for party in parties if party)


def figures_in(sentence, reference_date=None, skip=(), parties=()):
    """Every figure the sentence gives, in order, with offsets within the sentence.

    `reference_date` is the article's date, which its periods are read against; `skip` are
    (start, end) spans to leave alone: the speaker ("three officials told Reuters") is not a
    figure the source gives; `parties` are the names of those who speak in it, never a place.
    """
    found = []
    for match in FIGURE.finditer(sentence):
        if any(start <= match.start() < end for start, end in skip):
            continue
        groups = match.groupdict()
        multiple = (groups["multiple"] or "").lower()
        low_text = groups["range_low"] or groups["low"] or multiple
        high_text = groups["range_high"] or groups["high"]
        low = Decimal(rules.MULTIPLES[multiple][1]) if multiple else parse_value(low_text)
        high = parse_value(high_text) if high_text else None
        if low is None or (high_text and high is None):
            continue
        percent = any(groups[name] for name in groups if name.endswith("percent"))
        end = match.end()
        noun, noun_end = ("", end) if percent else head_noun(sentence, end)
        pointing = partitive(sentence, end) and not match.group("qualifier") and low <= 12
        if is_not_a_figure(sentence, match, noun) or (not percent and pointing):
            continue
        qualifier = rules.QUALIFIER_WORDS.get((match.group("qualifier") or "").lower(), "exact")
        if multiple:
            qualifier = rules.MULTIPLES[multiple][0]  # "dozens": at least 24
        if high is not None:
            low, high, qualifier = min(low, high), max(low, high), "between"
        elif qualifier == "at_most":
            low, high = None, low
        unit = "%" if percent else unit_of(noun)
        if groups.get("glued"):
            unit = groups["glued"]  # "16GB"
        if groups.get("currency"):
            unit = rules.CURRENCY_SIGNS[groups["currency"]]  # "$4.2 million": money
        elif not unit and not percent:
            unit = unit_from_context(sentence[: match.start()])
        counted = counted_thing(sentence, noun, noun_end, percent, end)
        clause_start, clause_end = clause_around(sentence, match.start(), end)
        clause = sentence[clause_start:clause_end]
        period, period_start, period_end, explicit = find_period(clause, reference_date)
        found.append(
            FoundFigure(
                qualifier=qualifier,
                low=low,
                high=high,
                unit=unit,
                counted=counted,
                place=place_in(clause, parties),
                period=period,
                period_start=period_start,
                period_end=period_end,
                start=match.start(),
                end=end,
                noun=noun,
                noun_end=noun_end,
                explicit_period=explicit,
            )
        )
    found = joined_ranges(found, sentence)
    share_between_siblings(found, sentence, reference_date)
    return found


def joined_ranges(found, sentence):
    """ "120 km to 150 km", "$5 to $9": a range with its unit on each end is one figure."""
    joined = []
    for figure in found:
        before = joined[-1] if joined else None
        if (
            before is not None
            and before.high is None
            and figure.high is None
            and before.qualifier == figure.qualifier == "exact"
            and before.unit == figure.unit
            and RANGE_BETWEEN.fullmatch(sentence, before.noun_end, figure.start)
        ):
            before.low, before.high = min(before.low, figure.low), max(before.low, figure.low)
            before.qualifier, before.end, before.noun_end = "between", figure.end, figure.noun_end
            continue
        joined.append(figure)
    return joined


def counted_thing(sentence, noun, noun_end, percent, end):
    """What a figure counts: "civilians killed", "rebels laid down their weapons"."""
    if percent:
        rest = re.match(r"\s+of\s+(?P<what>[^,.;]+)", sentence[end:])
        return f"share of {rest.group('what').strip()}" if rest else ""
    if not noun:
        return ""
    verb = VERB.match(sentence[noun_end:])
    return f"{noun} {verb.group('verb')}" if verb else noun


def head_noun(sentence, end):
    """(noun, where it ends) of what the number counts: the last word of the noun phrase after
    it ("112 new cases", "5,000 suspected cholera patients", "a dozen polling stations"), or
    ("", end) when a verb or a preposition follows the number."""
    words = []
    position = end
    while len(words) < rules.LONGEST_NOUN_PHRASE:
        found = (NEXT_NOUN if words else NOUN).match(sentence, position)
        if found is None:
            break
        word = found.group("noun").lower()
        if word in rules.NOUN_MODIFIERS and not words:
            words.append((word, found.end()))
            position = found.end()
            continue
        if word in rules.NOT_NOUNS or word in rules.PHRASE_ENDS:
            break
        if words and word.endswith("ed") and words[-1][0] not in rules.NOUN_MODIFIERS:
            break  # "civilians killed": the verb after the noun
        if (
            words
            and not word.endswith("s")
            and (words[-1][0].endswith("s") or words[-1][0] in rules.PEOPLE_NOUNS)
        ):
            break  # "schools shut", "people came": a plural noun ends its phrase
        words.append((word, found.end()))
        position = found.end()
    while len(words) > 1 and words[-1][0].endswith("ed"):
        words.pop()
    if not words:
        return "", end
    if words[-1][0] in rules.MONEY_NOUNS and len(words) > 1:
        return words[-2]  # "a 3.5bn talar package": the currency
    if len(words) > 1 and f"{words[-2][0]} {words[-1][0]}" in rules.COMPOUND_UNITS:
        return f"{words[-2][0]} {words[-1][0]}", words[-1][1]
    if len(words) == 1 and words[0][0] in rules.NOUN_MODIFIERS:
        return "", end
    return words[-1]


def unit_of(noun):
    """The unit a counted noun is measured in: people for "civilians", buildings for "homes"."""
    if noun in rules.PEOPLE_NOUNS:
        return "people"
    return rules.UNIT_CATEGORIES.get(noun, noun)


def unit_from_context(before):
    """ "the toll was anywhere near 90", "put the crowd at 38,000": a figure with no noun of its
    own counts what the words before it name."""
    found = rules.COUNT_OF_PEOPLE.search(before)
    return "people" if found else ""


def share_between_siblings(found, sentence, article_day=None):
    """In a compound sentence ("413 killed since 15 November, and 139 in the west"), a figure
    that says nothing of its own takes what the others say: the thing counted, and the
    period; a present-tense count with no period holds at the time of the report, the
    article's date."""
    counted = next((figure for figure in found if figure.noun), None)
    dated = next((figure for figure in found if figure.explicit_period), None)
    for index, figure in enumerate(found):
        if not figure.noun and counted is not None and not figure.unit:
            figure.unit, figure.noun = counted.unit, counted.noun
            verb = VERB.match(sentence[figure.end :])
            figure.counted = f"{counted.noun} {verb.group('verb')}" if verb else counted.noun
        if not figure.unit:
            # "rose to 1,240, up from 980": an earlier value counts the same thing
            measured = [f for f in found[:index][::-1] + found[index + 1 :] if f.unit]
            if measured:
                figure.unit, figure.counted = measured[0].unit, measured[0].counted
        if not figure.period and dated is not None:
            figure.period = dated.period
            figure.period_start, figure.period_end = dated.period_start, dated.period_end
        if not figure.period:
            clause_start, clause_end = clause_around(sentence, figure.start, figure.end)
            if rules.PRESENT_TENSE.search(sentence[clause_start:clause_end]):
                figure.period = rules.AS_OF_REPORT
                figure.period_end = article_day
