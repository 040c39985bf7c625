"""Helpers for tests that use the machine's services: Redis, and app servers of their own."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
# The Redis database the tests may clear (TEST_REDIS_URL names another).
TEST_REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_is_up(url=TEST_REDIS):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        return False


def needs_redis():
    """Skip the test when Redis is not answering; with REQUIRE_REDIS (as in CI) fail it."""
    import pytest

    if not redis_is_up():
        message = f"no Redis at {TEST_REDIS} (start redis-server to run this test)"
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(message)
        pytest.skip(message)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def address_of_test_database():
    """The address of the PostgreSQL database this test runs on, for the servers it starts."""
    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    host = database["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{database['PORT'] or 5432}/{database['NAME']}"


@contextmanager
def app_server(environment, workers=2):
    """A gunicorn server of the app in another process; yields its address once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "claimtracker.wsgi", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=environment,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"the app server on port {port} did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait()
