"""Large imports and exports run as background jobs: checked, confirmed, imported all or
nothing by the worker, with their progress and result (or every error) in the admin."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims import jobs
from claims.models import Claim, Figure, ImportUpload, Job
from tests.test_imports import csv_bytes, figure_row

# Jobs are queued when the request's transaction commits, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

IMPORT_URL = "/admin/claims/claim/import/"


@pytest.fixture(autouse=True)
def everything_in_the_background(settings, tmp_path):
    settings.IMPORT_IN_REQUEST_BYTES = 10
    settings.EXPORT_IN_REQUEST_CLAIMS = 1
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    return client


def run_worker():
    """What `manage.py db_worker` does, until the queue is empty."""
    call_command("db_worker", batch=True, reload=False, startup_delay=False, stdout=io.StringIO())


def upload(client, *rows, name="entry.csv"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, csv_bytes(*rows))})


def test_a_large_import_is_checked_then_imported_by_the_worker(admin_client, event_42):
    response = upload(admin_client, figure_row(low="12"), figure_row(summary="Second", low="7"))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = admin_client.get(job.get_absolute_url()).content.decode()
    assert "Waiting for a worker" in page and "js/job.js" in page

    run_worker()
    page = admin_client.get(job.get_absolute_url()).content.decode()
    assert "Create 2 claims" in page and "Confirm import" in page
    assert "js/job.js" not in page, "a finished job's page stops asking"
    assert not Claim.objects.exists(), "a check writes nothing"

    confirmed = admin_client.post(job.get_absolute_url(), {"confirm": "1"})
    imported = Job.objects.get(kind=Job.Kind.IMPORT)
    assert confirmed["Location"] == imported.get_absolute_url()
    assert not Claim.objects.exists(), "nothing is written before the worker runs it"
    run_worker()

    assert sorted(Figure.objects.values_list("low", flat=True)) == [7, 12]
    page = admin_client.get(imported.get_absolute_url()).content.decode()
    assert "Done" in page and "Imported entry.csv: created: 2 claims" in page
    assert not ImportUpload.objects.exists(), "the file is not kept once imported"


def test_confirming_twice_imports_once(admin_client, event_42):
    upload(admin_client, figure_row(low="12"))
    run_worker()
    check = Job.objects.get()
    admin_client.post(check.get_absolute_url(), {"confirm": "1"})
    admin_client.post(check.get_absolute_url(), {"confirm": "1"})
    assert Job.objects.filter(kind=Job.Kind.IMPORT).count() == 1
    run_worker()
    assert Claim.objects.count() == 1
    page = admin_client.get(check.get_absolute_url()).content.decode()
    assert "Confirm import" not in page


def test_a_large_file_with_errors_lists_every_one_and_writes_nothing(admin_client, event_42):
    upload(
        admin_client,
        figure_row(low="12"),
        figure_row(source="Nobody", low="1"),
        figure_row(summary="Third", low="many"),
    )
    run_worker()
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    page = admin_client.get(job.get_absolute_url()).content.decode()
    assert "entry.csv cannot be imported; nothing was written. 2 problems" in page
    assert "line 3, source" in page and "line 4" in page
    assert "Confirm import" not in page
    assert not Claim.objects.exists()


def test_an_import_is_refused_if_a_record_changed_since_the_check(admin_client, event_42):
    upload(admin_client, figure_row(low="12"))
    run_worker()
    admin_client.post(Job.objects.get().get_absolute_url(), {"confirm": "1"})
    run_worker()
    claim = Claim.objects.get()

    upload(admin_client, figure_row(low="13"))  # the same claim, a new figure
    run_worker()
    check = Job.objects.filter(kind=Job.Kind.CHECK).first()
    assert "Update 1 figure" in admin_client.get(check.get_absolute_url()).content.decode()
    claim.figures.update(low=14)
    Figure.objects.get().save()  # a new version of the figure, as an editor's save makes
    admin_client.post(check.get_absolute_url(), {"confirm": "1"})
    run_worker()

    imported = Job.objects.filter(kind=Job.Kind.IMPORT).first()
    assert imported.state == Job.State.FAILED
    page = admin_client.get(imported.get_absolute_url()).content.decode()
    assert "nothing was written" in page and "changed" in page
    assert Figure.objects.get().low == 14


def test_the_job_page_shows_progress_while_it_runs(admin_client, event_42):
    upload(admin_client, figure_row(low="12"))
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, started_at=timezone.now(), total=40_000
    )
    counter = jobs.ProgressCounter(job)
    for _ in range(12_345):
        counter()
    counter.publish()
    page = admin_client.get(job.get_absolute_url()).content.decode()
    assert "12,345 of about 40,000 claims checked" in page
    assert '<progress max="40000" value="12345">' in page
    status = admin_client.get(reverse("admin:claims_job_status", args=[job.pk]))
    assert 'data-job-state="running"' in status.content.decode()
    assert "12,345 of about 40,000 claims checked" in status.content.decode()


def test_a_job_no_worker_takes_says_how_to_start_one(admin_client, event_42):
    upload(admin_client, figure_row(low="12"))
    job = Job.objects.get()
    page = admin_client.get(job.get_absolute_url()).content.decode()
    assert "No worker has taken this job yet" not in page
    Job.objects.filter(pk=job.pk).update(created_at=job.created_at - timedelta(minutes=1))
    page = admin_client.get(job.get_absolute_url()).content.decode()
    assert "No worker has taken this job yet" in page and "manage.py db_worker" in page


def test_staff_see_only_their_own_jobs(admin_client, django_user_model, event_42):
    upload(admin_client, figure_row(low="12"))
    job = Job.objects.get()
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    client = Client()
    client.force_login(editor)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("admin:claims_job_status", args=[job.pk])).status_code == 404
    assert client.post(job.get_absolute_url(), {"confirm": "1"}).status_code == 404
    listing = client.get(reverse("admin:claims_job_changelist")).content.decode()
    assert "entry.csv" not in listing
    assert "entry.csv" in admin_client.get(reverse("admin:claims_job_changelist")).content.decode()


def test_a_small_import_still_happens_within_the_request(admin_client, event_42, settings):
    settings.IMPORT_IN_REQUEST_BYTES = 1_000_000
    page = upload(admin_client, figure_row(low="12")).content.decode()
    assert "Create 1 claim" in page
    assert not Job.objects.exists()


def test_a_large_export_is_prepared_by_the_worker(client, seeded, settings):
    settings.EXPORT_IN_REQUEST_CLAIMS = 1_000_000
    url = reverse("claims:claim-export", args=["csv"]) + "?source_kind=government&page=2"
    direct = b"".join(client.get(url).streaming_content)

    settings.EXPORT_IN_REQUEST_CLAIMS = 3
    offer = client.get(url)
    assert "Prepare the CSV file" in offer.content.decode()
    assert not Job.objects.exists(), "a link followed starts nothing"
    started = client.post(url)
    job = Job.objects.get()
    assert started["Location"] == job.get_absolute_url()
    assert "Waiting for a worker" in client.get(job.get_absolute_url()).content.decode()
    assert client.post(url)["Location"] == job.get_absolute_url(), "the same export is shared"

    status = reverse("claims:export-job-status", args=[job.public_id])
    assert 'data-job-state="waiting"' in client.get(status).content.decode()
    run_worker()
    assert 'data-job-state="done"' in client.get(status).content.decode()
    page = client.get(job.get_absolute_url()).content.decode()
    download = reverse("claims:export-job-file", args=[job.public_id, "csv"])
    assert f'href="{download}"' in page
    response = client.get(download)
    assert response["Content-Disposition"] == 'attachment; filename="claims.csv"'
    assert b"".join(response.streaming_content) == direct
    assert "page" not in Job.objects.get().export_query


def test_an_export_of_new_data_is_made_again(client, seeded, settings):
    settings.EXPORT_IN_REQUEST_CLAIMS = 3
    url = reverse("claims:claim-export", args=["json"])
    first = client.post(url)["Location"]
    claim = Claim.objects.first()
    claim.summary += " (corrected)"
    claim.save()
    assert client.post(url)["Location"] != first


def test_a_bad_filter_exports_nothing(client, seeded):
    response = client.post(reverse("claims:claim-export", args=["csv"]) + "?stance=maybe")
    assert response.status_code == 400 and b"correct the filter" in response.content
    assert not Job.objects.exists()


def test_an_unfinished_export_has_no_file(client, seeded):
    client.post(reverse("claims:claim-export", args=["csv"]))
    job = Job.objects.get()
    download = reverse("claims:export-job-file", args=[job.public_id, "csv"])
    assert client.get(download).status_code == 404


def test_exports_a_day_old_are_dropped_with_their_files(client, seeded, settings, tmp_path):
    settings.EXPORT_IN_REQUEST_CLAIMS = 3
    client.post(reverse("claims:claim-export", args=["csv"]))
    run_worker()
    old = Job.objects.get()
    assert (tmp_path / old.output.name).exists()
    Job.objects.filter(pk=old.pk).update(created_at=old.created_at - timedelta(days=2))
    client.post(reverse("claims:claim-export", args=["json"]))
    assert not Job.objects.filter(pk=old.pk).exists()
    assert not (tmp_path / old.output.name).exists()
    assert Job.objects.get().export_format == "json"


def test_parameters_no_filter_reads_make_no_other_export(client, seeded, settings, tmp_path):
    settings.EXPORT_IN_REQUEST_CLAIMS = 3
    url = reverse("claims:claim-export", args=["csv"])
    first = client.post(url + "?source_kind=government")["Location"]
    for index in range(80):
        junk = f"?x={index}&source_kind=government&utm_source=feed{index}&stance=&page={index}"
        assert client.post(url + junk)["Location"] == first
    assert client.post(url + "?stance=&source_kind=government")["Location"] == first
    assert Job.objects.count() == 1
    run_worker()
    assert len(list((tmp_path / "exports").iterdir())) == 1


def test_past_the_exports_at_once_a_visitor_is_asked_to_come_back(client, seeded, settings):
    settings.EXPORT_IN_REQUEST_CLAIMS = 1
    settings.EXPORTS_AT_ONCE = 2
    url = reverse("claims:claim-export", args=["json"])
    client.post(url + "?source_kind=government")
    client.post(url + "?source_kind=monitor")
    refused = client.post(url + "?source_kind=military")
    assert refused.status_code == 503 and int(refused["Retry-After"]) > 0
    assert "Too many exports are being prepared" in refused.content.decode()
    assert Job.objects.count() == 2
    assert client.post(url + "?source_kind=monitor").status_code == 302, "one already made"
    run_worker()
    assert client.post(url + "?source_kind=military").status_code == 302


def as_if_its_worker_was_killed(job, minutes_ago=10):
    """The job's row as a worker killed mid-run leaves it: running, and no beat since."""
    started = timezone.now() - timedelta(minutes=minutes_ago)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=started)
    return Job.objects.get(pk=job.pk)


def test_an_import_whose_worker_was_killed_says_so_and_runs_again(admin_client, event_42):
    upload(admin_client, figure_row(low="12"))
    run_worker()
    admin_client.post(Job.objects.get().get_absolute_url(), {"confirm": "1"})
    imported = Job.objects.get(kind=Job.Kind.IMPORT)
    Job.objects.filter(pk=imported.pk).update(task_id="")  # its queued task: taken, then lost
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    as_if_its_worker_was_killed(imported)

    page = admin_client.get(imported.get_absolute_url()).content.decode()
    assert "Stopped: the worker running this job stopped before it finished." in page
    assert "Run it again" in page
    admin_client.post(imported.get_absolute_url(), {"retry": "1"})
    assert Job.objects.get(pk=imported.pk).state == Job.State.WAITING
    run_worker()
    assert Job.objects.get(pk=imported.pk).state == Job.State.DONE
    assert list(Figure.objects.values_list("low", flat=True)) == [12]


def test_a_running_job_that_beats_is_not_stopped(admin_client, event_42):
    upload(admin_client, figure_row(low="12"))
    job = as_if_its_worker_was_killed(Job.objects.get())
    with jobs.Heartbeat(job):
        page = admin_client.get(job.get_absolute_url()).content.decode()
        assert "Stopped" not in page
        admin_client.post(job.get_absolute_url(), {"retry": "1"})
    assert Job.objects.get(pk=job.pk).state == Job.State.RUNNING, "a live job is not run twice"


def test_an_export_whose_worker_was_killed_can_be_prepared_again(client, seeded, settings):
    settings.EXPORT_IN_REQUEST_CLAIMS = 3
    job_url = client.post(reverse("claims:claim-export", args=["csv"]))["Location"]
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    job = as_if_its_worker_was_killed(Job.objects.get())
    page = client.get(job_url).content.decode()
    assert "Stopped: the worker running this job stopped before it finished." in page
    status = client.get(reverse("claims:export-job-status", args=[job.public_id]))
    assert "Run it again" in status.content.decode()
    assert client.post(job_url)["Location"] == job_url
    run_worker()
    assert 'data-job-state="done"' in client.get(job_url).content.decode()


def test_a_job_queued_twice_runs_once(admin_client, event_42):
    upload(admin_client, figure_row(low="12"))
    job = Job.objects.get()
    jobs.run_job.enqueue(job.pk)  # as a retry clicked twice would
    run_worker()
    assert Job.objects.get(pk=job.pk).state == Job.State.DONE
    from django_tasks_db.models import DBTaskResult

    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True)) == [
        "done",
        "skipped",
    ]


def test_the_jobs_list_says_stopped_for_a_job_whose_worker_was_killed(admin_client, event_42):
    upload(admin_client, figure_row(low="12"))
    as_if_its_worker_was_killed(Job.objects.get())
    listing = admin_client.get(reverse("admin:claims_job_changelist")).content.decode()
    assert '<td class="field-state_now">Stopped</td>' in listing
