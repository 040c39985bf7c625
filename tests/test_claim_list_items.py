"""A claim as the lists show it (the claim browser, a source's page, the home page, the exported
comparison): what a reader sees of it, in English and in Arabic."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model

from claims.models import Claim, Question
from tests.factories import make_article, make_claim, make_figure, make_question, make_source

pytestmark = pytest.mark.django_db


def item(page, claim):
    """The claim's <article>, whitespace closed up as a browser shows it."""
    match = re.search(rf'<article class="[^"]*" id="claim-{claim.pk}">.*?</article>', page, re.S)
    assert match, f"claim {claim.pk} is not listed"
    return re.sub(r"\s+", " ", match.group())


def browser(client, language="en", **params):
    response = client.get("/claims/", params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def retracted(db):
    question = make_question(kind=Question.Kind.STATEMENT, text="Was the bridge closed?")
    return make_claim(
        question=question,
        source=make_source(name="Source 17"),
        stance=Claim.Stance.DENIES,
        summary="The bridge stayed open",
        quote="It was <b>never</b> closed",
        speaker_name="Jane Roe",
        speaker_role="spokeswoman",
        via="told Agency 3",
        stated_on=datetime.date(2016, 12, 14),
        retracted_on=datetime.date(2016, 12, 20),
        retraction_reason="Said of <i>another</i> bridge",
        article=make_article(
            title="Bridge report",
            outlet="Outlet 4",
            url="https://news.example/bridge",
            published_on=datetime.date(2016, 12, 15),
        ),
    )


def test_a_retracted_claim_says_when_and_why_with_its_words_shown_as_text(client, retracted):
    shown = item(browser(client, retracted="include"), retracted)
    assert 'class="claim claim-retracted"' in shown
    assert (
        '<p class="retracted-note"><strong>Retracted 20 December 2016:</strong>'
        " Said of &lt;i&gt;another&lt;/i&gt; bridge</p>"
    ) in shown
    assert "<p>“It was &lt;b&gt;never&lt;/b&gt; closed”</p>" in shown
    assert "<b>" not in shown and "<i>" not in shown
    assert '<span class="stance stance-denies">Denies</span>' in shown
    assert '<span class="speaker">Jane Roe, spokeswoman</span>' in shown
    assert '<span class="via">told Agency 3</span> <span>14 December 2016</span>' in shown
    assert (
        '<a href="https://news.example/bridge" rel="noopener noreferrer">Bridge report</a>,'
        " Outlet 4, 15 December 2016"
    ) in shown


def test_the_claim_names_its_source_question_and_event_and_links_its_page(client, retracted):
    shown = item(browser(client, retracted="include"), retracted)
    assert (
        f'<a class="claim-source" href="/sources/{retracted.source.slug}/">Source 17</a>' in shown
    )
    event = retracted.question.event
    assert f'Was the bridge closed?</a> <span class="muted">({event.title})</span>' in shown
    assert (
        f'<a href="/claims/{retracted.pk}/">Claim details'
        '<span class="visually-hidden">: The bridge stayed open</span> →</a>'
    ) in shown


def test_figures_are_listed_with_their_qualifier_place_and_period(client):
    claim = make_claim(summary="Thousands fled")
    make_figure(
        claim, low=413, qualifier="at_least", place="eastern Placeville", period="since 15 November"
    )
    shown = item(browser(client), claim)
    assert (
        '<ul class="figures"> <li><strong class="figure-value">at least 413 people</strong>'
        in shown
    )
    assert (
        ', eastern Placeville <span class="period">(since 15 November)</span></li> </ul>' in shown
    )


def test_a_translated_quote_shows_the_original_and_who_translated_it(client):
    claim = make_claim(
        quote="Мост открыт",
        quote_language="ru",
        quote_translation="The bridge is open",
        translated_by="Desk & Co",
    )
    shown = item(browser(client), claim)
    assert (
        '<blockquote class="quote quote-original" lang="ru" dir="ltr"><p>Мост открыт</p>' in shown
    )
    assert "<p>“The bridge is open”</p>" in shown
    assert "Said in Russian (Русский); translated by Desk &amp; Co." in shown


def test_a_claim_with_no_article_says_so(client):
    claim = make_claim()
    assert '<span class="citation">No article cited</span>' in item(browser(client), claim)


def test_an_arabic_page_writes_the_dates_and_labels_in_arabic(client, retracted):
    uncited = make_claim(question=retracted.question, summary="Nothing cited")
    english = browser(client, retracted="include")  # words kept for English are not reused
    assert '<span class="stance stance-denies">Denies</span>' in item(english, retracted)
    arabic = browser(client, "ar", retracted="include")
    shown = item(arabic, retracted)
    assert "<strong>سُحب في 20 ديسمبر 2016:</strong>" in shown
    assert "<span>14 ديسمبر 2016</span>" in shown
    assert '<span class="stance stance-denies">ينفي</span>' in shown
    assert "Outlet 4</bdi>, 15 ديسمبر 2016" in shown
    assert '<span class="citation">لم يُذكر أي مقال</span>' in item(arabic, uncited)
    assert "تفاصيل الادعاء" in shown and "Claim details" not in shown
    # The newsroom's English text is isolated and marked as English inside the Arabic line.
    assert '<p class="summary"><bdi lang="en">The bridge stayed open</bdi></p>' in shown


def test_staff_see_which_claims_are_not_published(client):
    draft = make_claim(state=Claim.State.DRAFT, summary="Not yet reviewed")
    client.force_login(get_user_model().objects.create_user("editor", is_staff=True))
    shown = item(browser(client), draft)
    assert (
        '<p class="state-note"><span class="tag tag-draft">Not published: Draft</span></p>' in shown
    )


def test_a_source_page_and_the_home_page_list_the_same_claim(client, retracted):
    claim = make_claim(quote="Plain <b>words</b>", source=retracted.source)
    for path in (retracted.source.get_absolute_url(), "/"):
        page = client.get(path).content.decode()
        assert "<p>“Plain &lt;b&gt;words&lt;/b&gt;”</p>" in item(page, claim)


def test_an_article_whose_text_the_app_keeps_is_linked_in_either_language(client):
    article = make_article(title="Report", text="The whole report.")
    claim = make_claim(article=article)
    link = f'(<a href="/articles/{article.slug}/">'
    assert f"{link}its text here</a>)" in item(browser(client), claim)
    assert f"{link}نصّه هنا</a>)" in item(browser(client, "ar"), claim)
