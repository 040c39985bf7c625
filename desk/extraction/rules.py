"""The newsroom's rules for reading claims out of wire copy, in one place.

Everything the extraction knows about English news writing is a table here: how a number is
qualified ("at least", "an estimated", "between … and …", "up to"), how a statement is
attributed ("X told Reuters", "X said"), which verbs carry a stance, which words mark a period.
The functions in this package only apply them. To teach the desk a new phrase, add it here
(and a sentence that uses it to the test corpus).
"""

import re

# Qualifiers -------------------------------------------------------------------------------------
# Words before a number, longest first, and the qualifier they give it.
QUALIFIER_WORDS = {
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "more than": "at_least",
    "over": "at_least",
    "upwards of": "at_least",
    "at most": "at_most",
    "up to": "at_most",
    "no more than": "at_most",
    "fewer than": "at_most",
    "less than": "at_most",
    "an estimated": "about",
    "estimated": "about",
    "about": "about",
    "around": "about",
    "roughly": "about",
    "approximately": "about",
    "some": "about",
    "nearly": "about",
    "almost": "about",
    "close to": "about",
    "closer to": "about",
    "anywhere near": "about",
    "as high as": "at_most",
    "as many as": "at_most",
    "below": "at_most",
    "exceeding": "at_least",
}
# Multiples without a number: "dozens of people" are at least 24 people, the least the word
# says; "a dozen" is twelve. ("Several" and "a handful" say no number.)
MULTIPLES = {
    "tens of thousands": ("at_least", 20_000),
    "hundreds of thousands": ("at_least", 200_000),
    "dozens": ("at_least", 24),
    "hundreds": ("at_least", 200),
    "thousands": ("at_least", 2_000),
    "millions": ("at_least", 2_000_000),
    "a dozen": ("exact", 12),
}
# Money: "$4.2 million" is 4,200,000 in US dollars.
CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP"}
# Ranges: "between 10,000 and 13,000", and without "between": "10,000 to 13,000", "10,000-13,000".
RANGE_JOINERS = r"(?:to|-|–|—)"

# Numbers --------------------------------------------------------------------------------------
NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
]
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
PERCENT_WORDS = ("%", "per cent", "percent")

# What a count of people is called: such a figure's unit is "people".
PEOPLE_NOUNS = {
    "people", "persons", "civilians", "residents", "refugees", "migrants", "children",
    "women", "men", "rebels", "fighters", "soldiers", "troops", "militants", "insurgents",
    "protesters", "prisoners", "detainees", "hostages", "patients", "victims", "casualties",
    "dead", "wounded", "injured", "workers", "families", "inhabitants", "survivors",
    "combatants", "police", "officers", "journalists", "staff", "students", "voters",
    "observers", "members", "firefighters", "witnesses", "visitors", "defendants",
    "co-defendants", "passengers", "volunteers", "demonstrators", "marchers", "participants",
    "employees", "miners", "doctors", "nurses", "teachers", "farmers", "pilgrims", "tourists",
    "supporters", "delegates", "suspects", "deaths", "bodies", "adults", "babies", "girls",
    "boys", "pupils", "asylum-seekers", "evacuees", "dockworkers", "crew",
}  # fmt: skip
# Numbers that are not figures: parts of dates, times, ages, lengths of time in a period.
NOT_A_FIGURE_BEFORE = ("age of", "aged", "at", "on", "in", "since", "by", "until", "from", "of")
# An age: "aged 34", "the age of 34", "retirement age to 67".
AGE_WORDS = ("age of", "aged", "age to", "age at")
# "72-hour", "12-year-old", "30-year", "three-day": a length of time or an age.
TIME_COMPOUND = re.compile(r"-(?:year|hour|day|week|month|minute|second)s?\b", re.I)
# "magnitude 5.1", "a 5.1-magnitude quake": the strength of an earthquake, not a count.
MAGNITUDE_AFTER = re.compile(r"[- ]magnitude\b", re.I)
# Words before a number that names something rather than counting: "Route 9", "Flight 370",
# "Resolution 2254", "Article 5", "magnitude 5.1".
NOT_COUNTING_BEFORE = (
    "magnitude", "route", "flight", "gate", "resolution", "article", "section", "highway",
    "platform", "terminal", "exit", "junction", "chapter", "paragraph", "clause", "amendment",
    "room",
)  # fmt: skip
# Three or more groups of digits with single spaces between them: a phone number.
PHONE_NUMBER = re.compile(r"(?<![\d,.])\d{2,}(?: \d{2,}){2,}(?![\d]|[.,]\d)")
# A name followed by a comma: "Aurel Vostrik, 61, went on trial" gives the person's age.
AGE_AFTER_NAME = re.compile(r"\b[A-Z][\w'-]+,$")
TIME_NOUNS = {
    "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years",
    "minute", "minutes", "am", "pm", "today", "tomorrow", "tonight", "yesterday",
}  # fmt: skip
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
]

# Periods ----------------------------------------------------------------------------------------
# Phrases that say when a figure holds, as regular expressions over a clause, first match wins.
PERIOD_PATTERNS = [
    r"\b(?:in|over|during) the (?:past|last|previous) [\w ]{1,20}?"
    r"\b(?:hours?|days?|weeks?|months?|years?)\b",
    r"\bsince (?:the )?[\w'’ -]{1,60}?\bon (?P<date>(?:\d{1,2} )?[A-Z][a-z]+\.?(?: \d{1,2}"
    r"(?:st|nd|rd|th)?)?(?:,? \d{4})?)",
    r"\bsince (?P<date>(?:\d{1,2} )?(?:" + "|".join(MONTHS) + r")\.?(?: \d{1,2}"
    r"(?:st|nd|rd|th)?)?(?:,? \d{4})?)",
    r"\bsince (?:the )?(?:start|beginning|outbreak) of [\w'’ -]{1,60}?(?=[,.;]|$)",
    r"\bsince [\w'’ -]{1,40}?(?=[,.;]|$)",
    r"\b(?:so far|to date|this year|last year|this week|last week|overnight|on \w+day)\b",
]
# A figure said to be a total holds "in all".
TOTAL_WORDS = ("total", "in all", "altogether", "overall", "cumulative")
IN_ALL = "in all"
# A present-tense count with no period of its own holds when the report was written.
PRESENT_TENSE = re.compile(r"\b(?:are|is|remain|remains|stands at|stand at|number)\b")
AS_OF_REPORT = "at the time of the report"

# Places: "in east Aleppo", "from eastern Aleppo", "in the city's west".
PLACE_PATTERN = re.compile(
    r"\b(?:in|from|across|inside|near|around) (?P<place>(?:the )?(?:(?:north|south|east|west|"
    r"northern|southern|eastern|western|central|north-east|north-west|south-east|south-west)"
    r"(?:ern)? )?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*|the (?:city|town|region|country)['’]s "
    r"(?:north|south|east|west|centre|center))"
)

# Attribution --------------------------------------------------------------------------------------
# Verbs that attribute a statement, and the stance each suggests ("" where it says nothing).
ATTRIBUTION_VERBS = {
    "said": "affirms", "says": "affirms", "say": "affirms", "told": "affirms",
    "added": "affirms", "adds": "affirms", "claimed": "affirms", "claims": "affirms",
    "confirmed": "affirms", "announced": "affirms", "reported": "affirms",
    "stated": "affirms", "insisted": "affirms", "acknowledged": "affirms",
    "admitted": "affirms", "admits": "affirms", "warned": "affirms",
    "denied": "denies", "denies": "denies", "rejected": "denies", "dismissed": "denies",
    "refuted": "denies", "disputed": "denies",
}  # fmt: skip
# Phrases that say a party would not comment.
NO_COMMENT = re.compile(
    r"\b(?:no comment from|declined to comment|did not comment|refused to comment|"
    r"would not comment|has not commented|have not commented)\b",
    re.I,
)
# "told Reuters", "told the BBC", "told a Reuters photographer": through whom it was reported.
VIA_PATTERN = re.compile(
    r"\btold (?P<via>(?:the |a |an )?[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)*"
    r"(?: (?:photographer|reporter|correspondent|journalist|news agency|newspaper))?)"
)
# A sentence whose speaker is a pronoun continues the previous sentence's attribution.
PRONOUNS = {"he", "she", "they", "it", "we"}

# Speakers: a title and a name. Words that are never part of a person's name.
NAME_WORD = r"[A-Z][a-z'’-]+(?:-[A-Z][a-z]+)?"
NAME = rf"(?P<name>{NAME_WORD}(?: (?:al-|bin |de |van )?{NAME_WORD}){{1,2}})"
NOT_NAMES = {
    "The", "A", "An", "It", "He", "She", "They", "We", "I", "Mr", "Mrs", "Ms", "Dr",
    "Moscow", "Reuters", "Overnight", "Analysts", "Russia", "Syria", "Amid",
    "Observatory", "Ministry", "Army", "Government", "Council", "Agency", "Monitor",
    "Committee", "Forces", "Group", "Office", "Department", "Police", "Command", "Front",
}  # fmt: skip
# Words after a number that are not what it counts: the thing is named elsewhere.
NOT_NOUNS = {
    "have", "has", "had", "are", "were", "was", "is", "been", "be", "the", "a", "an", "and",
    "or", "to", "in", "from", "by", "for", "on", "at", "with", "more", "less", "others",
}  # fmt: skip
# Words that say where a speaker is from, left out of their role: "Russian Deputy Foreign
# Minister" is a deputy foreign minister of Russia.
DEMONYMS = {
    "russian", "syrian", "american", "us", "u.s.", "british", "uk", "french", "german",
    "turkish", "iranian", "iraqi", "israeli", "palestinian", "ukrainian", "chinese",
    "lebanese", "jordanian", "saudi", "egyptian", "kurdish", "european", "un", "u.n.",
    "russia's", "syria's", "britain's", "america's", "iran's", "turkey's", "israel's",
    "ukraine's", "the", "a", "an",
}  # fmt: skip
