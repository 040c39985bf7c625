"""Whole-page caching that is correct after every edit.

Every write in this app leaves a history row (django-simple-history on every model; the data
generator writes them too), so the highest history id of each historical table is a stamp of
the data: it moves on with every change, and a page cached under the old stamp is never served
again. Reading the stamp is one query of six index-only MAX() lookups, whatever the size of the
data. Pages are cached per address (path and query string) and host, each with a gzip copy
made once, for the browsers that accept it (all of them): a large comparison is sent in a
tenth of its size without compressing it again on every request.
"""

import gzip
import hashlib
from functools import wraps

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from .models import Article, Claim, Event, Figure, Question, Source

CACHE_SECONDS = 600


def data_stamp():
    """A string that changes whenever any claim, figure, question, event, source or article does."""
    models = (Claim, Figure, Question, Event, Source, Article)
    tables = [model.history.model._meta.db_table for model in models]
    selects = ", ".join(f"(SELECT MAX(history_id) FROM {table})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")
        return "-".join(str(value or 0) for value in cursor.fetchone())


def cached_page(view):
    """Serve the view's page from the cache while the data is unchanged."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET":
            return view(request, *args, **kwargs)
        address = f"{request.get_host()}{request.get_full_path()}"
        key = "page:" + hashlib.sha256(f"{data_stamp()}|{address}".encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            return cached_response(request, *cached)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            compressed = gzip.compress(response.content, compresslevel=6)
            cache.set(key, (response.content, compressed, response["Content-Type"]), CACHE_SECONDS)
            patch_vary(response)
        return response

    return wrapper


def accepts_gzip(request):
    return "gzip" in request.headers.get("Accept-Encoding", "")


def cached_response(request, content, compressed, content_type):
    if accepts_gzip(request):
        response = HttpResponse(compressed, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(content, content_type=content_type)
    return patch_vary(response)


def patch_vary(response):
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
