"""An editor imports a large file in a real Chromium: the worker checks it, the job's page
reloads itself to show the preview, the editor confirms, and the page shows the result."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from claims.models import Figure
from tests.browser.chromium import log_in
from tests.test_imports import csv_bytes, figure_row


@pytest.fixture
def editor_page(page, live_server, transactional_db, django_user_model, settings, tmp_path):
    settings.IMPORT_IN_REQUEST_BYTES = 10
    settings.MEDIA_ROOT = tmp_path
    django_user_model.objects.create_superuser("editor", "editor@example.org", "editor-pass-1")
    log_in(page, live_server.url, "editor", "editor-pass-1")
    return page


def run_worker():
    call_command("db_worker", batch=True, reload=False, startup_delay=False, stdout=io.StringIO())


def test_a_large_import_runs_in_the_background(editor_page, live_server, event_42, tmp_path):
    page = editor_page
    data = tmp_path / "evacuations.csv"
    data.write_bytes(csv_bytes(figure_row(low="12"), figure_row(summary="Later", low="40")))

    page.goto(live_server.url + "/admin/claims/claim/import/")
    page.get_by_label("File").set_input_files(data)
    page.get_by_role("button", name="Preview import").click()
    expect(page.get_by_role("status")).to_contain_text("Waiting for a worker")

    run_worker()  # the page reloads itself every few seconds
    expect(page.locator(".import-preview")).to_contain_text("Create 2 claims", timeout=10_000)
    page.screenshot(path=tmp_path / "checked.png", full_page=True)
    assert not Figure.objects.exists()

    page.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_role("status")).to_contain_text("Waiting for a worker")
    run_worker()
    expect(page.locator("#content-main")).to_contain_text(
        "Imported evacuations.csv: created: 2 claims", timeout=10_000
    )
    assert sorted(Figure.objects.values_list("low", flat=True)) == [12, 40]
