from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.interchange import InvalidDocument, estimated_claims, import_data


class ProgressBar:
    """A one-line progress bar on standard error, redrawn every `step` claims."""

    WIDTH = 30

    def __init__(self, stream, total, step=100):
        self.stream, self.total, self.step, self.done = stream, max(total, 1), step, 0

    def __call__(self):
        self.done += 1
        if self.done % self.step == 0 or self.done == self.total:
            filled = min(self.WIDTH, self.WIDTH * self.done // self.total)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {self.done:,}/{self.total:,} claims", ending="")
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import claims from interchange JSON or from CSV in the export's columns. "
        "All or nothing: any error is reported with its line or JSON path, and nothing is written."
    )
    # Django's system checks are of the site (its URLs, templates, admin), which an import does
    # not use; `manage.py check` and every server start run them. They were a tenth of the time
    # of importing 10,000 claims.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--quiet-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--user",
            help="Import as this user: their role must allow every change, and the history "
            "names them. Without it the import is the system's, like loading seeds.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Write nothing; list what the import would create, change or delete.",
        )

    def handle(self, *args, file, quiet_progress, dry_run, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        if user is not None:
            found = get_user_model().objects.filter(username=user, is_active=True).first()
            if found is None:
                raise CommandError(f"No active user {user!r}.")
            user = found
        data = path.read_bytes()
        progress = (
            None if quiet_progress else ProgressBar(self.stderr, estimated_claims(data, path.name))
        )
        try:
            reason = f"Imported from {path.name}"
            report = import_data(
                data, path.name, reason, progress=progress, dry_run=dry_run, user=user
            )
        except InvalidDocument as error:
            listing = "\n".join(f"  {where}: {message}" for where, message in error.errors)
            raise CommandError(
                f"{path.name} was not imported; nothing was written. "
                f"{len(error.errors)} problem{'s' if len(error.errors) != 1 else ''}:\n{listing}"
            ) from None
        finally:
            if progress:
                self.stderr.write("")
        if dry_run:
            self.stdout.write(f"{path.name} (dry run, nothing written): {report.summary()}")
            self.stdout.write(describe_changes(report))
        else:
            self.stdout.write(f"{path.name}: {report.summary()}")


def describe_changes(report):
    """Each record the import would touch, a line each, with its fields old → new."""
    lines = []
    for change in report.changes:
        lines.append(f"{change.action} {change.record} ({change.where})")
        lines.extend(f"    {name}: {old} → {new}" for name, old, new in change.fields)
    return "\n".join(lines)
