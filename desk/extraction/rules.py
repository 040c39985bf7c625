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
    "nearly": "at_most",
    "almost": "at_most",
    "close to": "about",
    "closer to": "about",
    "anywhere near": "about",
    "as high as": "at_most",
    "as many as": "at_most",
    "below": "at_most",
    "under": "at_most",
    "in excess of": "at_least",
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
    "trillion",
]
SCALES = {
    "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}  # fmt: skip
GLUED_SCALES = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000, "tn": 1_000_000_000_000}
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
    "boys", "pupils", "asylum-seekers", "evacuees", "dockworkers", "crew", "missing", "hurt",
    "displaced", "homeless", "evacuated", "killed",
}  # fmt: skip
# What a count of things is measured in, when it is not the noun itself.
UNIT_CATEGORIES = {
    "violations": "incidents", "incidents": "incidents", "times": "incidents",
    "breaches": "incidents", "homes": "buildings", "houses": "buildings",
    "buildings": "buildings", "dwellings": "buildings", "apartments": "buildings",
    "structures": "buildings", "case": "cases",
}  # fmt: skip
# Units of two words: "a dozen polling stations".
COMPOUND_UNITS = {
    "polling stations", "percentage points", "square kilometres", "square kilometers",
    "square miles", "cubic metres", "basis points", "polling places",
}  # fmt: skip
# Words before a noun that describe it: "15 more deaths", "112 new cases".
NOUN_MODIFIERS = {"more", "new", "additional", "other", "further", "extra", "suspected"}
# "a 3.5bn talar package": the word before these is the currency.
MONEY_NOUNS = {
    "package", "deal", "budget", "fund", "loan", "plan", "programme", "program", "scheme",
    "contract", "bailout", "investment", "fine", "project", "settlement", "bill", "grant",
}  # fmt: skip
# Words that end the noun phrase after a number.
PHRASE_ENDS = {
    "between", "among", "across", "into", "through", "after", "before", "during", "under",
    "per", "within", "near", "about", "than", "who", "which", "that", "could", "would",
    "will", "may", "might", "should", "can", "must", "did", "do", "does", "left", "fled",
    "held", "lost", "taken", "still", "now", "so", "since", "as",
    "of", "out", "up", "off", "over", "here", "there", "this", "last", "next", "each",
    "every", "alone", "only", "but", "if", "when", "while", "them", "those", "these", "us",
    "it", "long", "wide", "high", "deep", "tall", "old", "away", "apart", "ago", "strong",
}  # fmt: skip
LONGEST_NOUN_PHRASE = 4
# Words before a figure with no noun that say it counts people: "the toll was near 90".
COUNT_OF_PEOPLE = re.compile(
    r"\b(?:toll|crowd|turnout of|number of (?:dead|deaths|people|victims|casualties|displaced|"
    r"injured|wounded|missing|evacuated|homeless|refugees|migrants))\b[^,;]*$",
    re.I,
)
# Numbers that are not figures: parts of dates, times, ages, lengths of time in a period.
NOT_A_FIGURE_BEFORE = ("age of", "aged", "at", "on", "in", "since", "by", "until", "from", "of")
# "up from 58 percent", "raising the toll from 29": an earlier value, a figure of its own.
CHANGE_BEFORE = re.compile(
    r"\b(?:up|down|rose|risen|rising|raising|raised|fell|fallen|falling|increased|decreased|"
    r"toll|climbed|jumped|dropped|revised)\b(?:\s+[\w'-]+){0,3}\s+from$"
)
# An age: "aged 34", "the age of 34", "retirement age to 67".
AGE_WORDS = ("age of", "aged", "age to", "age at", "aged from", "aged between")
# "a 5-0 win": a score, not a range.
SCORE_NOUNS = {"win", "victory", "defeat", "draw", "loss", "lead", "scoreline", "vote"}
# "72-hour", "12-year-old", "30-year", "three-day": a length of time or an age.
TIME_COMPOUND = re.compile(r"-(?:year|hour|day|week|month|minute|second)s?\b", re.I)
# "magnitude 5.1", "a 5.1-magnitude quake": the strength of an earthquake, not a count.
MAGNITUDE_AFTER = re.compile(r"[- ]magnitude\b", re.I)
# Words before a number that names something rather than counting: "Route 9", "Flight 370",
# "Resolution 2254", "Article 5", "magnitude 5.1".
NOT_COUNTING_BEFORE = (
    "magnitude", "route", "flight", "gate", "resolution", "article", "section", "highway",
    "platform", "terminal", "exit", "junction", "chapter", "paragraph", "clause", "amendment",
    "room", "call", "dial", "hotline", "number", "no", "code", "line", "channel",
)  # fmt: skip
# Three or more groups of digits with single spaces between them: a phone number.
PHONE_NUMBER = re.compile(r"(?<![\d,.])\d{2,}(?: \d{2,}){2,}(?![\d]|[.,]\d)")
# A name followed by a comma: "Aurel Vostrik, 61, went on trial" gives the person's age.
AGE_AFTER_NAME = re.compile(r"\b[A-Z][\w'-]+,$")
TIME_NOUNS = {
    "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years",
    "minute", "minutes", "am", "pm", "today", "tomorrow", "tonight", "yesterday",
    "term", "terms",
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
# Verbs that attribute a statement, and the stance each suggests ("" where it says nothing: an
# order is reported, not asserted).
ATTRIBUTION_VERBS = {
    "said": "affirms", "says": "affirms", "say": "affirms", "told": "affirms",
    "added": "affirms", "adds": "affirms", "claimed": "affirms", "claims": "affirms",
    "confirmed": "affirms", "announced": "affirms", "reported": "affirms",
    "stated": "affirms", "insisted": "affirms", "acknowledged": "affirms",
    "admitted": "affirms", "admits": "affirms", "warned": "affirms", "wrote": "affirms",
    "estimates": "affirms", "estimated": "affirms", "expected": "affirms",
    "saying": "affirms", "adding": "affirms", "alleged": "affirms", "showed": "affirms",
    "shows": "affirms", "show": "affirms",
    "denied": "denies", "denies": "denies", "deny": "denies", "rejected": "denies",
    "dismissed": "denies", "refuted": "denies", "disputed": "denies", "called": "denies",
    "ordered": "",
}  # fmt: skip
# Verbs whose party may follow them: `"…," said Elena Drost`.
INVERTIBLE_VERBS = {"said", "says", "added", "adds", "told", "wrote", "insisted", "warned"}
# Verbs that attribute only before "that": "the company estimates that …", not "an
# independent group that estimates crowd sizes".
SPEECH_NEEDS_THAT = {"estimates", "estimated"}
# "called the figures 'a lie'" denies; "called for talks" says nothing.
DENIAL_CALLS = {"called"}
CALLED_FALSE = re.compile(
    r"\b(?:false|untrue|a lie|lies|lying|fabricat\w+|propaganda|baseless|groundless|fake|"
    r"rigged|misleading|exaggerated|nonsense|inaccurate|wrong|an insult|insulting|absurd|"
    r"ridiculous|laughable|not credible|unfounded|fiction)\b",
    re.I,
)
# Phrases that give a party words without a speech verb, and the stance they suggest. A
# `party` group means the party is named after the phrase.
NO_COMMENT = re.compile(
    r"\b(?:(?:declined|refused) to (?:comment|give|provide|say|confirm|discuss)|"
    r"would not (?:comment|say|give|confirm)|did not comment|"
    r"(?:has|have) not commented|did not (?:immediately )?(?:respond|reply)|"
    r"could not (?:immediately )?be reached|had no (?:immediate )?comment|"
    r"did not return (?:calls|requests))\b",
    re.I,
)
PARTY_ENDS = (
    r"(?=,|;|\.(?:\s|$)|$| on [A-Z][a-z]+day\b| in a\b| about\b| beyond\b| over\b"
    r"| seen by\b| obtained by\b| reviewed by\b)"
)
ACCORDING_TO = re.compile(r"\b[Aa]ccording to (?P<party>[^,;]+?)" + PARTY_ENDS)
NO_COMMENT_FROM = re.compile(r"\bno comment from (?P<party>[^,;]+?)" + PARTY_ENDS, re.I)
# "Police put the crowd at 38,000"
PUT_AT_WORDS = r"\b(?:puts?|estimated|estimates) (?:the |its |their |a |an )?[\w'’ -]{1,40}? at "
PUT_AT = re.compile(
    PUT_AT_WORDS + r"(?=[$€£]?\d|about|around|some|more|at least|between|nearly|up to|over|roughly)"
)
# The same words, just before a number.
PUT_AT_END = re.compile(PUT_AT_WORDS + "$")
# "was quoted as saying by the state news agency Ostpress": through whom it was reported.
QUOTED_BY = re.compile(
    r"\b(?:was|were) quoted as saying "
    r"(?:by (?P<via>(?:the )?(?:[a-z]+ ){0,3}[A-Z][\w-]*(?: [A-Z][\w-]*)*))?"
)
# "went on trial accused of …": in court copy, what a defendant is accused of is what the
# prosecution says.
ON_TRIAL = re.compile(
    r"\b(?:went|goes|go|stood|stands|is|are|was|were|appeared|appear|appears) "
    r"(?:on trial|in court|charged)\b"
    r"[^.;]{0,60}?\b(?:accused of|charged with|with)\b"
)
PROSECUTION = "Prosecution"
# Each with the words (in lower case) a sentence must hold for it to be worth looking for.
PARTY_PHRASES = [
    (ACCORDING_TO, "affirms", ("ccording to",)),
    (NO_COMMENT_FROM, "no_comment", ("no comment",)),
    (NO_COMMENT, "no_comment", ("comment", "respon", "reply", "reached", "declined", "refused",
                                "would not", "did not")),
    (PUT_AT, "affirms", (" at ",)),
    (QUOTED_BY, "affirms", ("quoted",)),
    (ON_TRIAL, "affirms", ("trial", "court", "charged")),
]  # fmt: skip
# "according to preliminary results released by the commission" names a party; "according to
# a letter seen by Wire" names none.
AUTHORLESS_DOCUMENT = re.compile(
    r"^(?:an? |the )?(?:[a-z-]+ ){0,2}(?:letter|report|document|memo|draft|e-?mail|note|"
    r"filing|record|paper|analysis|assessment|survey)s?\b(?!.*\b(?:from|by)\b)",
    re.I,
)
# "results released by the commission": the party is who released them.
AUTHOR = re.compile(
    r"^.*?\b(?:released|issued|published|compiled|gathered|provided)? ?(?:by|from) "
)
# Words after a party's name that say what of theirs was read: "interior ministry data".
DOCUMENT_WORDS = {
    "data", "figures", "results", "statistics", "estimates", "estimate", "records", "count",
    "tally", "report", "statement", "numbers",
}  # fmt: skip
# Where a clause of a sentence ends and another party may begin.
CLAUSE_BREAK = re.compile(
    r",?\s+(?:but|while|whereas)\s+|;\s+|,\s+and\s+"
    r"|\s+and\s+(?=(?:has |have |had )?(?:" + "|".join(ATTRIBUTION_VERBS) + r")\b)"
    r"|,\s+(?=(?:saying|adding)\b)"
)
# "BRESKA, May 14 (Wire) - ": the place, date and agency a wire story opens with.
DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'’-]+(?:, [A-Z][a-z]{2,8}\.? \d{1,2})? \((?P<agency>[^)]{1,40})\) "
    r"[-–—]\s*"
)
# "A statement from the monitors said": the party is the statement's author.
STATEMENT_FROM = re.compile(
    r"^(?:an? |the |in an? )?(?:[a-z]+ )?(?:statement|post|letter|report|communiqu\w+|"
    r"announcement|message|figures|data|statistics|results|records|estimates)s? "
    r"(?:from|by|of|released by|published by) (?=\S)",
    re.I,
)
# "Prime Minister Ivo Lesk's office" is the office of the Prime Minister.
OFFICE_OF = re.compile(r"^(?:the )?(?P<holder>.+?)['’]s office$", re.I)
# "Officials in Ilvany": the authorities of a place, no one named.
OFFICIALS_IN = re.compile(
    r"^(?P<role>officials|authorities|police|officers) in (?P<place>(?:(?:north|south|east|"
    r"west)\w* )?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*)$",
    re.I,
)
# Offices a speaker holds: the last of them in a title is their role ("chief opposition
# coordinator"), and the words before it name what they speak for ("Army spokesman").
POSITIONS = {
    "spokesman", "spokeswoman", "spokesperson", "spokespeople", "chairman", "chairwoman",
    "chair", "chairperson", "leader", "chief", "head", "director", "president", "secretary",
    "commander", "official", "officials", "officer", "coordinator", "governor", "mayor",
    "minister", "prosecutor", "prosecutors", "lawyer", "lawyers", "attorney", "ambassador",
    "envoy", "representative", "manager", "executive", "administrator", "inspector",
    "nurse", "doctor", "analyst", "researcher", "economist", "professor", "editor",
    "negotiator", "adviser", "advisor", "judge", "founder", "journalist", "correspondent",
    "photographer", "reporter", "aide", "deputy", "premier", "councillor", "senator",
}  # fmt: skip
# Words of a title that are neither office nor what it is of: "chief opposition coordinator".
ROLE_ADJECTIVES = {
    "senior", "deputy", "vice", "chief", "acting", "former", "top", "country", "press",
    "interim", "assistant", "general", "regional", "local", "provincial", "district", "new",
}  # fmt: skip
# Ranks and forms of address: never part of a name, never an office of their own.
TITLE_WORDS = {
    "mr", "mrs", "ms", "dr", "sheikh", "king", "queen", "prince", "colonel", "major",
    "captain", "lieutenant", "sergeant", "general", "brigadier", "admiral", "sir", "lord",
    "lady",
}  # fmt: skip
# Words that end an organisation's name, never a person's: "the Renewal Party".
ORGANISATION_WORDS = {
    "union", "party", "alliance", "confederation", "network", "mission", "watch", "monitor",
    "commission", "bank", "service", "authority", "association", "federation",
    "organisation", "organization", "institute", "company", "corporation", "court", "board",
    "centre", "center", "league", "movement", "coalition", "society", "fund", "programme",
    "council", "committee", "agency", "office", "ministry", "department", "front", "army",
    "forces", "group", "observatory", "crescent", "cross", "foundation", "trust", "relief",
}  # fmt: skip
# "a 34-year-old festival-goer from Brelin": what a person with no organisation speaks as.
DESCRIPTOR = re.compile(
    r"^(?:an? |the )(?:[\w-]*\d[\w-]* )?(?:[a-z-]+ ){0,2}?(?P<noun>[a-z-]+)"
    r"(?: (?:in|of|at|from|who|with|near|on)\b.*)?$"
)
# "the health ministry in Garrow", "the only clinic in the village of Weylin": a body named by
# where it is, which a newsroom names place first.
BODY_IN_PLACE = re.compile(
    r"^(?:only |main |local )?(?P<body>[a-z][\w'’-]*(?: [a-z][\w'’-]*){0,3}) in (?:the )?"
    r"(?:(?P<kind>village|town|city|province|region|district|county|state) of )?"
    r"(?P<place>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)$"
)
# "the health ministry on Monday": when it spoke, not who.
TRAILING_TIME = re.compile(
    r" (?:on (?:[A-Z][a-z]+day|[A-Z][a-z]+ \d{1,2})|(?:last|this|late|early) (?:[A-Z][a-z]+day|"
    r"week|month|year|night)|overnight|yesterday|today)$"
)
# Words that point at a party without naming it: never a source of their own.
GENERIC_PARTIES = {
    "group", "company", "firm", "agency", "organisation", "organization", "charity", "body",
    "institution", "official", "source", "sources", "spokesman", "spokeswoman", "side",
    "authority", "office", "department", "statement", "report", "ministry", "union",
    "commission", "committee", "council", "board", "monitor", "alliance", "federation",
    "network", "mission", "service", "bank", "party", "campaign", "association",
}  # fmt: skip
# An unnamed official at one of these levels speaks for that level's government.
GOVERNMENT_LEVELS = {"regional", "provincial", "local", "state", "federal", "municipal"}
# What an office speaks for when it is not named: a prosecutor for the prosecution.
OFFICE_BODIES = {
    "prosecutor": "Prosecution", "prosecutors": "Prosecution", "mayor": "town hall",
    "governor": "government", "lawyer": "", "lawyers": "",
}  # fmt: skip
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
