"""Settings read from the environment: a value the app cannot read stops it, naming the
variable, rather than quietly standing for something else (DEBUG=ture is not "off")."""

import os
import subprocess
import sys

import pytest

from tests.services import ROOT


def start_with(**variables):
    """The settings a fresh process reads with these variables set (and nothing else of ours)."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(SECRET_KEY="settings-test-only-key", **variables)
    script = (
        "from claimtracker import settings as s; "
        "print(s.DEBUG, s.READ_REQUIRES_LOGIN, s.AXES_FAILURE_LIMIT, s.IMPORT_MAX_BYTES)"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    "value, read_as",
    [("1", "True"), ("TRUE", "True"), ("yes", "True"), (" On ", "True"), ("0", "False"),
     ("False", "False"), ("no", "False"), ("off", "False"), ("", "False")],
)  # fmt: skip
def test_a_switch_reads_the_usual_words_for_on_and_off(value, read_as):
    started = start_with(READ_REQUIRES_LOGIN=value)
    assert started.returncode == 0, started.stderr
    assert started.stdout.split()[1] == read_as


@pytest.mark.parametrize("value", ["ture", "2", "enabled", "y e s"])
def test_a_switch_set_to_anything_else_stops_the_app_and_names_it(value):
    started = start_with(DEBUG=value)
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert f"DEBUG={value!r} is not a switch" in started.stderr


def test_numbers_are_read_and_a_blank_one_is_the_default():
    started = start_with(AXES_FAILURE_LIMIT="8", IMPORT_MAX_MEGABYTES="")
    assert started.returncode == 0, started.stderr
    assert started.stdout.split()[2:] == ["8", "100000000"]
    started = start_with(AXES_FAILURE_LIMIT=" 3 ", IMPORT_MAX_MEGABYTES="2.5")
    assert started.stdout.split()[2:] == ["3", "2500000"]


@pytest.mark.parametrize(
    "variable, value, message",
    [
        ("AXES_FAILURE_LIMIT", "five", "AXES_FAILURE_LIMIT='five' is not a whole number"),
        ("AXES_FAILURE_LIMIT", "5.5", "AXES_FAILURE_LIMIT='5.5' is not a whole number"),
        ("SECURE_HSTS_SECONDS", "1y", "SECURE_HSTS_SECONDS='1y' is not a whole number"),
        ("IMPORT_MAX_MEGABYTES", "100MB", "IMPORT_MAX_MEGABYTES='100MB' is not a number"),
        ("IMPORT_MAX_MEGABYTES", "inf", "IMPORT_MAX_MEGABYTES='inf' is not a number"),
    ],
)
def test_a_number_that_is_not_one_stops_the_app_and_names_it(variable, value, message):
    started = start_with(**{variable: value})
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert message in started.stderr


def database_options(**variables):
    started = subprocess.run(
        [sys.executable, "-c", "from claimtracker import settings as s; print(s.DATABASES)"],
        cwd=ROOT,
        env={**os.environ, "SECRET_KEY": "settings-test-only-key", **variables},
        capture_output=True,
        text=True,
    )
    assert started.returncode == 0, started.stderr
    return started.stdout


def test_postgresql_prepares_repeated_queries_unless_told_not_to():
    url = "postgres://someone@db.example:5432/claims"
    assert "'server_side_binding': True, 'prepare_threshold': 5" in database_options(
        DATABASE_URL=url, DATABASE_REPLICA_URLS=""
    )
    assert "'prepare_threshold': 2" in database_options(DATABASE_URL=url, PREPARE_THRESHOLD="2")
    assert "server_side_binding" not in database_options(
        DATABASE_URL=url, DATABASE_REPLICA_URLS=url, PREPARE_THRESHOLD=" Off "
    )
    replicas = database_options(DATABASE_URL=url, DATABASE_REPLICA_URLS=url)
    assert replicas.count("'prepare_threshold': 5") == 2
    assert "server_side_binding" not in database_options(DATABASE_URL="sqlite:///claims.db")
