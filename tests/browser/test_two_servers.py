"""Two app servers over one PostgreSQL and one Redis, as behind a load balancer: a page cached
through one is served by the other, and an edit made through one shows at once through both."""

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import expect

from claims.models import Source
from tests.browser.chromium import log_in

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/15"
EVENT = "/events/aleppo-december-2016/"
PUBLIC_HOST = "claims.example.org"


def redis_is_up():
    import redis

    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        return False


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def address_of_test_database():
    """The address of the database this test runs on, for the servers it starts."""
    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    host = database["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{database['PORT'] or 5432}/{database['NAME']}"


def start_server(port, environment):
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "claimtracker.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=environment,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the app server on port {port} did not start")


@pytest.fixture
def two_servers(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("two app servers share one PostgreSQL: run with DATABASE_URL=postgres://…")
    if not redis_is_up():
        pytest.skip(f"no Redis at {REDIS} (start redis-server to run this test)")
    call_command("load_seeds", directory=settings.SEEDS_DIR, stdout=io.StringIO())
    User.objects.create_superuser("editor", password="a long test password")
    environment = {
        **os.environ,
        "DATABASE_URL": address_of_test_database(),
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": f"two-servers-{os.getpid()}-{time.time_ns()}",
        "DEBUG": "0",
        "SECRET_KEY": "two-servers-test-only-key",
        "ALLOWED_HOSTS": f"127.0.0.1,{PUBLIC_HOST}",
    }
    ports = [free_port(), free_port()]
    servers = [start_server(port, environment) for port in ports]
    try:
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait()


def fetch(url):
    # As behind a load balancer: every server is asked for the same public host.
    request = urllib.request.Request(url, headers={"Host": PUBLIC_HOST})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers["X-Page-Cache"], response.read().decode()


def test_two_servers_share_the_page_cache_and_see_an_edit_at_once(two_servers, page):
    first, second = two_servers
    assert fetch(first + EVENT)[0] == "miss"
    served, html = fetch(second + EVENT)
    assert served == "hit"  # rendered by the first server, served by the second from Redis
    assert "Russian government" in html

    source = Source.objects.get(slug="russian-government")
    log_in(page, first, "editor", "a long test password")
    page.goto(f"{first}/admin/claims/source/{source.pk}/change/")
    page.get_by_label("Name:", exact=True).fill("Government of the Russian Federation")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    for server in (second, first):
        served, html = fetch(server + EVENT)
        assert "Government of the Russian Federation" in html
    assert served == "hit"  # the second server rendered it anew, the first took it from Redis
