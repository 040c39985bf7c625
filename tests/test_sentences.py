"""Sentences of article text: where news copy ends a sentence, and where it only seems to."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.extraction import sentences_of
from desk.extraction.sentences import LONGEST_PIECE


def texts_of(text):
    return [sentence.text for sentence in sentences_of(text)]


@pytest.mark.parametrize(
    "sentences",
    [
        ["Source 17 said 40 people died.", "Officials denied it."],
        ["Was the dam safe?", "Nobody knew!", "Then it broke."],
        ['"We stay," Source 4 said.', '"Never!"', "The crowd cheered."],
        ["The river rose.", "2,200 people left Town 9."],
        ["The convoy left. . .", "Then it rained."],
        ["Residents waited…", "Help came at dawn."],
        ["(The figure was revised.)", "Source 17 said so."],
        ["The office moved to the U.S.", "The army said so."],
        ["The talks began at 9 a.m.", "They ended at noon."],
        ["Acme Example Inc.", "The firm said so."],
        ["The river rose.", "«Nous restons», a dit Source 4."],
        ["Вода поднялась.", "Source 4 ушёл."],
        ["ارتفع النهر.", "قال المصدر ذلك."],
    ],
)
def test_a_sentence_ends_at_a_mark_before_what_opens_a_sentence(sentences):
    assert texts_of(" ".join(sentences)) == sentences


@pytest.mark.parametrize(
    "sentence",
    [
        "Mr. Sample met Dr. Example and Gen. Placeholder in Town 4.",
        "Lt. Col. Example said 40 people died.",
        "J. Sample and A. B. Example signed the letter.",
        "The U.N. Security Council met in the U.K. capital.",
        "Shelling stopped at 9 a.m. Monday and resumed at 4 p.m. Tuesday.",
        "Route No. 9 and Art. 14 of the code were cited.",
        "The photograph was taken on Tuesday, Dec. 6, 2016.",
        "Prices rose 3.5 percent, or 0.4 points.",
        "Volunteers from St. Example's Hospital came.",
        "The convoy stopped... then went on.",
        "He asked why? and left.",
    ],
)
def test_abbreviations_initials_decimals_and_lowercase_never_end_a_sentence(sentence):
    assert texts_of(f"{sentence} Source 17 said so.") == [sentence, "Source 17 said so."]


def test_a_quotation_of_several_sentences_is_kept_with_its_attribution():
    quoted = '"We saw 40 boats. The rest sank," Source 17 said.'
    assert texts_of(f"{quoted} Officials denied it.") == [quoted, "Officials denied it."]
    curly = "“We saw 40 boats. The rest sank,” Source 17 said."
    assert texts_of(f"{curly} Officials denied it.") == [curly, "Officials denied it."]


def test_a_quotation_left_open_does_not_swallow_its_paragraph():
    text = '"We saw 40 boats. The rest sank. Source 17 said so.'
    assert texts_of(text) == ['"We saw 40 boats.', "The rest sank.", "Source 17 said so."]


def test_paragraphs_never_run_together_even_without_full_stops():
    assert texts_of("Town 4 flooded\n\nSource 17 said so\nno more") == [
        "Town 4 flooded",
        "Source 17 said so",
        "no more",
    ]


def test_a_part_of_the_text_gives_its_sentences_with_offsets_in_the_whole_text():
    text = "Town 4 flooded. Source 17 said so.\nOfficials denied it. Help came."
    start = text.index("Source")
    sentences = sentences_of(text, start, text.index("Help") - 1)
    assert [s.text for s in sentences] == ["Source 17 said so.", "Officials denied it."]
    assert all(text[s.start : s.end] == s.text for s in sentences)


PIECES = st.sampled_from(
    [" ", "  ", "\n", "\n\n", ".", ". ", "? ", "!", '"', "“", "”", "(", ") ", "...", "…", "Mr.",
     "U.S.", "a.m.", "No.", " 5", "3.5", "The", "he", "Source", "said", "ارتفع", "Вода", "\t"]
)  # fmt: skip


@given(st.lists(PIECES, max_size=60).map("".join))
@settings(max_examples=300, deadline=None)
def test_every_sentence_is_its_place_in_the_text_and_nothing_is_lost(text):
    sentences = sentences_of(text)
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert all(s.text and s.text == s.text.strip() and "\n" not in s.text for s in sentences)
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:], strict=False))
    assert "".join("".join(s.text.split()) for s in sentences) == "".join(text.split())


def test_a_run_without_an_end_is_cut_at_spaces_into_pieces():
    endless = " ".join(["Source 17 said 413 people died in Town 4 and"] * 300)
    sentences = sentences_of(endless)
    assert len(sentences) > 1
    assert all(len(s.text) <= LONGEST_PIECE for s in sentences)
    assert "".join(s.text for s in sentences).replace(" ", "") == endless.replace(" ", "")


@pytest.mark.parametrize(
    "shape",
    [
        "." * 400_000,
        ". " * 200_000,
        '"' + "We saw it. " * 36_000,
        "Mr. " * 100_000,
        "x" * 400_000,
        "! " + " " * 400_000 + "a",
    ],
)
def test_hostile_text_is_read_in_linear_time(shape):
    # 400,000 characters: a reading that went back over what it had read would take minutes.
    started = time.perf_counter()
    sentences_of(shape)
    assert time.perf_counter() - started < 5
