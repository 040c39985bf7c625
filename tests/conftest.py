import os

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from hypothesis import settings as hypothesis_settings

from claims.compiled import forget_compiled_queries
from claims.models import Figure
from claimtracker.caching import forget_kept_values
from tests.data_copies import copy_of_writes, load_seeds
from tests.factories import make_dated_figure, make_event, make_question, make_source
from tests.page_server import serving

# Generated-data tests: a quick run in the suite; HYPOTHESIS_PROFILE=thorough before a release.
hypothesis_settings.register_profile("quick", max_examples=15)
hypothesis_settings.register_profile("thorough", max_examples=5000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls there
# unless told the calls are safe, which they are in tests that do not share connections.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Each test sees pages rendered from its own data; tests/test_caching.py turns it on.
    Jobs' progress is kept in this process's memory."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        "progress": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    yield
    # In-process caches outlive the settings that named them (entries are kept per LOCATION),
    # and the seed gives every test the same data stamp: a page cached here must not be served
    # in the next test. Redis is left alone: its tests clear their own database.
    for alias in settings.CACHES:
        if isinstance(caches[alias], LocMemCache):
            caches[alias].clear()
    # Likewise what pages keep in the process under the stamp (the claim browser's source menu),
    # and queries compiled with a rule a test changed (tests/test_single_read_query.py).
    forget_kept_values()
    forget_compiled_queries()


@pytest.fixture(scope="session")
def seed_copy(django_db_setup, django_db_blocker):
    """The rows an import of the Aleppo seed writes, imported once a run (tests/data_copies.py)."""
    with django_db_blocker.unblock():
        return copy_of_writes(load_seeds)


@pytest.fixture
def seeded(db, seed_copy):
    """The database with the Aleppo seed files loaded: the rows their import writes, copied in
    (rolled back or flushed with the test); through the loader if other data came first."""
    if not seed_copy.restore():
        load_seeds()


@pytest.fixture
def event_42(db):
    """An event with a figure question and a statement question, and two sources."""
    event = make_event(title="Event 42", slug="event-42")
    make_question(event=event, slug="evacuated", text="How many were evacuated?")
    make_question(event=event, slug="bridge", text="Was the bridge closed?", kind="statement")
    make_source(name="Source 17", slug="source-17")
    make_source(name="Source 18", slug="source-18")
    return event


@pytest.fixture
def toll(db):
    """A question two sources answered on four days: one revising its figure, one giving a
    range, then an open figure."""
    question = make_question(
        event=make_event(title="Event 42", slug="event-42"), slug="toll", text="How many died?"
    )
    ministry = make_source(name="Ministry 7")
    monitor = make_source(name="Monitor 3")
    make_dated_figure(question, ministry, 12, low=500)
    make_dated_figure(question, ministry, 14, low=471)
    make_dated_figure(question, monitor, 13, qualifier=Figure.Qualifier.BETWEEN, low=400, high=450)
    make_dated_figure(question, monitor, 15, qualifier=Figure.Qualifier.AT_LEAST, low=480)
    return question


@pytest.fixture(scope="session")
def page_server():
    """Saved article pages served on this machine (tests/page_server.py)."""
    with serving() as server:
        yield server


@pytest.fixture
def page_site(page_server):
    """The address of the saved pages' server; what it was asked is forgotten between tests."""
    page_server.asked.clear()
    return f"http://127.0.0.1:{page_server.server_port}"
