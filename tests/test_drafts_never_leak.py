"""Drafts never reach the public, on any surface, and reach all of them once published.

An editor imports drafts (the real write path) whose every text holds a word found nowhere else:
a claim in the seeded event and a new question of it, and a new event with its question, a new
source and a new article.
The crawl of tests/test_single_read_query.py then reads every public address as a visitor: no
answer holds the word, and the drafts' own addresses are not found. Once a second editor has
published them, the same crawl finds the word on every page that shows them.
"""

import json

import pytest
from django.contrib.auth.models import Group, User

from claims import review
from claims.interchange import import_data
from claims.models import Claim
from claims.roles import EDITORS, ensure_roles
from tests.test_single_read_query import (
    SHOWS_THE_HIDDEN,
    TOKEN,
    addresses,
    background_exports,
    crawl,
    every_pattern,
    holding_the_word,
    is_public,
)


def editor(name):
    ensure_roles()
    user = User.objects.create_user(name, password="unused", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


class Drafts:
    """What an editor entered and nobody has published yet, named as the crawl names them."""

    def __init__(self, author):
        shown = (
            Claim.objects.current()
            .filter(question__kind="figure", article__isnull=False, figures__isnull=False)
            .select_related("question__event", "source", "article")
            .order_by("id")
            .first()
        )
        measure = shown.figures.first().measure
        claim = {
            "slug": "zorblaxquiv-claim",
            "question": shown.question.slug,
            "source": shown.source.slug,
            "summary": f"{TOKEN} counted again",
            "quote": f"{TOKEN} said so",
            "speaker_role": TOKEN,
            "article": shown.article.slug,
            "figures": [{"qualifier": "exact", "low": 7, "measure": measure.slug, "period": TOKEN}],
        }
        # A new question of the public event, answered only by a draft.
        asked = {"source": shown.source.slug, "stance": "affirms", "summary": f"{TOKEN} asked"}
        document = {
            "format": "claimtracker",
            "version": 4,
            "sources": [
                {
                    "slug": "zorblaxquiv-source",
                    "name": f"{TOKEN} source",
                    "parent": shown.source.slug,
                }
            ],
            "articles": [{"slug": "zorblaxquiv-article", "title": f"{TOKEN} article"}],
            "events": [
                {
                    "slug": shown.question.event.slug,
                    "questions": [
                        {"slug": "newly-asked", "text": f"{TOKEN} asked?", "kind": "statement"}
                    ],
                    "claims": [claim, {**asked, "slug": "asked", "question": "newly-asked"}],
                },
                {
                    "slug": "zorblaxquiv-event",
                    "title": f"{TOKEN} event",
                    "questions": [
                        {"slug": "zorblaxquiv", "text": f"{TOKEN} question?", "kind": "statement"}
                    ],
                    "claims": [
                        {
                            "slug": "answered",
                            "question": "zorblaxquiv",
                            "source": "zorblaxquiv-source",
                            "stance": "affirms",
                            "summary": f"{TOKEN} affirms it",
                            "article": "zorblaxquiv-article",
                        }
                    ],
                },
            ],
        }
        import_data(json.dumps(document).encode(), "drafts.json", user=author)
        self.claim = Claim.objects.get(slug="zorblaxquiv-claim")
        answered = Claim.objects.select_related("question__event", "source", "article").get(
            slug="answered"
        )
        self.event, self.question = answered.question.event, answered.question
        self.source, self.article = answered.source, answered.article
        self.claims = [self.claim, answered, Claim.objects.get(slug="asked")]


def test_no_anonymous_answer_shows_a_draft_until_it_is_published(client, seeded, settings):
    drafts = Drafts(editor("author"))
    assert {claim.state for claim in drafts.claims} == {Claim.State.IN_REVIEW}

    built = addresses(drafts, background_exports(client, settings))
    crawled = {name for name, _, _ in built}
    missing = sorted(name for name, _ in every_pattern() if is_public(name) and name not in crawled)
    assert not missing, f"public patterns the crawl has no address for: {missing}"
    pages = crawl(client, built)
    leaks = holding_the_word(pages)
    assert not leaks, f"drafts shown at: {leaks}"
    drafts_own = {address for _, address, names_draft in built if names_draft}
    found = {address: pages[address][1] for address in drafts_own if pages[address][1] != 404}
    assert not found, f"drafts' own addresses answered: {found}"

    review.publish(drafts.claims, editor("second-editor"))
    built = addresses(drafts, background_exports(client, settings))
    shown = set(holding_the_word(crawl(client, built)).values())
    # A draft has no corrections: only a change to a published claim makes one.
    expected = SHOWS_THE_HIDDEN - {"claims:corrections", "claims:corrections-feed"}
    assert shown >= expected, f"not shown once published: {expected - shown}"


def test_staff_see_drafts_marked_as_such(client, seeded):
    drafts = Drafts(editor("author"))
    client.force_login(editor("colleague"))
    page = client.get(drafts.claim.get_absolute_url()).content.decode()
    assert TOKEN in page and "Not published: Waiting for review" in page
    comparison = client.get(drafts.claim.question.event.get_absolute_url()).content.decode()
    assert 'class="tag tag-draft"' in comparison


@pytest.fixture(autouse=True)
def exports_written_to_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
