"""What each claim row at the desk starts with, so an editor types only what the desk got wrong.

A row starts from a suggestion: the source by its stored name, the summary as the sentence says
it without the wire's dateline ("BRELIN, Oct 14 (Wire) - "), the claim's words starting after
that dateline, and, for a figure, a question named after what it counts, so that rows counting
the same thing share one question. The headline is never a claim. A quote already stored, in
this article or another, is found by its likeness (rapidfuzz) so the row can say where.
"""

import re

from django.db.models import Q
from rapidfuzz import fuzz

from claims.models import Claim, plain

# "BRELIN, Oct 14 (Wire) - ", "BEIRUT (Reuters) — ", "GENEVA, March 3, 2031 - ": a place in
# capitals, then a date or an agency in brackets (at least one of them), then a dash.
DATELINE = re.compile(
    r"[A-Z][A-Z'’.-]+(?:[ /][A-Z][A-Z'’.-]+)*"
    r"(?:(?P<date>,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)\s*)?"
    r"\s*(?P<agency>\([^()\n]{1,60}\)\s*)?"
    r"[-–—]+\s+"
)
# A headline is one short line with no full stop of its own, above the article's first paragraph.
LONGEST_HEADLINE = 200
HEADLINE_ENDS = tuple('.!?"”')
# A stored quote this alike (0-100, rapidfuzz's ratio over the plain words) is the same quote.
SAME_QUOTE = 90
# Quotes shorter than this are too common ("No," he said) to flag.
SHORTEST_FLAGGED_QUOTE = 20
# Stored quotes read to compare with the page's, at most.
MOST_CANDIDATE_QUOTES = 500


def dateline_length(text):
    """How many characters of `text` are its dateline; 0 when it opens with none."""
    found = DATELINE.match(text)
    if found is None or not (found["date"] or found["agency"]):
        return 0
    return found.end()


def is_headline(sentence, text, title=""):
    """Whether the sentence is the article's headline: its title, or a first short line
    standing alone with no full stop."""
    if title and plain(sentence.text) == plain(title):
        return True
    first_line_end = text.find("\n")
    if sentence.start != len(text) - len(text.lstrip()) or first_line_end < 0:
        return False
    return (
        sentence.end <= first_line_end
        and len(sentence.text) <= LONGEST_HEADLINE
        and not sentence.text.endswith(HEADLINE_ENDS)
    )


def question_for(figure):
    """A question named after what the figure counts ("How many migrants drowned?"), or "" when
    the figure does not say more than its unit."""
    counted = " ".join(figure.counted.split())
    if not counted or plain(counted) in (plain(figure.unit), ""):
        return ""
    if figure.unit and not figure.unit.isalpha():  # "%", "km²": not a count of things
        return counted[0].upper() + counted[1:]
    return f"How many {counted}?"


def initial_row(suggestion, index, source_names, entered):
    """A claim row prefilled from a suggestion; left unticked when a claim was already made
    from the same words."""
    sentence = suggestion.sentence
    skipped = dateline_length(sentence.text)
    start = max(suggestion.start, sentence.start + skipped)
    row = {
        "keep": (start, suggestion.end) not in entered
        and (suggestion.start, suggestion.end) not in entered,
        "sentence": index,
        "text_start": start,
        "text_end": suggestion.end,
        "source": source_names.get(suggestion.source, suggestion.new_source),
        "stance": suggestion.stance,
        "summary": summary_of(own_words(suggestion, start)),
        "speaker_name": suggestion.speaker_name,
        "speaker_role": suggestion.speaker_role,
        "via": suggestion.via,
        "quote": suggestion.quote,
    }
    if suggestion.figures:
        figure = suggestion.figures[0]
        row.update(
            question=question_for(figure),
            qualifier=figure.qualifier,
            low=figure.high if figure.qualifier == "at_most" else figure.low,
            high=figure.high if figure.qualifier == "between" else None,
            unit=figure.unit,
            counted=figure.counted,
            place=figure.place,
            period=figure.period,
            period_start=figure.period_start,
            period_end=figure.period_end,
        )
    return row


def own_words(suggestion, start):
    """The words of the sentence that are the suggestion's: its clause when the sentence gives
    several parties or statements ("… told Example Radio that 12 people had died" and "denied
    that the dam had failed"), else the whole sentence."""
    sentence = suggestion.sentence
    if suggestion.quote or (suggestion.start, suggestion.end) == (sentence.start, sentence.end):
        return sentence.text
    words = sentence.text[start - sentence.start : suggestion.end - sentence.start]
    words = CLAUSE_JOINER.sub("", TRAILING_JOINER.sub("", words.strip(" ,;")).strip(" ,;"))
    return words[:1].upper() + words[1:] if words else sentence.text


CLAUSE_JOINER = re.compile(r"^(?:but|and|while|whereas|saying)\s+", re.I)
TRAILING_JOINER = re.compile(r"[\s,;]+(?:but|and|while|whereas)$", re.I)


def summary_of(sentence_text):
    """The row's summary: the sentence without its dateline, cut to the summary's length."""
    return sentence_text[dateline_length(sentence_text) :][:300]


def stored_quotes(quotes, claims=None):
    """{quote: a stored claim with the same words} for the given quotes, each compared by its
    likeness to stored quotes. One query, whatever the number of quotes: the candidates are
    stored quotes sharing a run of three words with one of them."""
    wanted = {quote: plain_words(quote) for quote in quotes}
    wanted = {
        quote: words
        for quote, words in wanted.items()
        if len(quote) >= SHORTEST_FLAGGED_QUOTE and len(words.split()) >= 3
    }
    if not wanted:
        return {}
    runs = Q()
    for words in wanted.values():
        split = words.split()
        for at in {0, len(split) // 2 - 1, len(split) - 3}:
            runs |= Q(quote__icontains=" ".join(split[max(at, 0) : max(at, 0) + 3]))
    claims = Claim.objects.all() if claims is None else claims
    candidates = list(
        claims.exclude(quote="")
        .filter(runs)
        .select_related("article")
        .only("id", "slug", "quote", "summary", "article__title", "article__slug")
        .order_by("-id")[:MOST_CANDIDATE_QUOTES]
    )
    found = {}
    for quote, words in wanted.items():
        for claim in candidates:
            if fuzz.ratio(words, plain_words(claim.quote)) >= SAME_QUOTE:
                found[quote] = claim
                break
    return found


def plain_words(text):
    """The words of a text in lower case, punctuation and spacing aside."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
