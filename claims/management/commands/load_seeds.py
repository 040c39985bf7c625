from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.interchange import InvalidDocument, load_seed_files


class Command(BaseCommand):
    help = "Load every seed file in seeds/. Safe to run again: unchanged data is left alone."

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=settings.SEEDS_DIR, help="Seed folder.")

    def handle(self, *args, directory, **options):
        try:
            results = load_seed_files(directory)
        except InvalidDocument as error:
            raise CommandError(f"Seed data not loaded, nothing written:\n{error}") from None
        if not results:
            raise CommandError(f"No seed files (*.json) in {directory}.")
        for path, report in results:
            self.stdout.write(f"{path.name}: {report.summary()}")
