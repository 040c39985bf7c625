"""Production settings: `check --deploy` is clean with the documented environment."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "deploy" / "production.env.example"


def example_environment():
    values = {}
    for line in EXAMPLE.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    # The check needs no database: point it at a file that is never opened.
    values["DATABASE_URL"] = "sqlite:////nonexistent/never-opened.sqlite3"
    return values


def test_check_deploy_prints_no_issue_with_the_example_environment():
    environment = {**os.environ, **example_environment()}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def run_as_the_web_server(probe):
    """Run the Python `probe` in a fresh interpreter with the production example's environment,
    as gunicorn's processes start; its output, once it has succeeded."""
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={**os.environ, **example_environment()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_the_web_servers_processes_set_their_start_up_objects_aside_from_the_collector():
    """What gunicorn loads (claimtracker.wsgi) freezes what is alive once the app is loaded,
    and waits for claimtracker.collector's number of new objects before collecting."""
    probe = (
        "import gc, claimtracker.wsgi; "
        "from claimtracker.collector import NEW_OBJECTS_BEFORE_COLLECTING as wanted; "
        "print(gc.get_freeze_count(), gc.get_threshold()[0] == wanted)"
    )
    result = run_as_the_web_server(probe)
    frozen, threshold_set = result.stdout.split()
    assert int(frozen) > 10_000  # Django, the app's models, URLs and settings
    assert threshold_set == "True"


def test_the_web_servers_processes_load_templates_and_translations_before_the_first_request():
    """A process that has loaded claimtracker.wsgi draws the project's templates and speaks
    Arabic without reading a template file or a catalogue: its first reader does not wait
    for them. It opens no database connection to do so (the example's database does not
    exist)."""
    probe = """
import claimtracker.wsgi
from django.db import connections
from django.template.loader import get_template
from django.template.loaders.filesystem import Loader
from django.utils import translation
from django.utils.translation import trans_real
from claimtracker.preload import project_template_names

def refuse(*arguments, **keywords):
    raise AssertionError("read from disk after the process loaded")

Loader.get_contents = refuse  # the app directories' loader reads through it too
trans_real.gettext_module.translation = refuse
names = project_template_names()
for name in names:
    get_template(name)
with translation.override("ar"):
    print(translation.gettext("Claim tracker"))
print(" ".join(names))
print(all(connection.connection is None for connection in connections.all()))
"""
    result = run_as_the_web_server(probe)
    title, names, no_connection = result.stdout.splitlines()
    assert title == "متتبّع الادعاءات"
    assert {"base.html", "claims/event_detail.html", "claims/claim_detail.html"} <= set(
        names.split()
    )
    assert no_connection == "True"


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_friendly_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def broken_view(request):
    raise RuntimeError("secret detail of the failure")


urlpatterns = [path("broken/", broken_view)]


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_server_error_shows_no_stack_trace(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in page
    assert "secret detail" not in page and "Traceback" not in page


def test_without_debug_the_app_refuses_to_run_without_a_secret_key():
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment["DJANGO_SETTINGS_MODULE"] = "claimtracker.settings"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY (or DEBUG=1 for development)." in result.stderr


def variables_the_settings_read():
    text = (ROOT / "claimtracker" / "settings.py").read_text()
    names = set(re.findall(r'(?:environ\.get|env_bool|env_list)\(\s*"([A-Z][A-Z0-9_]+)"', text))
    return names | {"DATABASE_URL"}  # read by dj_database_url.config()


def test_every_environment_variable_is_documented_and_in_the_production_example():
    names = variables_the_settings_read()
    assert {"REDIS_URL", "DATABASE_REPLICA_URLS", "SECRET_KEY"} <= names
    readme = (ROOT / "README.md").read_text()
    example = EXAMPLE.read_text()
    undocumented = {name for name in names if f"`{name}`" not in readme}
    # Set, or shown commented out with its default, in the example.
    missing = {name for name in names if not re.search(rf"^(# )?{name}=", example, re.M)}
    assert undocumented == set()
    assert missing == set()
