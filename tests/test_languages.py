"""Claims in their own language: the quote's tag, its translation and translator, right-to-left
text in left-to-right pages, and search in any script. Every quote here is made up."""

import csv
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import StreamingHttpResponse

from claims.interchange import InvalidDocument, import_data, load_document, parse_json
from claims.languages import direction, has_right_to_left, isolated, normalized_tag
from claims.models import Article, Claim, Source
from tests.factories import make_article, make_claim, make_figure

pytestmark = pytest.mark.django_db

ARABIC_QUOTE = "أغلق الجسر مساء الاثنين ولم يعبر أحد منذ ذلك الحين"
TRANSLATION = "The bridge was closed on Monday evening and no one has crossed since."
RUSSIAN_QUOTE = "Мост был закрыт в понедельник вечером."


@pytest.fixture
def arabic_claim(event_42):
    question = event_42.questions.get(slug="bridge")
    return make_claim(
        question=question,
        source=_source("source-17"),
        slug="bridge-closed",
        summary="Says the bridge closed on Monday evening",
        quote=ARABIC_QUOTE,
        quote_language="ar",
        quote_translation=TRANSLATION,
        translated_by="the newsroom",
    )


def _source(slug):
    return Source.objects.get(slug=slug)


def content(response):
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def empty_the_event(event):
    Claim.objects.filter(question__event=event).delete()


TRANSLATED_FIELDS = ("quote", "quote_language", "quote_translation", "translated_by")


def translated_fields(claim):
    claim.refresh_from_db()
    return {name: getattr(claim, name) for name in TRANSLATED_FIELDS}


def test_the_arabic_quote_round_trips_through_the_json_export(client, arabic_claim):
    before = translated_fields(arabic_claim)
    exported = content(client.get("/events/event-42/export.json"))
    (claim,) = json.loads(exported)["events"][0]["claims"]
    assert claim["quote"] == ARABIC_QUOTE  # written as the characters, not \\u escapes
    assert ARABIC_QUOTE in exported
    assert claim["quote_language"] == "ar"
    assert claim["translated_by"] == "the newsroom"
    empty_the_event(arabic_claim.question.event)
    load_document(parse_json(exported.encode()))
    assert translated_fields(Claim.objects.get(slug="bridge-closed")) == before


def test_the_arabic_quote_round_trips_through_the_csv_export(client, arabic_claim):
    before = translated_fields(arabic_claim)
    exported = content(client.get("/events/event-42/export.csv"))
    (row,) = csv.DictReader(io.StringIO(exported.lstrip("\ufeff")))
    assert row["quote"] == ARABIC_QUOTE
    assert row["quote language"] == "ar"
    assert row["quote translation"] == TRANSLATION
    assert row["translated by"] == "the newsroom"
    empty_the_event(arabic_claim.question.event)
    import_data(exported.encode(), "round-trip.csv")
    assert translated_fields(Claim.objects.get(slug="bridge-closed")) == before


def test_a_language_tag_is_kept_in_its_usual_case(event_42):
    document = {
        "format": "claimtracker",
        "version": 3,
        "events": [
            {
                "slug": "event-42",
                "claims": [
                    {
                        "slug": "tagged",
                        "question": "bridge",
                        "source": "source-17",
                        "stance": "affirms",
                        "summary": "Tagged",
                        "quote": RUSSIAN_QUOTE,
                        "quote_language": "RU-ru",
                    }
                ],
            }
        ],
    }
    load_document(document)
    assert Claim.objects.get(slug="tagged").quote_language == "ru-RU"


def test_a_bad_language_tag_names_its_place_and_writes_nothing(event_42):
    rows = [
        "event,question slug,claim,source slug,stance,summary,quote,quote language",
        "event-42,bridge,tagged,source-17,affirms,Tagged,Words,arabic please",
    ]
    with pytest.raises(InvalidDocument) as raised:
        import_data("\n".join(rows).encode(), "bad.csv")
    assert "line 2" in str(raised.value)
    assert "expected a language tag" in str(raised.value)
    assert not Claim.objects.exists()


def test_a_version_2_file_cannot_give_a_language(event_42):
    document = {
        "format": "claimtracker",
        "version": 2,
        "events": [{"slug": "event-42", "claims": [{"slug": "x", "quote_language": "ar"}]}],
    }
    with pytest.raises(InvalidDocument, match="not in version 2 of the format"):
        load_document(document)


def test_a_translation_needs_its_quote(event_42):
    claim = Claim(
        question=event_42.questions.get(slug="bridge"),
        source=_source("source-17"),
        slug="untranslatable",
        stance="affirms",
        summary="Nothing quoted",
        quote_translation="Translated words of nothing",
    )
    with pytest.raises(ValidationError, match="Give the quote"):
        claim.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()


def test_who_translated_needs_the_translation(arabic_claim):
    arabic_claim.quote_translation = ""
    with pytest.raises(ValidationError, match="Give the translation"):
        arabic_claim.full_clean()


@pytest.mark.parametrize(
    "tag, expected",
    [("ar", "rtl"), ("he", "rtl"), ("fa-IR", "rtl"), ("ru", "ltr"), ("uk", "ltr"), ("", "ltr")],
)
def test_direction_comes_from_the_language(tag, expected):
    assert direction(tag) == expected


def test_direction_comes_from_the_script_when_the_tag_names_one():
    assert direction("az-Arab") == "rtl"
    assert direction("ku-Latn") == "ltr"
    assert normalized_tag("AZ-arab-ir") == "az-Arab-IR"


def test_right_to_left_letters_are_told_from_the_rest():
    assert has_right_to_left("2016: " + ARABIC_QUOTE)
    assert has_right_to_left("שלום")
    assert not has_right_to_left("Reuters, 2016 – «Москва»")


def test_only_right_to_left_text_is_isolated():
    assert isolated("Ministry 7") == "Ministry 7"
    assert isolated("وزارة") == "\u2068وزارة\u2069"


def test_the_english_matrix_shows_the_translation_and_the_original_right_to_left(
    client, arabic_claim
):
    page = content(client.get("/events/event-42/"))
    assert '<html lang="en" dir="ltr">' in page
    row = page[page.index('id="question-bridge"') :]
    assert f"“{TRANSLATION}”" in row
    original = re.search(
        r'<p class="cell-quote cell-original" lang="ar" dir="rtl">([^<]*)</p>', row
    )
    assert original and original.group(1) == ARABIC_QUOTE


def test_the_claim_page_shows_both_and_who_translated(client, arabic_claim):
    page = content(client.get(arabic_claim.get_absolute_url()))
    assert f'lang="ar" dir="rtl"><p>{ARABIC_QUOTE}</p>' in page
    assert f"“{TRANSLATION}”" in page
    assert "Said in Arabic (العربيّة); translated by the newsroom." in page


def test_an_untranslated_quote_keeps_its_language(client, event_42):
    claim = make_claim(
        question=event_42.questions.get(slug="bridge"), quote=RUSSIAN_QUOTE, quote_language="ru"
    )
    page = content(client.get(claim.get_absolute_url()))
    assert (
        f'<blockquote class="quote quote-original" lang="ru" dir="ltr"><p>{RUSSIAN_QUOTE}' in page
    )


def test_json_ld_names_the_quote_language_and_its_translation(client, arabic_claim):
    page = content(client.get(arabic_claim.get_absolute_url()))
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', page).group(1))
    (claim,) = [item for item in data["@graph"] if item["@type"] == "Claim"] or [data]
    assert claim["text"] == ARABIC_QUOTE
    assert claim["inLanguage"] == "ar"
    assert claim["workTranslation"] == {
        "@type": "Claim",
        "text": TRANSLATION,
        "inLanguage": "en",
        "translator": {"name": "the newsroom"},
    }


def test_the_api_gives_the_quote_language_and_translation(client, arabic_claim):
    data = client.get(f"/api/claims/{arabic_claim.pk}/").json()
    assert {name: data[name] for name in TRANSLATED_FIELDS} == translated_fields(arabic_claim)


@pytest.mark.parametrize(
    "words",
    ["الجسر", "Мост", "crossed since", "الجسر الاثنين"],
    ids=["arabic", "russian", "english-translation", "two-arabic-words"],
)
def test_search_finds_words_of_any_language(client, event_42, words):
    bridge = event_42.questions.get(slug="bridge")
    make_claim(question=bridge, slug="arabic", summary="Bridge closed", quote=ARABIC_QUOTE,
               quote_language="ar", quote_translation=TRANSLATION)  # fmt: skip
    make_claim(question=bridge, slug="russian", summary="Мост закрыт", quote=RUSSIAN_QUOTE,
               quote_language="ru")  # fmt: skip
    make_claim(question=bridge, slug="other", summary="Nothing of the kind")
    page = content(client.get("/claims/", {"q": words}))
    found = set(re.findall(r'href="/claims/(\d+)/"', page))
    expected = {
        "الجسر": {"arabic"},
        "Мост": {"russian"},
        "crossed since": {"arabic"},
        "الجسر الاثنين": {"arabic"},
    }[words]
    assert found == {str(Claim.objects.get(slug=slug).pk) for slug in expected}


def test_a_figure_chart_label_in_arabic_is_isolated(client, event_42):
    source = Source.objects.create(name="المرصد التجريبي", slug="test-monitor", kind="monitor")
    question = event_42.questions.get(slug="evacuated")
    make_figure(make_claim(question=question, source=source), low=300)
    make_figure(make_claim(question=question, source=_source("source-18")), low=500)
    page = content(client.get("/events/event-42/"))
    assert "\u2068المرصد التجريبي\u2069</text>" in page


def test_the_desk_keeps_the_article_language(admin_client):
    response = admin_client.post(
        "/desk/",
        {
            "title": "Made-up report",
            "outlet": "Example Arabic Daily",
            "language": "AR",
            "text": "قال المتحدث إن 300 شخص غادروا المدينة.",
        },
    )
    assert response.status_code == 302
    assert not Article.objects.exists()  # stored with its claims, when they are entered
    opened = admin_client.get(response["Location"])
    assert opened.context["article"].language == "ar"
    assert '<ol class="sentences" lang="ar">' in content(opened)


def test_an_article_in_another_language_shows_its_text_in_it(client, db):
    article = make_article(language="ar", text=ARABIC_QUOTE)
    page = content(client.get(article.get_absolute_url()))
    assert re.search(r'lang="ar"[^>]*dir="rtl"|dir="rtl"[^>]*lang="ar"', page)


@pytest.mark.parametrize(
    "words, written",
    [("الدولة", "الدّولة"), ("ان الجسر", "إنّ الجِسر"), ("اكد", "أكّد"), ("الحكومة", "الحكـومة")],
    ids=["shadda", "hamza-and-kasra", "hamza-above", "tatweel"],
)
def test_arabic_is_found_without_its_vowel_marks(client, event_42, words, written):
    claim = make_claim(
        question=event_42.questions.get(slug="bridge"),
        summary="Vowelled",
        quote=f"قال المتحدث {written} اليوم",
        quote_language="ar",
    )
    make_claim(question=event_42.questions.get(slug="bridge"), summary="Other", quote="كلام آخر")
    page = content(client.get("/claims/", {"q": words}))
    assert set(re.findall(r'href="/claims/(\d+)/"', page)) == {str(claim.pk)}
