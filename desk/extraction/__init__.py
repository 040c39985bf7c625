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
from datetime import date

import pysbd
from dateutil import parser as date_parser

from .attribution import KnownSource, attribution_in, quote_in, source_for
from .figures import figures_in
from .rules import PRONOUNS

__all__ = ["KnownSource", "Sentence", "Suggestion", "sentences_of", "suggest_claims"]

PARAGRAPH = re.compile(r"[^\n]+")
WRITTEN_DATE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}\b"
    r"|\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b"
)


@dataclass
class Sentence:
    text: str
    start: int
    end: int


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


_segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)


def sentences_of(text):
    """The text's sentences, with where each starts and ends; paragraphs never run together."""
    sentences = []
    for paragraph in PARAGRAPH.finditer(text):
        for span in _segmenter.segment(paragraph.group()):
            stripped = span.sent.strip()
            if not stripped:
                continue
            start = paragraph.start() + span.start + (len(span.sent) - len(span.sent.lstrip()))
            sentences.append(Sentence(stripped, start, start + len(stripped)))
    return sentences


def reference_date_in(text):
    """The latest date the text writes out in full ("Dec. 6, 2016"): the year the report's
    own dates ("November 15th") fall in, when the article's date is not known."""
    found = []
    for match in WRITTEN_DATE.finditer(text):
        try:
            found.append(date_parser.parse(match.group(), fuzzy=True).date())
        except (ValueError, OverflowError):
            continue
    return max(found, default=None)


def suggest_claims(text, sources=(), reference_date=None):
    """Suggested claims, in the order of the text. `sources` are KnownSource entries."""
    reference = reference_date or reference_date_in(text) or date.today()
    suggestions, previous = [], None
    for sentence in sentences_of(text):
        made = suggestions_for(sentence, sources, reference, previous)
        suggestions.extend(made)
        if made and (made[0].speaker_name or made[0].source or made[0].new_source):
            previous = made[0]
    return suggestions


def suggestions_for(sentence, sources, reference, previous=None):
    attribution = attribution_in(sentence.text)
    speaker = (attribution.subject_start, attribution.subject_start + len(attribution.subject))
    figures = figures_in(sentence.text, reference, skip=[speaker] if attribution.subject else [])
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
