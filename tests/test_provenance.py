"""Claims tied to their exact words: ranges into the article's text, cut for the pages."""

from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import Claim
from claims.provenance import in_its_paragraph, marked_paragraphs
from tests.factories import make_article, make_claim

TEXT = "Headline\n\nFirst sentence. Second one says 40.\n\nLast paragraph."


@dataclass
class Words:
    text_start: int
    text_end: int


def test_the_words_are_shown_inside_their_paragraph():
    start = TEXT.index("Second")
    end = start + len("Second one says 40.")
    assert in_its_paragraph(TEXT, start, end) == ("First sentence. ", "Second one says 40.", "")


def test_overlapping_claims_share_the_pieces_they_both_cover():
    start = TEXT.index("First")
    whole = Words(start, start + len("First sentence. Second one says 40."))
    part = Words(TEXT.index("Second"), TEXT.index("40.") + 3)
    headline, body, last = marked_paragraphs(TEXT, [whole, part])
    assert [(piece.text, piece.claims) for piece in headline] == [("Headline", [])]
    assert [(piece.text, len(piece.claims)) for piece in body] == [
        ("First sentence. ", 1),
        ("Second one says 40.", 2),
    ]
    assert last[0].claims == []


@pytest.mark.django_db
def test_a_range_must_fall_inside_the_article_text():
    article = make_article(text="Short text.")
    claim = make_claim(article=article)
    claim.text_start, claim.text_end = 0, 50
    with pytest.raises(ValidationError, match="11 characters"):
        claim.full_clean()
    claim.text_start, claim.text_end = 5, 5
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(text_start=5, text_end=5)
    claim.text_start, claim.text_end = 0, 5
    claim.full_clean()
    assert claim.words_in_article == "Short"
