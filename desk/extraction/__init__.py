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

from .attribution import (
    Attribution,
    KnownSource,
    attributions_in,
    is_bare_name,
    known_source_in,
    person_named_in,
    pieces_of,
    quote_in,
    role_of,
    role_party,
)
from .figures import figures_in
from .periods import article_date
from .rules import DATELINE, GENERIC_PARTIES
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
    reading = Reading(sources, article_date(text, reference_date), agency_of(text))
    readable = [s for s in sentences if len(s.text) <= LONGEST_SENTENCE]
    suggestions = []
    for index, sentence in enumerate(readable):
        suggestions.extend(reading.suggestions_for(sentence, readable[index + 1 : index + 4]))
    return suggestions


def agency_of(text):
    """The agency a wire story's dateline names ("BRESKA, May 14 (Wire) -"): figures the
    story gives in its own voice are the agency's."""
    dateline = DATELINE.match(text.lstrip())
    return dateline.group("agency").strip() if dateline else ""


@dataclass
class Speaker:
    name: str = ""
    role: str = ""
    source: str | None = None
    new_source: str = ""


class Reading:
    """Reads an article's sentences in order, remembering who has spoken: "he said" is the
    last person named, "the ministry" the ministry named before."""

    def __init__(self, sources, reference, agency=""):
        self.sources = sources
        self.reference = reference
        self.agency = agency
        # Names of the parties spoken for so far, each once, the latest mentioned last: a long
        # text names the same few parties again and again.
        self.parties = {}
        self.person = None  # the last person named as a speaker
        self.last = None  # the last speaker, person or not
        self.introduced = None  # a person the sentence before named without quoting them

    def suggestions_for(self, sentence, following=()):
        attributions = attributions_in(sentence.text)
        if not attributions:
            attributions = self.quoted_elsewhere(sentence, following)
        else:
            self.introduced = None
        skip = [
            (a.subject_start, a.subject_start + len(a.subject)) for a in attributions if a.subject
        ]
        parties = [a.subject for a in attributions]
        parties += [a.via.removeprefix("told ") for a in attributions]
        figures = figures_in(sentence.text, self.reference, skip=skip, parties=parties)
        quoted = quote_in(sentence.text)
        if not attributions:
            if not figures:
                return []
            # The agency's own voice: figures no one is said to have given.
            speaker = Speaker(new_source=self.agency)
            return self.made(sentence, [(Attribution(stance=""), speaker, figures)], quoted)
        parts = []
        for index, attribution in enumerate(attributions):
            speaker = self.speaker_of(attribution, sentence.text)
            own = [
                f
                for f in figures
                if attribution.start <= f.start < attribution.end
                or (index == 0 and f.start < attribution.start)
            ]
            parts.append((attribution, speaker, own))
        return self.made(sentence, without_repeats(parts, quoted), quoted)

    def made(self, sentence, parts, quoted):
        suggestions = []
        for attribution, speaker, figures in parts:
            known = next((s for s in self.sources if s.slug == speaker.source), None)
            for figure in figures:
                if known is not None and figure.place and known.found_in(figure.place):
                    figure.place = ""  # the source's own name, not a place: "the Example Agency"
            if len(parts) > 1:
                start, end = sentence.start + attribution.start, sentence.start + attribution.end
            else:
                start, end = sentence.start, sentence.end
            quote = ""
            if quoted and (len(parts) == 1 or attribution.start <= quoted[1] < attribution.end):
                quote = quoted[0]
                start, end = sentence.start + quoted[1], sentence.start + quoted[2]
            shared = {
                "sentence": sentence,
                "quote": quote,
                "start": start,
                "end": end,
                "speaker_name": speaker.name,
                "speaker_role": speaker.role,
                "via": self.via(attribution.via),
                "stance": attribution.stance,
                "source": speaker.source,
                "new_source": speaker.new_source,
            }
            # One claim for each figure, sharing the words; one when the clause gives none.
            suggestions.extend(
                [Suggestion(**shared, figures=[figure]) for figure in figures]
                or [Suggestion(**shared)]
            )
        return suggestions

    def via(self, via):
        """ "told Wire" in a Wire story is the agency's own reporting, through no one."""
        return "" if self.agency and via == f"told {self.agency}" else via

    def quoted_elsewhere(self, sentence, following):
        """A sentence of a quotation whose speaker is named in another: the sentence that
        closes the quote (`"… a day. The official numbers …," said X`), or the one before."""
        text = sentence.text
        if text.count('"') % 2 == 1 and text.lstrip().startswith('"'):
            for later in following:
                if later.text.count('"') % 2 == 1:
                    return [whole(a, text) for a in attributions_in(later.text)[:1]]
                if '"' in later.text:
                    break
        if text.lstrip().startswith('"') and (self.introduced or self.last) is not None:
            return [Attribution(stance="affirms", pronoun="he", end=len(text))]
        self.introduced = introduced_in(text)
        return []

    def speaker_of(self, attribution, text):
        slug = known_source_in(attribution.attribution_text, self.sources)
        if attribution.pronoun:
            speaker = self.pronoun_speaker(attribution, text)
            if speaker is not None:
                if slug:
                    speaker.source, speaker.new_source = slug, ""
                return self.remember(speaker)
        name, role = attribution.speaker_name, attribution.speaker_role
        if slug:
            return self.remember(Speaker(name, role, slug))
        if attribution.owner_pronoun and not attribution.party and self.last is not None:
            # "Its director, Marta Kolin, said": the party named before
            return self.remember(Speaker(name, role, self.last.source, self.last.new_source))
        party = self.resolved(attribution.party)
        if not attribution.party and name:
            party = name  # a person speaking for themself
        return self.remember(Speaker(name, role, None, party))

    def pronoun_speaker(self, attribution, text):
        if attribution.pronoun in PERSON_PRONOUNS:
            named = person_named_in(text[: attribution.said_at])
            if named:
                name, role = named
                party = self.resolved(role_party(role)) or name
                return Speaker(name, role, None, party)
            person = self.introduced or self.person
            if person is not None:
                return Speaker(**vars(person))
        elif self.last is not None:
            return Speaker("", "", self.last.source, self.last.new_source)
        return None

    def resolved(self, party):
        """ "the ministry", "commission", "the charity": the party named before whose name
        holds those words, or the words themselves."""
        if not party:
            return ""
        plain = party.lower()
        if party[1:] == plain[1:]:  # a common noun, not a name
            words = re.compile(rf"(?<!\w){re.escape(plain)}(?!\w)")
            for earlier in reversed(self.parties):
                if words.search(earlier.lower()):
                    return earlier
            if plain in GENERIC_PARTIES:
                return ""  # "the company" names no one the article has named
        return party

    def remember(self, speaker):
        party = speaker.new_source or next(
            (s.names[0] for s in self.sources if s.slug == speaker.source), ""
        )
        if party:
            self.parties.pop(party, None)
            self.parties[party] = True
        if speaker.name:
            self.person = speaker
        if speaker.name or party:
            self.last = speaker
        return Speaker(**vars(speaker))


PERSON_PRONOUNS = {"he", "she", "i"}


def without_repeats(parts, quoted):
    """A party's clause that adds no figure, stance or quote to what it says elsewhere in the
    sentence ("announced a package of 3.5bn … and said bread prices would be frozen") is no
    claim of its own."""
    kept = []
    for attribution, speaker, figures in parts:
        same = [
            other
            for other, said, _ in parts
            if other is not attribution
            and (said.source, said.new_source, said.name)
            == (speaker.source, speaker.new_source, speaker.name)
        ]
        has_quote = quoted and attribution.start <= quoted[1] < attribution.end
        if same and not figures and attribution.stance == "affirms" and not has_quote:
            continue
        kept.append((attribution, speaker, figures))
    return kept


def whole(attribution, text):
    """Another sentence's attribution, given to the whole of this one."""
    attribution.start, attribution.end = 0, len(text)
    attribution.subject, attribution.subject_start, attribution.said_at = "", 0, 0
    return attribution


def introduced_in(text):
    """The person a sentence introduces with a role but does not quote ("Amira Sol, a nurse
    at the clinic in Weylin, has run out of salts"): the speaker of a quote that follows."""
    pieces = [piece for piece, _ in pieces_of(text)]
    if len(pieces) < 2 or not is_bare_name(pieces[0]):
        return None
    role = role_of(pieces[1])
    if role is None:
        return None
    return Speaker(pieces[0], role.role, None, role.party or pieces[0])
