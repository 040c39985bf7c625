"""Suggested claims from an article's text: pure functions, usable without the web.

`suggest_claims(text, sources)` splits the text into sentences and, for each sentence that
attributes a statement or gives a figure, suggests a claim: the quote and its place in the text,
the speaker's name and role, through whom it was reported, the source (matched to the known
sources by name or alias), a stance cue, and the figures with their qualifier, value or range,
unit, what is counted, place and period. A sentence with several figures ("413 in the east and
139 in the west") gives a claim for each, sharing the quote. The newsroom's rules are in
`rules.py`; nothing here is a guess the editor cannot see and correct at the desk.
"""

import re
from dataclasses import dataclass, field

from .attribution import KnownSource, attribution_in, quote_in, source_for
from .figures import figures_in
from .periods import article_date
from .rules import PRONOUNS
from .sentences import Sentence, sentences_of

__all__ = [
    "KnownSource",
    "Sentence",
    "Suggestion",
    "parts_of",
    "reads_language",
    "sentences_of",
    "suggest_claims",
]

# The desk reads a long text a part at a time, each part cut after a paragraph: the page shows
# every sentence of the part it reads, each with its button, and a claim row for each
# suggestion, so a page of a whole megabyte would be tens of megabytes of HTML.
PART_LENGTH = 50_000
# and of at most so many paragraphs and sentences, for the same reason.
MOST_PARAGRAPHS = 1_000
MOST_SENTENCES = 1_000
SENTENCE_MARK = re.compile(r"[.!?]+\s+")
PARAGRAPH_BREAK = re.compile(r"\n+")
LIKELY_SENTENCE_END = re.compile(r"(?<=[a-z]{3}[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
SPACE = re.compile(r" +")
PART_ENDS = (PARAGRAPH_BREAK, LIKELY_SENTENCE_END)
# Longer "sentences" (a paragraph without full stops, a table pasted flat) are shown but not
# read for claims: no sentence of a report is this long.
LONGEST_SENTENCE = 2_000
# The rules are those of English news copy: text in another language gets no suggestions.
LANGUAGES_READ = {"en"}


@dataclass
class Suggestion:
    sentence: Sentence
    quote: str = ""
    start: int = 0  # where the claim's words are in the text: its quote, or its sentence
    end: int = 0
    speaker_name: str = ""
    speaker_role: str = ""
    via: str = ""
    stance: str = ""
    source: str | None = None  # a known source's slug
    new_source: str = ""  # or the name of a source to create
    figures: list = field(default_factory=list)

    def as_dict(self):
        return {
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence.text,
            "speaker_name": self.speaker_name,
            "speaker_role": self.speaker_role,
            "via": self.via,
            "stance": self.stance,
            "source": self.source,
            "new_source": self.new_source,
            "figures": [figure.as_dict() for figure in self.figures],
        }


def parts_of(text):
    """(start, end) of the parts the desk reads a long text in, one at a time."""
    parts = [(start, start + len(piece)) for start, piece in cut(text, PART_LENGTH, PART_ENDS)]
    for pattern, most in ((PARAGRAPH_BREAK, MOST_PARAGRAPHS), (SENTENCE_MARK, MOST_SENTENCES)):
        parts = [
            smaller
            for start, end in parts
            for smaller in split_every(text, start, end, pattern, most)
        ]
    return parts


def split_every(text, start, end, pattern, most):
    """text[start:end] as (start, end) pieces holding at most `most` matches of the pattern."""
    ends = [match.end() for match in pattern.finditer(text, start, end)][most - 1 :: most]
    bounds = [start, *(at for at in ends if at < end), end]
    return list(zip(bounds, bounds[1:], strict=False))


def cut(text, length, ends):
    """(start, piece) of the text in pieces of at most `length` characters, each cut after the
    last match of one of `ends` (tried in turn) that leaves it short enough, else at a space."""
    start = 0
    while len(text) - start > length:
        limit = start + length
        cut_at = None
        for pattern in (*ends, SPACE):
            found = [match.end() for match in pattern.finditer(text, start + 1, limit)]
            if found:
                cut_at = found[-1]
                break
        cut_at = cut_at or limit
        yield start, text[start:cut_at]
        start = cut_at
    yield start, text[start:]


def reads_language(tag):
    """Whether the rules read text in the language of this BCP 47 tag ("en-GB" is English)."""
    return tag.split("-")[0].lower() in LANGUAGES_READ


def suggest_claims(text, sources=(), reference_date=None, sentences=None, language="en"):
    """Suggested claims, in the order of the text. `sources` are KnownSource entries;
    `reference_date` is the article's date (else its dateline's, see periods.py);
    `sentences`, when given, are those of the text to read (the desk reads one part);
    `language` is the text's: none are suggested for a language the rules do not read."""
    if not reads_language(language):
        return []
    sentences = sentences_of(text) if sentences is None else sentences
    reference = article_date(text, reference_date)
    suggestions, previous = [], None
    for sentence in sentences:
        if len(sentence.text) > LONGEST_SENTENCE:
            continue
        made = suggestions_for(sentence, sources, reference, previous)
        suggestions.extend(made)
        if made and (made[0].speaker_name or made[0].source or made[0].new_source):
            previous = made[0]
    return suggestions


def suggestions_for(sentence, sources, reference, previous=None):
    attribution = attribution_in(sentence.text)
    speaker = (attribution.subject_start, attribution.subject_start + len(attribution.subject))
    parties = (attribution.subject, attribution.via.removeprefix("told "))
    figures = figures_in(
        sentence.text, reference, skip=[speaker] if attribution.subject else [], parties=parties
    )
    if attribution.subject.lower() in PRONOUNS and previous is not None:
        # "…," he said: the speaker of the sentence before.
        attribution.speaker_name = previous.speaker_name
        attribution.speaker_role = previous.speaker_role
        attribution.subject = ""
        inherited = previous.source, previous.new_source
    else:
        inherited = None
    quoted = quote_in(sentence.text)
    if not (attribution.subject or attribution.stance or figures or quoted):
        return []
    slug, new_source = inherited or source_for(attribution.subject, sentence.text, sources)
    if not (slug or new_source) and previous is not None:
        # "The agency's director, Alex Example, said": wire copy goes on about the source it
        # has just named; the editor sees the suggestion and corrects it where it does not.
        slug, new_source = previous.source, previous.new_source
    known = next((source for source in sources if source.slug == slug), None)
    for figure in figures:
        if known is not None and figure.place and known.found_in(figure.place):
            figure.place = ""  # the source's own name, not a place: "the Example Agency"
    if quoted:
        quote, start, end = quoted[0], sentence.start + quoted[1], sentence.start + quoted[2]
    else:
        quote, start, end = "", sentence.start, sentence.end
    shared = {
        "sentence": sentence,
        "quote": quote,
        "start": start,
        "end": end,
        "speaker_name": attribution.speaker_name,
        "speaker_role": attribution.speaker_role,
        "via": attribution.via,
        "stance": attribution.stance,
        "source": slug,
        "new_source": new_source,
    }
    # One claim for each figure, sharing the words; one claim when the sentence gives none.
    return [Suggestion(**shared, figures=[figure]) for figure in figures] or [Suggestion(**shared)]
