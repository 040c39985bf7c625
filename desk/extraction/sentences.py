"""The sentences of a text, with where each is in it: one pass of regular expressions.

A sentence ends at ".", "!", "?" or an ellipsis, with any closing quotes and brackets after it,
when whitespace follows and then a capital letter, a digit, an opening quote or bracket, or a
letter of a script without capitals. News copy has its exceptions, and a full stop is not an
end:

- after a title that never ends a sentence ("Mr.", "Dr.", "Gen.");
- after "No." or a month's abbreviation when a number follows ("No. 5", "Dec. 6");
- after an initial, a dotted abbreviation or a short one ("J. Smith", "the U.N. Security
  Council", "9 a.m. Monday", "St. John's"), unless the next word is one that opens sentences
  ("…of the U.S. The army said").

A decimal ("3.5") has no space after its point, so it never ends one. A quotation of several
sentences that closes within its paragraph is kept whole, with what attributes it ("\"We saw
them. They were many,\" she said."). Lines never run together: a sentence is within one
paragraph. The work is linear in the length of the text: each possible end is decided by the
few characters around it.
"""

import re
from dataclasses import dataclass

PARAGRAPH = re.compile(r"[^\n]+")
# A mark ending a sentence, at the start of its run ("?!", "..."), its closing quotes and
# brackets, the space after it, and something that could open a sentence.
POSSIBLE_END = re.compile(r"(?<![.!?…؟])[.!?…؟]+[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]*\w)")
QUOTE_MARK = re.compile(r"[\"“”]")
NEXT_WORD = re.compile(r"[\"'“‘«(\[]*(\w+)")
# A full stop after these never ends a sentence of news copy: they are titles before a name.
TITLES = {
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "cpl",
    "adm", "brig", "cmdr", "gov", "sen", "rep", "rev", "hon", "pres", "supt", "insp", "fr",
}  # fmt: skip
# After these, only before a number: "No. 5", "Art. 14", "Dec. 6, 2016".
BEFORE_A_NUMBER = {
    "no", "nos", "art", "arts", "vol", "p", "pp", "ch", "sec", "para", "fig", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
# After these, only before a word that opens sentences: "St. John's" but "on Main St. The".
SHORT_FORMS = {
    "st", "jr", "sr", "inc", "ltd", "co", "corp", "bros", "etc", "vs", "approx", "est", "dept",
    "univ", "ave", "blvd", "rd", "mt", "ft",
}  # fmt: skip
# An initial or a dotted abbreviation: "J", "U.N", "a.m", "e.g".
DOTTED = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
# Words that open sentences far more often than they follow an abbreviation inside one.
OPENING_WORDS = {
    "the", "an", "he", "she", "it", "they", "we", "you", "but", "and", "or", "so", "yet", "in",
    "on", "at", "after", "before", "when", "while", "if", "as", "this", "that", "these",
    "those", "there", "his", "her", "its", "their", "our", "my", "your", "some", "many", "most",
    "all", "both", "each", "what", "who", "why", "how", "however", "meanwhile", "earlier",
    "later", "also", "still", "then", "officials", "police",
}  # fmt: skip
LONGEST_WORD_BEFORE = 20  # characters looked at before a full stop: abbreviations are shorter
# A longer run without an end (a paragraph with no full stops, a table pasted flat) is cut at
# a space into pieces of at most this many characters: no later step reads more at once.
LONGEST_PIECE = 3_000


@dataclass
class Sentence:
    text: str
    start: int
    end: int


def sentences_of(text, start=0, end=None):
    """The sentences of the text (or of text[start:end]), with where each starts and ends in
    the text; paragraphs never run together."""
    sentences = []
    end = len(text) if end is None else end
    for paragraph in PARAGRAPH.finditer(text, start, end):
        begins = paragraph.start()
        quotes = Quotes(text, paragraph.start(), paragraph.end())
        for possible in POSSIBLE_END.finditer(text, paragraph.start(), paragraph.end()):
            if quotes.open_and_closed_later(possible.end()):
                continue
            if ends_a_sentence(text, possible, paragraph.start()):
                add_sentence(sentences, text, begins, possible.end())
                begins = possible.end()
        add_sentence(sentences, text, begins, paragraph.end())
    return sentences


class Quotes:
    """The double quotation marks of a paragraph, read once from left to right as the possible
    ends are: whether a quotation is open at a place and closes later in the paragraph."""

    def __init__(self, text, start, end):
        self.marks = QUOTE_MARK.finditer(text, start, end)
        self.next_mark = next(self.marks, None)
        self.last_mark = max(text.rfind('"', start, end), text.rfind("”", start, end))
        self.open = False

    def open_and_closed_later(self, position):
        while self.next_mark is not None and self.next_mark.start() < position:
            mark = self.next_mark.group()
            self.open = mark == "“" or (mark == '"' and not self.open)
            self.next_mark = next(self.marks, None)
        return self.open and self.last_mark >= position


def ends_a_sentence(text, possible, paragraph_start):
    """Whether the full stop, question or exclamation mark at `possible` ends a sentence."""
    if text[possible.start()] != "." or text.startswith("..", possible.start()):
        return next_is_an_opening(text, possible.end())
    next_word = NEXT_WORD.match(text, possible.end())
    first = next_word.group(1)[0] if next_word else ""
    if first.islower():
        return False
    window = text[max(paragraph_start, possible.start() - LONGEST_WORD_BEFORE) : possible.start()]
    word = re.split(r"[\s\"'“‘«(\[]", window)[-1]
    lowered = word.lower()
    if lowered in TITLES:
        return False
    if lowered in BEFORE_A_NUMBER and first.isdigit():
        return False
    if lowered in SHORT_FORMS or DOTTED.fullmatch(word):
        return next_word.group(1).lower() in OPENING_WORDS
    return True


def next_is_an_opening(text, position):
    """Whether a sentence can start at `position`: anything but a lowercase letter."""
    next_word = NEXT_WORD.match(text, position)
    return bool(next_word) and not next_word.group(1)[0].islower()


def add_sentence(sentences, text, start, end):
    """text[start:end], stripped, as a sentence; cut at spaces when it is too long."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > LONGEST_PIECE:
        cut = text.rfind(" ", start + 1, start + LONGEST_PIECE)
        piece = text[start : cut if cut > start else start + LONGEST_PIECE].rstrip()
        sentences.append(Sentence(piece, start, start + len(piece)))
        start += len(piece)
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        sentences.append(Sentence(text[start:end], start, end))
