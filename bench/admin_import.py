"""A large import through the admin, as an editor makes it, with the worker running it.

    python bench/admin_import.py --claims 100000 --database sqlite

exports N generated claims as interchange JSON, then, against an empty database served by
gunicorn (its default 30 s timeout) with `manage.py db_worker` beside it: logs in, uploads the
file on the admin's import page, follows the job's page until the check is done, confirms, and
follows it until the import is done, while a reader loads public pages. Every request's time is
kept: none may come near the timeout. Adds the figures to bench/results.json and rewrites
BENCHMARKS.md.
"""

import argparse
import http.cookiejar
import json
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from load import EXPORT_SCRIPT, reset_postgresql_database, wait_until_serving  # bench/load.py
from report import rewrite  # bench/report.py
from run import DATA, PYTHON, RESULTS, ROOT, database_url, environment, prepare

PORT = 8790
GUNICORN_TIMEOUT = 30
POLL_SECONDS = 2
GUNICORN_WORKERS = 2
READER_PATHS = ["/", "/claims/", "/sources/", "/events/event-1/"]


def target_url(database):
    if database == "sqlite":
        path = DATA / "admin-import-target.sqlite3"
        for leftover in DATA.glob("admin-import-target.sqlite3*"):
            leftover.unlink()
        return f"sqlite:///{path}"
    url = "postgres://postgres@127.0.0.1:5432/claimtracker_bench_admin_import"
    reset_postgresql_database(url)
    return url


def exported_file(claims):
    """The generated claims as interchange JSON, and how many it holds."""
    source = database_url("sqlite", claims)
    if not Path(source.removeprefix("sqlite:///")).exists():
        prepare(source, claims)
    exported = DATA / f"admin-import-{claims}.json"
    if not exported.exists():
        with exported.open("w") as out:
            subprocess.run([PYTHON, "-c", EXPORT_SCRIPT, "json"], cwd=ROOT,
                           env=environment(source), stdout=out, check=True)  # fmt: skip
    held = int(django(source, "from claims.models import Claim; print(Claim.objects.count())"))
    return exported, held


def django(url, code):
    script = (
        "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'claimtracker.settings');"
        "import django; django.setup();" + code
    )
    return subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=environment(url),
                          capture_output=True, text=True, check=True).stdout  # fmt: skip


class Browser:
    """An editor's browser: cookies, the CSRF token, and every request timed."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.requests = []  # (what, seconds, status)

    def csrf(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def open(self, what, path, data=None, headers=None):
        request = urllib.request.Request(
            f"http://127.0.0.1:{PORT}{path}", data=data, headers=headers or {}
        )
        if data is not None:
            request.add_header("Referer", f"http://127.0.0.1:{PORT}{path}")
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=GUNICORN_TIMEOUT + 30) as response:
                body, status, final = response.read().decode(), response.status, response.url
        except urllib.error.HTTPError as error:
            body, status, final = error.read().decode(), error.code, path
        self.requests.append((what, time.monotonic() - started, status))
        return body, final

    def post(self, what, path, fields):
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.csrf()}).encode()
        return self.open(what, path, data)

    def upload(self, path, file):
        boundary = uuid.uuid4().hex
        token = f'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{self.csrf()}'
        head = (
            f'Content-Disposition: form-data; name="file"; filename="{file.name}"\r\n'
            "Content-Type: application/json\r\n\r\n"
        )
        body = (
            f"--{boundary}\r\n{token}\r\n--{boundary}\r\n{head}".encode()
            + file.read_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.open("upload", path, body, headers)


def follow(browser, reader, job_path, what):
    """Reload the job's page (and a public page) until the job has finished."""
    while True:
        page, _ = browser.open(what, job_path)
        reader.open("public page", READER_PATHS[len(reader.requests) % len(READER_PATHS)])
        if "<strong>Done</strong>" in page or "<strong>Failed</strong>" in page:
            return page
        time.sleep(POLL_SECONDS)


def job_seconds(url):
    code = (
        "from claims.models import Job; import json;"
        "print(json.dumps({job.kind: round(job.took.total_seconds(), 1) "
        "for job in Job.objects.all()}))"
    )
    return json.loads(django(url, code))


def measure(claims, database):
    exported, held = exported_file(claims)
    url = target_url(database)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT,
                   env=environment(url), check=True)  # fmt: skip
    django(
        url,
        "from django.contrib.auth.models import User;"
        "User.objects.create_superuser('bench', 'bench@example.org', 'bench-password')",
    )
    settings = {"IMPORT_MAX_MEGABYTES": "1000", "MEDIA_ROOT": str(DATA / "media"),
                "JOB_PROGRESS_DIR": str(DATA / "progress")}  # fmt: skip
    log = (DATA / "admin-import-servers.log").open("w")  # server errors, with tracebacks
    web = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "claimtracker.wsgi", "--workers", str(GUNICORN_WORKERS),
         "--timeout", str(GUNICORN_TIMEOUT), "--bind", f"127.0.0.1:{PORT}",
         "--log-level", "warning"],
        cwd=ROOT, env=environment(url, **settings), stderr=log,
    )  # fmt: skip
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.5", "-v0"],
        cwd=ROOT, env=environment(url, **settings), stderr=log,
    )  # fmt: skip
    try:
        wait_until_serving(PORT)
        editor, reader = Browser(), Browser()
        editor.open("login page", "/admin/login/")
        editor.post("log in", "/admin/login/?next=/admin/",
                    {"username": "bench", "password": "bench-password"})  # fmt: skip
        editor.open("import page", "/admin/claims/claim/import/")
        started = time.monotonic()
        _, job_url = editor.upload("/admin/claims/claim/import/", exported)
        job_path = urllib.parse.urlparse(job_url).path
        checked = follow(editor, reader, job_path, "job page")
        assert "Confirm import" in checked, checked[-2000:]
        _, import_url = editor.post("confirm", job_path, {"confirm": "1"})
        import_path = urllib.parse.urlparse(import_url).path
        done = follow(editor, reader, import_path, "job page")
        total_seconds = time.monotonic() - started
        assert "Imported" in done, done[-2000:]
    finally:
        web.terminate()
        worker.terminate()
        web.wait()
        worker.wait()
    imported = int(django(url, "from claims.models import Claim; print(Claim.objects.count())"))
    every = editor.requests + reader.requests
    public = [seconds for what, seconds, _ in reader.requests]
    # A public page may be 404 before the import has created its event; an editor's request
    # and any server error count as failures.
    failed = [
        (what, status)
        for what, _, status in every
        if status >= 500 or (what != "public page" and status >= 400)
    ]
    return {
        "database": database,
        "claims_in_file": held,
        "claims_imported": imported,
        "file_megabytes": round(exported.stat().st_size / 1e6, 1),
        "upload_request_s": round(next(s for what, s, _ in editor.requests if what == "upload"), 2),
        "check_s": job_seconds(url).get("check"),
        "import_s": job_seconds(url).get("import"),
        "upload_to_imported_s": round(total_seconds, 1),
        "requests": len(every),
        "slowest_request_s": round(max(seconds for _, seconds, _ in every), 2),
        "failed_requests": len(failed),
        "failures": [f"{what}: {status}" for what, status in failed],
        "public_page_median_ms": round(statistics.median(public) * 1000, 1),
        "public_page_max_ms": round(max(public) * 1000, 1),
        "gunicorn_timeout_s": GUNICORN_TIMEOUT,
        "gunicorn_workers": GUNICORN_WORKERS,
        "poll_seconds": POLL_SECONDS,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    arguments = parser.parse_args()
    measured = measure(arguments.claims, arguments.database)
    print(json.dumps(measured, indent=1))
    results = json.loads(RESULTS.read_text())
    results.setdefault("admin_imports", {})[arguments.database] = measured
    # One run per database, each adding its row: the command names the database as DB.
    results["admin_import_command"] = (
        f"python bench/admin_import.py --claims {arguments.claims} --database DB"
    )
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    rewrite(ROOT / "BENCHMARKS.md", results)


if __name__ == "__main__":
    sys.exit(main())
