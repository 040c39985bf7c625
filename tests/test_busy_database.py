"""On SQLite the worker's import holds the one write lock until it commits, minutes for a large
file. Meanwhile a login or an admin save either succeeds or answers 503 saying, in words, that
an import is running and when to try again: never a 500.

The app runs in its own server over an SQLite file, and another connection to that file holds
a write transaction open, as the worker's import does. The rarer places a write can meet the
lock (after the view, in the API) are checked in this process, with the lock's error raised.
"""

import http.cookiejar
import os
import re
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.services import ROOT, app_server

PASSWORD = "a long test password"
# A user, and an import the worker has been at for ten minutes: 6,000 of its 8,000 claims.
SETUP = f"""
from datetime import timedelta
from django.contrib.auth.models import User
from django.core.cache import caches
from django.utils import timezone
from claims.jobs import progress_key
from claims.models import Job
User.objects.create_superuser("editor", password="{PASSWORD}")
job = Job.objects.create(
    kind="import", state="running", name="claims-8000.json", total=8000,
    started_at=timezone.now() - timedelta(minutes=10),
)
caches["progress"].set(progress_key(job), 6000, 3600)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock: checked in the suite's SQLite run")
    folder = tmp_path_factory.mktemp("busy")
    database = folder / "db.sqlite3"
    environment = {
        **{name: value for name, value in os.environ.items() if name != "REDIS_URL"},
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "0",
        "SECRET_KEY": "busy-database-test-only-key",
        "ALLOWED_HOSTS": "127.0.0.1",
        "JOB_PROGRESS_DIR": str(folder / "progress"),
        # A write waits this long for the lock before giving up: short, so the test is quick.
        "SQLITE_BUSY_TIMEOUT": "0.5",
    }
    for command in (["migrate", "--noinput"], ["shell", "-c", SETUP]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
        )
    with app_server(environment, workers=1) as address:
        yield address, database


@contextmanager
def import_running(database):
    """Another connection in the middle of a long write, as the worker is during an import."""
    worker = sqlite3.connect(database, isolation_level=None)
    worker.execute("BEGIN IMMEDIATE")
    worker.execute("UPDATE claims_job SET name = name")
    try:
        yield
    finally:
        worker.execute("ROLLBACK")
        worker.close()


class Browser:
    """Cookies kept, redirects not followed: each answer as the server gave it."""

    class KeepRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    def __init__(self, address):
        self.address = address
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self.KeepRedirects()
        )

    def open(self, path, form=None):
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(self.address + path, data, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def form_token(self, path):
        status, _, html = self.open(path)
        assert status == 200, html
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]

    def post(self, path, **fields):
        return self.open(path, {"csrfmiddlewaretoken": self.form_token(path), **fields})


def assert_told_to_try_again(answer):
    status, headers, html = answer
    assert status == 503, html
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "A large import is being written to the database" in text
    assert "what you sent was not saved" in text
    # The running import, roughly when it started and how far it has got.
    assert "claims-8000.json" in text and "10 minutes ago" in text
    assert "6,000 of 8,000 claims" in text
    # 2,000 claims to go at 600 a minute: three minutes and a bit.
    assert "Try again in about 4 minutes" in text
    assert headers["Retry-After"] == "240"


def log_in(browser):
    return browser.post(
        "/admin/login/?next=/admin/", username="editor", password=PASSWORD, next="/admin/"
    )


def test_a_login_during_an_import_is_told_to_try_again_and_then_succeeds(server):
    address, database = server
    browser = Browser(address)
    with import_running(database):
        assert_told_to_try_again(log_in(browser))
    status, headers, html = log_in(browser)
    assert status == 302 and headers["Location"] == "/admin/", html


def test_an_admin_save_during_an_import_is_told_to_try_again_and_then_succeeds(server):
    address, database = server
    browser = Browser(address)
    assert log_in(browser)[0] == 302
    with import_running(database):
        answer = browser.post("/admin/auth/group/add/", name="Group 7", _save="Save")
        assert_told_to_try_again(answer)
    status, headers, html = browser.post("/admin/auth/group/add/", name="Group 7", _save="Save")
    assert status == 302 and headers["Location"] == "/admin/auth/group/", html
    status, _, html = browser.open("/admin/auth/group/")
    assert "Group 7" in html


LOCKED = OperationalError("database is locked")


@pytest.mark.django_db
def test_a_busy_database_met_after_the_view_is_answered_the_same_way():
    with mock.patch(
        "django.contrib.sessions.middleware.SessionMiddleware.process_response",
        side_effect=LOCKED,
    ):
        response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    text = response.content.decode()
    assert "A large import is being written to the database" in text
    assert "Try again in a minute." in text, "no import found: the usual wait"
    assert response["Retry-After"] == "60"


@pytest.mark.django_db
def test_the_api_says_it_in_json():
    with mock.patch("api.views.EventList.list", side_effect=LOCKED):
        response = Client(raise_request_exception=False).get("/api/events/")
    assert response.status_code == 503
    assert "A large import is being written to the database" in response.json()["detail"]
    assert response["Retry-After"] == "60"


@pytest.mark.django_db
def test_any_other_database_error_is_still_a_server_error():
    with mock.patch("api.views.EventList.list", side_effect=OperationalError("disk I/O error")):
        response = Client(raise_request_exception=False).get("/api/events/")
    assert response.status_code == 500
