"""Where a claim stands in its article: its words inside their paragraph, and an article's text
with every claim made from it marked.

A claim made at the desk keeps the character range of its words in the stored article text
(`Claim.text_start`, `Claim.text_end`). These plain functions cut the text at those ranges for
the pages to show; they read no database.
"""

import re
from dataclasses import dataclass, field

PARAGRAPH = re.compile(r"[^\n]+")


@dataclass
class Piece:
    """A stretch of a paragraph, and the claims whose words cover all of it (none: plain)."""

    text: str
    claims: list = field(default_factory=list)


def paragraphs(text):
    """(start, end) of each paragraph: the text's non-empty lines."""
    return [(match.start(), match.end()) for match in PARAGRAPH.finditer(text)]


def in_its_paragraph(text, start, end):
    """(before, words, after): the paragraph or paragraphs holding text[start:end], cut there."""
    spans = [(s, e) for s, e in paragraphs(text) if s < end and e > start] or [(start, end)]
    first, last = spans[0][0], spans[-1][1]
    return text[first:start], text[start:end], text[end:last]


def marked_paragraphs(text, claims):
    """The text's paragraphs, each a list of Pieces cut wherever a claim's words begin or end.

    `claims` carry `text_start` and `text_end`; overlapping claims (a compound sentence made
    into two claims) share the pieces they both cover.
    """
    marked = []
    for paragraph_start, paragraph_end in paragraphs(text):
        cuts = {paragraph_start, paragraph_end}
        for claim in claims:
            for offset in (claim.text_start, claim.text_end):
                if paragraph_start < offset < paragraph_end:
                    cuts.add(offset)
        ordered = sorted(cuts)
        pieces = []
        for piece_start, piece_end in zip(ordered, ordered[1:], strict=False):
            covering = [
                claim
                for claim in claims
                if claim.text_start <= piece_start and piece_end <= claim.text_end
            ]
            pieces.append(Piece(text[piece_start:piece_end], covering))
        marked.append(pieces)
    return marked
