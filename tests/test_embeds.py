"""Comparisons embedded in articles: framable only from EMBED_ORIGINS, found through oEmbed."""

import pytest
from django.core.cache import cache

EVENT = "/events/aleppo-december-2016/"
EMBED = EVENT + "embed/"


@pytest.fixture
def news_site(settings):
    settings.EMBED_ORIGINS = ["https://news.example.org"]


def frame_ancestors(response):
    policy = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if " " in part.strip()
    )
    return policy["frame-ancestors"]


def test_an_embed_may_be_framed_by_the_listed_origins_only(client, seeded, news_site):
    response = client.get(EMBED)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == "https://news.example.org"
    page = client.get(EVENT)
    assert page["X-Frame-Options"] == "DENY" and frame_ancestors(page) == "'none'"


def test_with_no_origin_listed_nobody_may_frame_an_embed(client, seeded):
    assert frame_ancestors(client.get(EMBED)) == "'none'"


def test_an_embed_from_the_page_cache_keeps_its_framing_rules(client, seeded, news_site, settings):
    settings.CACHES = {
        "default": {"BACKEND": "claimtracker.caching.SizeBoundedMemoryCache", "LOCATION": "embeds"}
    }
    cache.clear()
    client.get(EMBED)
    again = client.get(EMBED)
    assert again["X-Page-Cache"] == "hit"
    assert "X-Frame-Options" not in again
    assert frame_ancestors(again) == "https://news.example.org"
    cache.clear()


def test_the_embed_shows_each_questions_verdict_and_latest_claims(client, seeded):
    page = client.get(EMBED).content.decode()
    assert "Were rebels offered safe passage" in page or "safe passage" in page
    assert "Contested" in page
    assert "about 130,000 people" in page
    assert 'src="/static/js/embed.js"' in page and "<script>" not in page


def test_a_question_can_be_embedded_alone(client, seeded):
    page = client.get(EMBED + "civilians-fled-total/").content.decode()
    assert "about 130,000 people" in page
    assert "Contested" not in page
    assert client.get(EMBED + "no-such-question/").status_code == 404


def test_oembed_gives_the_snippet_for_an_event_or_a_question(client, seeded):
    answer = client.get("/oembed", {"url": f"http://testserver{EVENT}", "format": "json"}).json()
    assert answer["type"] == "rich" and answer["version"] == "1.0"
    assert f'src="http://testserver{EMBED}?lang=en"' in answer["html"]
    assert 'src="http://testserver/static/js/embed-host.js"' in answer["html"]
    question = client.get("/oembed", {"url": f"http://testserver{EVENT}?at=safe-passage"}).json()
    assert f'src="http://testserver{EMBED}safe-passage/?lang=en"' in question["html"]
    narrow = client.get("/oembed", {"url": f"http://testserver{EVENT}", "maxwidth": "320"}).json()
    assert narrow["width"] == 320


@pytest.mark.parametrize(
    "url, status",
    [
        ("http://testserver/claims/", 404),
        ("http://testserver/events/no-such-event/", 404),
        ("not a url", 404),
        ("", 404),
    ],
)
def test_oembed_refuses_what_it_cannot_embed(client, seeded, url, status):
    assert client.get("/oembed", {"url": url}).status_code == status


def test_oembed_offers_json_only(client, seeded):
    response = client.get("/oembed", {"url": f"http://testserver{EVENT}", "format": "xml"})
    assert response.status_code == 501


def test_the_event_page_offers_the_snippet_and_names_its_oembed(client, seeded):
    page = client.get(EVENT).content.decode()
    assert 'type="application/json+oembed"' in page
    assert (
        "&lt;iframe src=&quot;http://testserver/events/aleppo-december-2016/embed/?lang=en&quot;"
        in page
    )
    assert "EMBED_ORIGINS" in page


@pytest.mark.django_db(transaction=True)  # the data stamp moves when a write commits
def test_an_embed_is_tagged_with_its_data_so_it_reloads_when_claims_change(client, seeded):
    from claims.models import Claim

    first = client.get(EMBED)["ETag"]
    assert first and client.get(EMBED)["ETag"] == first
    claim = Claim.objects.get(slug="moscow-denies-safe-passage-deal")
    claim.summary = "Denied any such deal, again."
    claim.save()
    assert client.get(EMBED)["ETag"] != first


def test_the_embed_speaks_the_language_its_snippet_names(client, seeded):
    arabic = client.get(EMBED, {"lang": "ar"}, HTTP_ACCEPT_LANGUAGE="en")
    assert arabic["Content-Language"] == "ar"
    assert '<html lang="ar" dir="rtl">' in arabic.content.decode()
    english = client.get(EMBED, {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert '<html lang="en" dir="ltr">' in english.content.decode()
    snippet = client.get(EVENT, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "embed/?lang=ar&quot;" in snippet
