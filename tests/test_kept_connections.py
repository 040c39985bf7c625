"""A database connection kept between requests (CONN_MAX_AGE) is checked before a page reads
from it: by the page's first query, the data stamp, rather than by a round trip of its own."""

import time

import pytest
from django.db import connection

from tests.factories import make_source


def start_next_request():
    """What Django does as a server's next request starts: a connection kept for longer than
    the test's CONN_MAX_AGE of 0 is left open and awaits its health check."""
    connection.close_at = None
    connection.close_if_unusable_or_obsolete()


@pytest.fixture
def kept_connection(transactional_db, client):
    make_source(name="Kept Connection Monitor", slug="kept-monitor")
    assert client.get("/sources/").status_code == 200
    assert connection.connection is not None
    start_next_request()
    yield connection


def test_a_page_on_a_kept_connection_needs_no_separate_health_check(
    client, kept_connection, monkeypatch
):
    checks = []
    monkeypatch.setattr(kept_connection, "is_usable", lambda: checks.append("SELECT 1") or True)
    response = client.get("/sources/")
    assert response.status_code == 200
    assert "Kept Connection Monitor" in response.content.decode()
    assert checks == []
    assert kept_connection.health_check_done  # the stamp stood as the check


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL server to lose")
def test_a_page_after_the_database_dropped_a_kept_connection_is_served(client, kept_connection):
    lost = kept_connection.connection
    other = kept_connection.get_new_connection(kept_connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            pid = lost.info.backend_pid
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            for _ in range(100):  # until the server has let it go
                cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone() is None:
                    break
                time.sleep(0.05)
    finally:
        other.close()

    response = client.get("/sources/")
    assert response.status_code == 200
    assert "Kept Connection Monitor" in response.content.decode()
    assert kept_connection.connection is not lost  # replaced by a new one
