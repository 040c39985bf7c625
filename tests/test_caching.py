"""Cached pages are served until the data changes, and never after."""

import pytest
from django.core.cache import cache

from claims.caching import data_stamp
from claims.models import Claim, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


def test_a_page_is_served_from_the_cache_while_nothing_changes(
    client, seeded, page_cache, django_assert_max_num_queries
):
    first = client.get("/events/aleppo-december-2016/")
    with django_assert_max_num_queries(1):  # only the data stamp
        second = client.get("/events/aleppo-december-2016/")
    assert second.content == first.content


def test_an_edit_through_the_app_shows_at_once(client, seeded, page_cache):
    assert "Denied any such deal." in client.get("/events/aleppo-december-2016/").content.decode()
    claim = Claim.objects.get(slug="moscow-denies-safe-passage-deal")
    claim.summary = "Denied any deal at all."
    claim.save()
    page = client.get("/events/aleppo-december-2016/").content.decode()
    assert "Denied any deal at all." in page and "Denied any such deal." not in page


def test_a_renamed_source_shows_on_every_cached_page(client, seeded, page_cache):
    urls = ["/claims/", "/sources/", "/sources/reuters/", "/events/aleppo-december-2016/"]
    for url in urls:
        client.get(url)
    source = Source.objects.get(slug="reuters")
    source.name = "Reuters news agency"
    source.save()
    for url in urls:
        assert "Reuters news agency" in client.get(url).content.decode(), url


def test_the_stamp_moves_with_every_saved_change(seeded):
    before = data_stamp()
    Source.objects.get(slug="reuters").save()
    assert data_stamp() != before


def test_query_strings_are_cached_apart(client, seeded, page_cache):
    all_claims = client.get("/claims/").content.decode()
    denials = client.get("/claims/", {"stance": "denies"}).content.decode()
    assert "25 claims match" in all_claims and "3 claims match" in denials


def test_browsers_get_the_cached_page_compressed(client, seeded, page_cache):
    import gzip

    plain = client.get("/events/aleppo-december-2016/").content
    compressed = client.get("/events/aleppo-december-2016/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain
    assert len(compressed.content) < len(plain) / 4
