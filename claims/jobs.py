"""Background jobs: checking and importing large files, writing large exports, fetching an
article's page for the desk.

A request that would outlast the app server's timeout makes a `Job` row and enqueues `run_job`
on the database queue (django-tasks with django-tasks-db); `manage.py db_worker` runs it. An
import runs in one transaction as it does in a request, so nothing is written unless the whole
file is valid; its progress is published to the "progress" cache, which other processes read
while that transaction is still open.
"""

import hashlib
import tempfile
import threading
import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from claimtracker.caching import audience_of
from claimtracker.replicas import data_stamp
from desk import fetching
from publishing.exports import export_claims

from .filters import ClaimFilter
from .interchange import InvalidDocument, estimated_claims, import_data
from .models import Claim, Job

PROGRESS_EVERY_SECONDS = 1.0
HEARTBEAT_EVERY_SECONDS = 10
PROGRESS_KEPT_SECONDS = 24 * 3600
# A job nobody has taken after this long is reported as waiting for a worker that is not there.
WORKER_EXPECTED_WITHIN_SECONDS = 15


def progress_key(job):
    # By public id, not pk: SQLite gives a deleted job's number to the next one.
    return f"job-progress:{job.public_id}"


def progress_of(job):
    """How many claims (for an export, bytes written) a running job has got through."""
    return caches["progress"].get(progress_key(job))


def standing(job, status_url, retry_url=None):
    """What a job's page shows of where it stands (claims/includes/job_progress.html)."""
    waited = (timezone.now() - job.created_at).total_seconds()
    return {
        "job": job,
        "progress": progress_of(job),
        "status_url": status_url,
        "waiting_too_long": job.state == Job.State.WAITING
        and waited > WORKER_EXPECTED_WITHIN_SECONDS,
        "stopped": is_stopped(job),
        "retry_url": retry_url,
    }


def heartbeat_key(job):
    return f"job-heartbeat:{job.public_id}"


class Heartbeat:
    """While a job runs, a thread of its worker says so every few seconds.

    The beat goes to the progress cache, not the database: an import holds its transaction
    (on SQLite, the database's one write lock) until it commits, and the beat must be seen
    while it runs. A worker that is killed stops beating, and its job reads as stopped.
    """

    def __init__(self, job):
        self.key = heartbeat_key(job)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.beat, daemon=True)

    def beat(self):
        while True:
            caches["progress"].set(self.key, time.time(), PROGRESS_KEPT_SECONDS)
            if self.stopping.wait(HEARTBEAT_EVERY_SECONDS):
                return

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        self.thread.join()


def is_stopped(job):
    """Whether a job marked running has no worker left: none has beaten for its heart lately."""
    if job.state != Job.State.RUNNING:
        return False
    last_beat = caches["progress"].get(heartbeat_key(job))
    if last_beat is None:
        last_beat = job.started_at.timestamp() if job.started_at else 0
    return time.time() - last_beat > settings.JOB_STOPPED_AFTER_SECONDS


def retry(job):
    """Queue a stopped job again; nothing was written by it (an import is one transaction).
    Returns whether it was queued (a job that is not stopped is left as it is)."""
    stopped = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING)
    if not is_stopped(job) or not stopped.update(state=Job.State.WAITING, started_at=None):
        return False
    caches["progress"].delete_many([heartbeat_key(job), progress_key(job)])
    enqueue(job)
    return True


class ProgressCounter:
    """Called after each claim; publishes the count at most once a second."""

    def __init__(self, job):
        self.key, self.done, self.published_at = progress_key(job), 0, 0.0

    def __call__(self, step=1):
        self.done += step
        now = time.monotonic()
        if now - self.published_at >= PROGRESS_EVERY_SECONDS:
            self.publish()
            self.published_at = now

    def publish(self):
        caches["progress"].set(self.key, self.done, PROGRESS_KEPT_SECONDS)


def enqueue(job):
    """Queue the job once the transaction that made it commits, and remember its task."""

    def queue():
        result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(queue)
    return job


def check_import(user, upload):
    """A dry run of an uploaded file: the preview an editor confirms, or every error."""
    total = estimated_claims(bytes(upload.data), upload.name)
    job = Job.objects.create(
        kind=Job.Kind.CHECK, name=upload.name, started_by=user, upload=upload, total=total
    )
    return enqueue(job)


def import_checked(check, user):
    """The import an editor confirmed after a check; refused if the file has gone.

    Returns the import job (the same one if it was already confirmed), or None.
    """
    if check.kind != Job.Kind.CHECK or check.state != Job.State.DONE or check.upload is None:
        return None
    already = Job.objects.filter(kind=Job.Kind.IMPORT, upload=check.upload).first()
    if already:
        return already
    job = Job.objects.create(
        kind=Job.Kind.IMPORT,
        name=check.name,
        started_by=user,
        upload=check.upload,
        total=check.total,
    )
    return enqueue(job)


def export_query(filterset):
    """The query string of the filters in `filterset` that select anything.

    Parameters no filter reads (`?utm_source=`, a page number), blank ones and their order make
    no other export, so asking again with any of them shares the file already made.
    """
    read = {
        name + suffix
        for name, field in filterset.form.fields.items()
        for suffix in getattr(field.widget, "widgets_names", [""])
    }
    query = QueryDict(mutable=True)
    for key in sorted(read & set(filterset.data)):
        values = [value for value in filterset.data.getlist(key) if value.strip()]
        if values:
            query.setlist(key, values)
    return query


def export_key(query, format, user):
    """The same filters in the same format over the same data, for the same audience (what
    staff may see is never handed to the public), give the same file."""
    made_for = f"{format}?{query.urlencode()}@{data_stamp()}/{audience_of(user)}"
    return hashlib.sha256(made_for.encode()).hexdigest()


class TooManyExports(Exception):
    """Every place for a background export is taken; the visitor is asked to come back."""


def export_job(filterset, format, user=None):
    """An export of the claims that the claim browser's valid `filterset` selects, of those
    `user` (the public when None) may see: the worker reads them as that user.

    One that has already been asked for, of the same data, is shared rather than made again.
    No more than EXPORTS_AT_ONCE different exports wait or run at a time, so visitors asking
    for many different filters cannot fill the queue and the disk: past that, TooManyExports.
    """
    Job.objects.prune_exports()
    query = export_query(filterset)
    key = export_key(query, format, user)
    existing = Job.objects.filter(kind=Job.Kind.EXPORT, export_key=key).exclude(
        state=Job.State.FAILED
    )
    if job := existing.first():
        return job
    unfinished = Job.objects.filter(
        kind=Job.Kind.EXPORT, state__in=[Job.State.WAITING, Job.State.RUNNING]
    )
    if unfinished.count() >= settings.EXPORTS_AT_ONCE:
        raise TooManyExports
    job = Job.objects.create(
        kind=Job.Kind.EXPORT,
        name=f"claims.{format}",
        started_by=user if user and user.is_authenticated else None,
        export_query=query.urlencode(),
        export_format=format,
        export_key=key,
    )
    return enqueue(job)


def fetch_article(url, user):
    """The desk's article read from its address: the worker fetches and reads the page, which
    can take longer than a request should wait (desk/fetching.py)."""
    job = Job.objects.create(
        kind=Job.Kind.FETCH, name=url[:255], started_by=user, report={"url": url}
    )
    return enqueue(job)


@task()
def run_job(job_id):
    job = Job.objects.get(pk=job_id)
    # Only a waiting job is taken, so a retry clicked twice, or a task queued twice, runs once.
    waiting = Job.objects.filter(pk=job.pk, state=Job.State.WAITING)
    if not waiting.update(state=Job.State.RUNNING, started_at=timezone.now()):
        return "skipped"
    try:
        with Heartbeat(job):
            result = RUNNERS[job.kind](job)
    except InvalidDocument as error:
        finish(job, Job.State.FAILED, errors=[list(pair) for pair in error.errors])
        return "failed"
    except Exception as error:
        # Translators: where an error was, on a job's page: in the job itself, not in its file.
        where = _("job")
        message = _("stopped by an error: %(error)s") % {"error": repr(error)}
        finish(job, Job.State.FAILED, errors=[[where, message]])
        raise
    finish(job, Job.State.DONE, **result)
    return "done"


def finish(job, state, **fields):
    Job.objects.filter(pk=job.pk).update(state=state, finished_at=timezone.now(), **fields)


def run_check(job):
    upload = job.upload
    if upload is None:
        message = _("the uploaded file is no longer here: upload it again")
        raise InvalidDocument([(job.name, message)])
    counter = ProgressCounter(job)
    report = import_data(
        bytes(upload.data), upload.name, dry_run=True, user=job.started_by, progress=counter
    )
    upload.versions = report.versions
    upload.save(update_fields=["versions"])
    counter.publish()
    return {"report": report.as_preview()}


def run_import(job):
    upload = job.upload
    if upload is None:
        message = _("the uploaded file is no longer here: upload it again")
        raise InvalidDocument([(job.name, message)])
    counter = ProgressCounter(job)
    try:
        report = import_data(
            bytes(upload.data),
            upload.name,
            f"Imported from {upload.name}",
            user=job.started_by,
            previewed_versions=upload.versions,
            progress=counter,
        )
    finally:
        upload.delete()
    counter.publish()
    return {"report": {"summary": report.summary(), "actions": report.actions()}}


def run_export(job):
    # Read as whoever asked (the public for a visitor, or once that account is gone).
    user = job.started_by or AnonymousUser()
    claims = Claim.objects.visible_to(user)
    filterset = ClaimFilter(QueryDict(job.export_query), queryset=claims, user=user)
    if not filterset.is_valid():
        raise InvalidDocument(
            [(name, " ".join(errors)) for name, errors in filterset.form.errors.items()]
        )
    claims = filterset.qs
    Job.objects.filter(pk=job.pk).update(total=claims.count())
    counter = ProgressCounter(job)
    with tempfile.TemporaryFile() as file:
        for chunk in export_claims(claims, job.export_format).chunks:
            data = chunk.encode()
            file.write(data)
            counter(len(data))
        counter.publish()
        file.seek(0)
        job.output.save(f"{job.public_id}.{job.export_format}", File(file), save=False)
    return {"output": job.output.name}


def run_fetch(job):
    url = job.report["url"]
    try:
        article = fetching.article_from(url, job.started_by)
    except fetching.Refused as refusal:
        # Failed with its reason, like a file that cannot be imported: nothing was written.
        raise InvalidDocument([(url, str(refusal))]) from refusal
    return {"report": {"url": url, "article": article.pk}}


RUNNERS = {
    Job.Kind.CHECK: run_check,
    Job.Kind.IMPORT: run_import,
    Job.Kind.EXPORT: run_export,
    Job.Kind.FETCH: run_fetch,
}
