"""Whole-page caching that is correct after every edit, however writes interleave.

Pages are keyed by the data stamp: a counter that database triggers move in the same
transaction as every write to the claim data, at commit on PostgreSQL (migration 0007). A page
cached under a stamp was rendered from data at least as new as that stamp, so once a write
commits, no page cached before it is served again; a long import that commits after a later
edit still moves the stamp. Reading the stamp is one query of one row.

Each entry is keyed by the stamp, the host, the path, the query parameters the page reads
(tracking tags such as `?utm_source=` share the entry of the page without them) and the
audience: a page rendered for staff (who see editors' names) is never served to the public,
nor the other way round. Entries hold the page gzipped, made once, with every header the view
set, and are bounded in bytes as well as in number (`SizeBoundedMemoryCache`).

Parts of a page that change only with the data (the claim browser's source menu) are kept in
the process under the same stamp (`kept_while_data_unchanged`), so a page that is not cached
does not read them again either.
"""

import gzip
import hashlib
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .replicas import PRIMARY, caught_up_replica, data_stamp, reads_from

CACHE_SECONDS = 600
logger = logging.getLogger(__name__)
REDIS_ERRORS = (RedisConnectionError, RedisTimeoutError)


def audience(request):
    """Who the page is rendered for: staff see more (editors' names) than the public."""
    return audience_of(getattr(request, "user", None))


def audience_of(user):
    return "staff" if user is not None and user.is_staff else "public"


def read_parameters(request, reads):
    """The query parameters the page reads, in a canonical order; the rest leave no trace.

    A name in `reads` covers itself and the names it prefixes ("stated" covers the date
    range's "stated_after" and "stated_before").
    """
    kept = []
    for name in sorted(request.GET):
        if any(name == read or name.startswith(read + "_") for read in reads):
            kept.extend((name, value) for value in request.GET.getlist(name))
    return kept


def page_key(request, reads, stamp):
    parts = [
        str(stamp),
        audience(request),
        get_language(),  # the interface's language: the same data, another page
        request.get_host(),
        request.path,
        repr(read_parameters(request, reads)),
    ]
    return "page:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def cached_page(view=None, *, reads=()):
    """Serve the view's page from the cache while the data is unchanged.

    `reads` names the query parameters the page reads; any other parameter shares the
    page's entry instead of making a new one.
    """
    if view is None:
        return lambda view: cached_page(view, reads=reads)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        stamp = data_stamp()
        key = page_key(request, reads, stamp)
        etag = f'"{key.removeprefix("page:")[:32]}"'
        if etag in request.headers.get("If-None-Match", ""):
            # The reader's copy was made from the data as it still is: nothing to send.
            return mark_audience(request, tagged(HttpResponseNotModified(), etag))
        cached = cache.get(key)
        if cached is not None:
            response = cached_response(request, *cached)
            response[CACHE_HEADER] = "hit"
            return mark_audience(request, tagged(response, etag))
        # The public's pages may come from a replica, once it holds every write up to the
        # stamp the page is cached under (claimtracker/replicas.py); staff read the primary.
        replica = None
        if settings.REPLICA_DATABASES and audience(request) == "public":
            replica = caught_up_replica(stamp)
        # Read outside a transaction, the stamp counts every write the page can see; inside
        # one, the transaction's own writes are not counted until they commit.
        committed = None if connections[PRIMARY].in_atomic_block else stamp
        with reads_from(replica), rendering_under(committed):
            response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if keeps_pages(cache):
                compressed = gzip.compress(response.content, compresslevel=6)
                cache.set(key, (compressed, kept_headers(response)), CACHE_SECONDS)
            tagged(response, etag)
            response[CACHE_HEADER] = "miss"
        return mark_audience(request, response)

    return wrapper


def keeps_pages(cache):
    """False when the cache is set to keep nothing (PAGE_CACHE_MEGABYTES=0): the page is then
    not compressed for it."""
    return getattr(cache, "max_bytes", None) != 0


# The data stamp the page being rendered is cached under, while it counts every write the page
# can see; None outside `cached_page`.
_page_stamp = ContextVar("page_stamp", default=None)
# What `kept_while_data_unchanged` keeps: (stamp, {key: value}), for one stamp at a time.
_kept = (None, {})


@contextmanager
def rendering_under(stamp):
    """Within the block, parts of the page may be kept under `stamp` (None: not kept)."""
    token = _page_stamp.set(stamp)
    try:
        yield
    finally:
        _page_stamp.reset(token)


def kept_while_data_unchanged(key, make, holds=None):
    """`make()`, kept in this process under the page's data stamp and `key` (which says
    everything else the value depends on, such as the audience): made again once any write to
    the claim data commits. Made afresh, and not kept, outside a cached page or while the
    request's own transaction may hold writes the stamp does not count yet.

    `holds(value)`, when given, says whether the kept value still serves this request (holds
    every record the request's rows name); if not, it is made again and kept instead. A stamp
    that comes back with other data (a database emptied and filled again, as between tests)
    must not leave a page naming a record the kept value lacks."""
    global _kept
    stamp = _page_stamp.get()
    if stamp is None:
        return make()
    kept_stamp, values = _kept
    if kept_stamp != stamp:
        values = {}
        _kept = (stamp, values)
    if key not in values or (holds is not None and not holds(values[key])):
        values[key] = make()
    return values[key]


def forget_kept_values():
    """Drop everything `kept_while_data_unchanged` keeps: for tests, whose data comes and goes
    with stamps that repeat."""
    global _kept
    _kept = (None, {})


def tagged(response, etag):
    """An ETag from the page's key: it changes with the data, the address and the audience, so
    a browser's conditional request is answered with 304 while nothing it shows has changed."""
    response["ETag"] = etag
    return response


def accepts_gzip(request):
    return "gzip" in request.headers.get("Accept-Encoding", "")


# Says whether the page came from the cache, for operators and tests; not kept in the entry.
CACHE_HEADER = "X-Page-Cache"
# Headers that describe one response as sent, set afresh on every response.
BODY_HEADERS = {"content-length", "content-encoding", "etag", CACHE_HEADER.lower()}


def kept_headers(response):
    """Every header the view set, to send again with each copy from the cache."""
    return [(name, value) for name, value in response.items() if name.lower() not in BODY_HEADERS]


def cached_response(request, compressed, headers):
    if accepts_gzip(request):
        response = HttpResponse(compressed)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(compressed))
    for name, value in headers:
        response[name] = value
    return response


def mark_audience(request, response):
    """Tell shared caches that the page differs by encoding and login, and keep staff pages
    out of them altogether."""
    patch_vary_headers(response, ["Accept-Encoding", "Cookie"])
    if audience(request) == "staff":
        patch_cache_control(response, private=True, no_store=True)
    return response


class SizeBoundedMemoryCache(LocMemCache):
    """The in-process cache, bounded by the bytes it holds as well as by its number of entries.

    OPTIONS["MAX_BYTES"] caps the pickled size of all entries together; past it the least
    recently used go first. An entry larger than the cap is not kept at all.
    """

    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 64 * 1024 * 1024))

    @property
    def max_bytes(self):
        return self._max_bytes

    def held_bytes(self):
        return sum(len(pickled) for pickled in self._cache.values())

    def _set(self, key, value, timeout):
        if len(value) > self._max_bytes:
            self._delete(key)
            return
        super()._set(key, value, timeout)
        held = self.held_bytes()
        while held > self._max_bytes:
            oldest, pickled = self._cache.popitem()  # the least recently used
            del self._expire_info[oldest]
            held -= len(pickled)


class SharedCache(RedisCache):
    """Django's Redis cache, shared by every app server, that never fails a page.

    A Redis that is down or too slow reads as an empty cache and takes no writes: pages are
    built from the database meanwhile, and cached again once Redis answers, with no restart.
    """

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except REDIS_ERRORS as error:
            logger.warning("Page cache unavailable, serving uncached: %s", error)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except REDIS_ERRORS as error:
            logger.warning("Page cache unavailable, page not kept: %s", error)
