"""Read replicas: public pages read a real streaming replica once it has caught up, and show an
edit made on the primary at once.

The replica is made by deploy/start-replica (pg_basebackup of the local PostgreSQL, on another
port); where that cannot run (no PostgreSQL, not root or postgres) the test says why and skips.
"""

import os
import subprocess
import urllib.request
from pathlib import Path

import pytest
from django.db import DatabaseError, connection

from claims.models import Source
from claimtracker import replicas
from tests.services import address_of_test_database, app_server

ROOT = Path(__file__).resolve().parent.parent
EVENT = "/events/aleppo-december-2016/"
REPLICA_PORT = int(os.environ.get("TEST_REPLICA_PORT", "5433"))


def test_the_first_replica_that_has_caught_up_is_read(monkeypatch, settings):
    settings.REPLICA_DATABASES = ["replica1", "replica2", "replica3"]
    stamps = {"replica1": 7, "replica2": DatabaseError("down"), "replica3": 9}

    def data_stamp(alias):
        if isinstance(stamps[alias], Exception):
            raise stamps[alias]
        return stamps[alias]

    monkeypatch.setattr(replicas, "data_stamp", data_stamp)
    assert {replicas.caught_up_replica(8) for _ in range(30)} == {"replica3"}
    assert {replicas.caught_up_replica(7) for _ in range(30)} == {"replica1", "replica3"}
    assert replicas.caught_up_replica(10) is None  # all behind: the primary renders the page


def test_writes_and_migrations_always_go_to_the_primary():
    router = replicas.ReplicaRouter()
    with replicas.reads_from("replica1"):
        assert router.db_for_read(Source) == "replica1"
        assert router.db_for_write(Source) == "default"
    assert router.db_for_read(Source) == "default"
    assert router.allow_migrate("replica1", "claims") is False


@pytest.fixture
def replica(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("a streaming replica needs PostgreSQL: run with DATABASE_URL=postgres://…")
    environment = {**os.environ, "REPLICA_PORT": str(REPLICA_PORT),
                   "REPLICA_DIR": f"/var/tmp/claimtracker-test-replica-{os.getpid()}"}  # fmt: skip
    started = subprocess.run(
        [ROOT / "deploy" / "start-replica"], env=environment, capture_output=True, text=True
    )
    if started.returncode != 0:
        pytest.skip(f"deploy/start-replica could not run here: {started.stderr.strip()}")
    try:
        yield f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/{connection.settings_dict['NAME']}"
    finally:
        subprocess.run([ROOT / "deploy" / "start-replica", "stop"], env=environment)


def replica_sessions(replica_url):
    """The app's connections open on the replica to the test database."""
    import psycopg

    with psycopg.connect(replica_url) as replica_connection, replica_connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        return cur.fetchone()[0]


def test_public_pages_read_the_replica_and_show_an_edit_on_the_primary(seeded, replica):
    environment = {
        **os.environ,
        "DATABASE_URL": address_of_test_database(),
        "DATABASE_REPLICA_URLS": replica,
        "CONN_MAX_AGE": "60",  # the worker keeps its replica connection: it can be seen
        "DEBUG": "0",
        "SECRET_KEY": "replica-test-only-key",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    with app_server(environment, workers=1) as server:
        assert replica_sessions(replica) == 0
        page = urllib.request.urlopen(server + EVENT, timeout=10).read()
        assert "Russian government" in page.decode()
        assert replica_sessions(replica) == 1  # the page was read from the replica

        Source.objects.filter(slug="russian-government").update(name="Renamed on the primary")
        page = urllib.request.urlopen(server + EVENT, timeout=10).read()
        assert "Renamed on the primary" in page.decode()
