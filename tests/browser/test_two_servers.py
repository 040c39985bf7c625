"""Two app servers over one PostgreSQL and one Redis, as behind a load balancer: a page cached
through one is served by the other, and an edit made through one shows at once through both."""

import os
import time
import urllib.request

import pytest
from django.contrib.auth.models import User
from django.db import connection
from playwright.sync_api import expect

from claims.models import Source
from tests.browser.chromium import log_in
from tests.services import TEST_REDIS, address_of_test_database, app_server, needs_redis

EVENT = "/events/aleppo-december-2016/"
PUBLIC_HOST = "claims.example.org"


@pytest.fixture
def two_servers(transactional_db, seeded):
    if connection.vendor != "postgresql":
        pytest.skip("two app servers share one PostgreSQL: run with DATABASE_URL=postgres://…")
    needs_redis()
    User.objects.create_superuser("editor", password="a long test password")
    environment = {
        **os.environ,
        "DATABASE_URL": address_of_test_database(),
        "REDIS_URL": TEST_REDIS,
        "CACHE_KEY_PREFIX": f"two-servers-{os.getpid()}-{time.time_ns()}",
        "DEBUG": "0",
        "SECRET_KEY": "two-servers-test-only-key",
        "ALLOWED_HOSTS": f"127.0.0.1,{PUBLIC_HOST}",
    }
    with app_server(environment) as first, app_server(environment) as second:
        yield [first, second]


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
