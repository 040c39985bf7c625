"""Cached pages are served until the data changes, and never after, however writes interleave.

These tests commit, as every request does: on PostgreSQL the data stamp moves only when a write
commits, which is the point.
"""

import gzip
import threading

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.http import HttpResponse

from claims.models import Claim, DataStamp, Source
from claimtracker import caching
from claimtracker.caching import SizeBoundedMemoryCache, cached_page, data_stamp
from tests.services import TEST_REDIS, needs_redis

pytestmark = pytest.mark.django_db(transaction=True)

EVENT = "/events/aleppo-december-2016/"


@pytest.fixture
def page_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "claimtracker.caching.SizeBoundedMemoryCache", "LOCATION": "tests"}
    }
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
    urls = ["/claims/", "/sources/", "/sources/reuters/", EVENT]
    for url in urls:
        client.get(url)
    source = Source.objects.get(slug="reuters")
    source.name = "Reuters news agency"
    source.save()
    for url in urls:
        assert "Reuters news agency" in client.get(url).content.decode(), url


def test_a_renamed_source_shows_on_the_pages_of_the_other_claims_on_its_questions(client, seeded):
    # A claim's page names its question's other sources from those kept while the data is
    # unchanged, whether pages are cached or not.
    observatory = Source.objects.get(slug="syrian-observatory-for-human-rights")
    others = Claim.objects.filter(question__claims__source=observatory).exclude(source=observatory)
    url = others.first().get_absolute_url()
    assert "Syrian Observatory for Human Rights" in client.get(url).content.decode()
    observatory.name = "The Observatory, renamed"
    observatory.save()
    assert "The Observatory, renamed" in client.get(url).content.decode()


def test_a_stamp_that_comes_back_with_other_sources_still_names_every_source(client, seeded):
    # A database emptied and filled again (as between tests, or restored from a copy) counts
    # its writes from the start: a stamp can come back holding sources the kept ones lack.
    claim = Claim.objects.get(slug="moscow-denies-safe-passage-deal")
    event_url = claim.question.event.get_absolute_url()
    assert client.get(claim.get_absolute_url()).status_code == 200  # the sources kept
    assert client.get(event_url).status_code == 200
    stamp = data_stamp()
    newcomer = Source.objects.create(name="A <b>new</b> monitor", slug="new-monitor")
    Claim.objects.create(
        question=claim.question,
        source=newcomer,
        slug="new-monitor-says",
        summary="The convoy left at dawn",
        stance=Claim.Stance.AFFIRMS,
        state=Claim.State.PUBLISHED,
    )
    DataStamp.objects.update(value=stamp)
    assert data_stamp() == stamp
    for url in (claim.get_absolute_url(), event_url, "/claims/?q=convoy"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "A &lt;b&gt;new&lt;/b&gt; monitor" in page.content.decode(), url


def test_the_stamp_moves_with_every_saved_change(seeded):
    before = data_stamp()
    Source.objects.get(slug="reuters").save()
    assert data_stamp() != before


def test_query_strings_are_cached_apart(client, seeded, page_cache):
    all_claims = client.get("/claims/").content.decode()
    denials = client.get("/claims/", {"stance": "denies"}).content.decode()
    assert "25 claims match" in all_claims and "3 claims match" in denials


def test_browsers_get_the_cached_page_compressed(client, seeded, page_cache):
    plain = client.get("/events/aleppo-december-2016/").content
    compressed = client.get("/events/aleppo-december-2016/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain
    assert len(compressed.content) < len(plain) / 4


def test_parameters_a_page_does_not_read_share_its_entry(
    client, seeded, page_cache, django_assert_max_num_queries
):
    client.get("/claims/", {"stance": "denies"})
    with django_assert_max_num_queries(1):  # only the data stamp: the same entry
        tagged = client.get("/claims/", {"stance": "denies", "utm_source": "newsletter"})
    assert "3 claims match" in tagged.content.decode()
    client.get(EVENT, {"sources": "reuters"})
    with django_assert_max_num_queries(1):
        client.get(EVENT, {"fbclid": "y", "sources": "reuters", "utm_campaign": "x"})
    assert len(cache._cache) == 2  # one entry for each page, whatever the tracking tags


def editor_named(name):
    return User.objects.create_superuser(name, f"{name}@example.org", "x")


@pytest.mark.parametrize("first_visitor", ["staff", "public"])
def test_a_page_rendered_for_staff_never_reaches_the_public(
    client, seeded, page_cache, first_visitor
):
    claim = Claim.objects.get(slug="moscow-denies-safe-passage-deal")
    claim._history_user = editor_named("jane-doe-editor")
    claim._change_reason = "Agency corrected"
    claim.summary = "Moscow denied any deal."
    claim.save()
    staff = type(client)()
    staff.force_login(editor_named("viewer-on-staff"))
    visits = {"staff": staff, "public": client}
    order = [first_visitor, "public" if first_visitor == "staff" else "staff"]
    pages = {who: visits[who].get(claim.get_absolute_url()).content.decode() for who in order}
    assert "jane-doe-editor" in pages["staff"]
    assert "jane-doe-editor" not in pages["public"]
    assert "an editor" in pages["public"] and "Agency corrected" in pages["public"]


def test_a_staff_page_is_kept_out_of_shared_caches(client, seeded, page_cache):
    client.force_login(editor_named("viewer-on-staff"))
    response = client.get(EVENT)
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_the_memory_cache_is_bounded_in_bytes_dropping_the_least_used():
    bounded = SizeBoundedMemoryCache(
        "bounded-test", {"OPTIONS": {"MAX_BYTES": 10_000, "MAX_ENTRIES": 1000}}
    )
    bounded.clear()
    for number in range(10):
        bounded.set(f"page-{number}", b"x" * 2_000)
        bounded.get("page-0")  # kept in use
    assert bounded.held_bytes() <= 10_000
    assert bounded.get("page-0") is not None and bounded.get("page-1") is None
    bounded.set("huge", b"x" * 20_000)
    assert bounded.get("huge") is None and bounded.held_bytes() <= 10_000


def test_a_cache_set_to_keep_nothing_serves_each_page_fresh_without_compressing_it(
    client, seeded, settings, monkeypatch
):
    settings.CACHES = {
        "default": {
            "BACKEND": "claimtracker.caching.SizeBoundedMemoryCache",
            "LOCATION": "keeps-nothing",
            "OPTIONS": {"MAX_BYTES": 0},
        }
    }

    def compress(*args, **kwargs):
        raise AssertionError("a page compressed for a cache that keeps nothing")

    monkeypatch.setattr(caching.gzip, "compress", compress)
    first = client.get("/claims/")
    second = client.get("/claims/")
    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "miss"
    assert first["ETag"] == second["ETag"] and first.content == second.content


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
def test_a_write_that_commits_late_still_moves_the_stamp(client, seeded, page_cache):
    """A long import writes first and commits last; an editor's save commits in between."""
    written, release, finished = threading.Event(), threading.Event(), threading.Event()

    def long_import():
        try:
            with transaction.atomic():
                source = Source.objects.get(slug="reuters")
                source.name = "Reuters (from the import)"
                source.save()  # its history id is handed out now, before the editor's
                written.set()
                release.wait(10)
        finally:
            connections.close_all()
            finished.set()

    worker = threading.Thread(target=long_import)
    worker.start()
    assert written.wait(10)
    other = Source.objects.get(slug="syrian-army")
    other.based_in = "Damascus"
    other.save()  # the editor's save: a later history id in the same table, committed first
    before = client.get("/sources/reuters/").content.decode()
    assert "Reuters (from the import)" not in before  # not committed yet: cached without it
    release.set()
    assert finished.wait(10)
    worker.join()
    after = client.get("/sources/reuters/").content.decode()
    assert "Reuters (from the import)" in after


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
def test_the_stamp_moves_only_when_the_write_commits(seeded):
    before = data_stamp()
    with transaction.atomic():
        Source.objects.filter(slug="reuters").update(name="Reuters (raw)")
        assert data_stamp() == before  # not yet: nothing is committed
    assert data_stamp() != before


def test_a_browser_that_has_the_page_gets_304_until_the_data_changes(client, seeded, page_cache):
    first = client.get(EVENT)
    etag = first["ETag"]
    again = client.get(EVENT, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    Source.objects.filter(slug="reuters").update(name="Reuters (renamed)")
    changed = client.get(EVENT, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and "Reuters (renamed)" in changed.content.decode()
    assert changed["ETag"] != etag


def test_bulk_writes_and_updates_move_the_stamp_too(client, seeded, page_cache):
    from tests.factories import make_question

    client.get("/claims/")
    Claim.objects.filter(slug="moscow-denies-safe-passage-deal").update(summary="Updated in bulk.")
    assert "Updated in bulk." in client.get("/claims/").content.decode()
    question = make_question(kind="statement")
    reuters = Source.objects.get(slug="reuters")
    Claim.objects.bulk_create(
        [
            Claim(
                question=question,
                source=reuters,
                slug="bulk",
                summary="Made in bulk.",
                stance="affirms",
                state="published",
            )
        ]
    )
    assert "Made in bulk." in client.get("/claims/").content.decode()


def test_a_page_from_the_cache_keeps_every_header_its_view_set(rf, seeded, page_cache):
    @cached_page
    def page(request):
        response = HttpResponse("<p>Ünïcode</p>", content_type="text/html; charset=utf-8")
        response["Content-Language"] = "en"
        response["X-Robots-Tag"] = "noarchive"
        return response

    first = page(rf.get("/made-up/"))
    again = page(rf.get("/made-up/"))
    hit = page(rf.get("/made-up/", headers={"accept-encoding": "gzip"}))
    for response in (again, hit):
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert response["Content-Language"] == "en"
        assert response["X-Robots-Tag"] == "noarchive"
        assert response["ETag"] == first["ETag"]
    assert again.content.decode() == "<p>Ünïcode</p>"
    assert hit["Content-Encoding"] == "gzip"
    assert gzip.decompress(hit.content).decode() == "<p>Ünïcode</p>"


def shared_cache(settings, location):
    settings.CACHES = {
        "default": {
            "BACKEND": "claimtracker.caching.SharedCache",
            "LOCATION": location,
            "KEY_PREFIX": "claimtracker-tests",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_pages_are_cached_in_redis_when_it_is_set(client, seeded, settings):
    needs_redis()
    shared_cache(settings, TEST_REDIS)
    cache.clear()
    assert client.get(EVENT)["X-Page-Cache"] == "miss"
    assert client.get(EVENT)["X-Page-Cache"] == "hit"
    Source.objects.filter(slug="russian-government").update(name="Renamed government")
    fresh = client.get(EVENT)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Renamed government" in fresh.content.decode()
    cache.clear()


def test_a_redis_that_is_down_serves_pages_uncached_without_errors(client, seeded, settings):
    shared_cache(settings, "redis://127.0.0.1:1/0")  # nothing listens on port 1
    for _ in range(2):
        response = client.get(EVENT)
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "miss"
        assert "Aleppo" in response.content.decode()
