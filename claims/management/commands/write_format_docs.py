from django.core.management.base import BaseCommand

from claims.interchange.docs import DOCUMENT, write_document


class Command(BaseCommand):
    help = "Rewrite the tables of docs/interchange-format.md from the interchange schema."

    def handle(self, *args, **options):
        changed = write_document()
        self.stdout.write(f"{DOCUMENT.name}: {'rewritten' if changed else 'already current'}")
