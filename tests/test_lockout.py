"""The login lockout locks out a guesser, never the user they guess at, behind the documented
proxy as without one."""

import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse

from tests.test_deploy import ROOT, example_environment

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the TLS proxy: every request reaches the app from it
VICTIM, ATTACKER = "198.51.100.7", "203.0.113.66"


@pytest.fixture(scope="module")
def production():
    """The settings the documented production environment gives, read by the app itself."""
    environment = {**os.environ, **example_environment()}
    environment["DJANGO_SETTINGS_MODULE"] = "claimtracker.settings"
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'TRUSTED_PROXY_HOPS': s.TRUSTED_PROXY_HOPS,"
        "'SECURE_PROXY_SSL_HEADER': s.SECURE_PROXY_SSL_HEADER,"
        "'AXES_FAILURE_LIMIT': s.AXES_FAILURE_LIMIT,"
        "'AXES_LOCKOUT_PARAMETERS': s.AXES_LOCKOUT_PARAMETERS,"
        "'AXES_IPWARE_META_PRECEDENCE_ORDER': s.AXES_IPWARE_META_PRECEDENCE_ORDER,"
        "'AXES_IPWARE_PROXY_COUNT': s.AXES_IPWARE_PROXY_COUNT,"
        "'IPWARE_STRICT': s.IPWARE_STRICT}))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    for name in ("SECURE_PROXY_SSL_HEADER", "AXES_IPWARE_META_PRECEDENCE_ORDER"):
        found[name] = tuple(found[name])
    return found


@pytest.fixture
def boss(db):
    return User.objects.create_superuser("boss", "boss@example.org", "the-right-password")


def log_in(password, through_proxy_from=None, forwarded=None, remote=None):
    """A login attempt as the app sees it: from the proxy, which appends the visitor's address."""
    headers = {"HTTP_X_FORWARDED_PROTO": "https"}
    if through_proxy_from:
        chain = [forwarded] if forwarded else []
        headers["HTTP_X_FORWARDED_FOR"] = ", ".join([*chain, through_proxy_from])
    client = Client(REMOTE_ADDR=remote or PROXY, **headers)
    response = client.post(
        reverse("admin:login"), {"username": "boss", "password": password}, secure=True
    )
    return response


def logged_in(response):
    return response.status_code == 302


def test_the_production_settings_read_the_address_through_one_proxy(production):
    assert production["TRUSTED_PROXY_HOPS"] == 1
    assert production["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]
    # The address the proxy saw is the last in X-Forwarded-For: no proxy of ours after it.
    assert production["AXES_IPWARE_META_PRECEDENCE_ORDER"][0] == "HTTP_X_FORWARDED_FOR"
    assert production["AXES_IPWARE_PROXY_COUNT"] == 0


def test_a_stranger_guessing_cannot_lock_the_user_out(production, boss):
    with override_settings(**production):
        for _ in range(production["AXES_FAILURE_LIMIT"] + 2):
            assert not logged_in(log_in("guess", through_proxy_from=ATTACKER))
        assert log_in("the-right-password", through_proxy_from=ATTACKER).status_code == 429
        assert logged_in(log_in("the-right-password", through_proxy_from=VICTIM))


def test_a_forged_forwarded_header_does_not_pass_for_the_user(production, boss):
    with override_settings(**production):
        for _ in range(production["AXES_FAILURE_LIMIT"] + 2):
            log_in("guess", through_proxy_from=ATTACKER, forwarded=VICTIM)
        assert logged_in(log_in("the-right-password", through_proxy_from=VICTIM))
        locked = log_in("the-right-password", through_proxy_from=ATTACKER, forwarded=VICTIM)
        assert locked.status_code == 429


def test_without_a_proxy_the_header_is_not_read(boss):
    # What the settings make of TRUSTED_PROXY_HOPS=0, the default.
    without_proxy = {"AXES_IPWARE_META_PRECEDENCE_ORDER": ("REMOTE_ADDR",)}
    with override_settings(TRUSTED_PROXY_HOPS=0, AXES_IPWARE_PROXY_COUNT=None, **without_proxy):
        for _ in range(6):
            log_in("guess", remote=ATTACKER, through_proxy_from=VICTIM)
        assert logged_in(log_in("the-right-password", remote=VICTIM))
        assert log_in("the-right-password", remote=ATTACKER).status_code == 429


def test_a_login_with_a_refused_next_lands_on_the_admin_index(boss):
    client = Client()
    response = client.post(
        reverse("admin:login") + "?next=https://elsewhere.example.com/",
        {"username": "boss", "password": "the-right-password"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200
