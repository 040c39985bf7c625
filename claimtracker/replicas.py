"""Read replicas: public pages read from a replica that has caught up with the primary.

With DATABASE_REPLICA_URLS set, the page cache (claimtracker/caching.py) reads the data stamp from
the primary, then renders a public page from a replica whose own stamp is at least as new; if
no replica has caught up (or none answers), from the primary. A replica's stamp moves in the
same replicated transaction as the data it counts, so a page rendered from a replica showing
stamp S holds every write up to S: a page is never cached under a stamp newer than the data it
was rendered from, however far a replica lags. Everything else reads and writes the primary:
the admin, the desk, imports, logins, exports, and the stamp itself.
"""

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections

PRIMARY = "default"
_reads_go_to = ContextVar("reads_go_to", default=PRIMARY)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _reads_go_to.get()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's very rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def reading_alias():
    """The database this request's reads go to."""
    return _reads_go_to.get()


@contextmanager
def reads_from(alias):
    """Send the ORM's reads in the block to `alias` (the primary when None)."""
    token = _reads_go_to.set(alias or PRIMARY)
    try:
        yield
    finally:
        _reads_go_to.reset(token)


def data_stamp(using=PRIMARY):
    """The number of committed writes to the claim data so far, as the database counts them
    (claimtracker/caching.py keys pages by it; on a replica, as far as it has replayed).

    On a connection kept from an earlier request, the stamp is also its health check
    (CONN_HEALTH_CHECKS): it is the first query of every page, and Django's own check would
    cost a `SELECT 1` round trip of its own before it. A kept connection that died in the
    meantime (the database restarted) fails it, and is replaced by a new one that reads the
    stamp again, as Django's check would have replaced it."""
    connection = connections[using]
    if awaits_health_check(connection):
        connection.health_check_done = True
        try:
            return read_stamp(connection)
        except (InterfaceError, OperationalError):
            connection.close()
    return read_stamp(connection)


def awaits_health_check(connection):
    """Whether the connection was kept from an earlier request and not yet checked in this
    one: outside a transaction, where closing it loses nothing."""
    return (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )


def read_stamp(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM claims_datastamp WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def caught_up_replica(primary_stamp):
    """A replica holding every write up to `primary_stamp`, or None; replicas are tried in a
    random order, so the reads spread over them, and one that fails is passed over."""
    replicas = list(settings.REPLICA_DATABASES)
    random.shuffle(replicas)
    for alias in replicas:
        try:
            if data_stamp(alias) >= primary_stamp:
                return alias
        except DatabaseError:
            continue
    return None
