import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from desk.extraction import suggest_claims
from desk.sources import known_sources


class Command(BaseCommand):
    help = (
        "Print the claims the desk would suggest for an article's text, as a JSON list: quote "
        "and its place, speaker, role, through whom, stance, source and figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The article's text, UTF-8.")
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            help="The article's date (YYYY-MM-DD), which the text's days are read against.",
        )
        parser.add_argument(
            "--language",
            default="en",
            help="The text's language as a BCP 47 tag (default en): other languages than "
            "English get no suggestions.",
        )

    def handle(self, *args, file, date, language, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not UTF-8 text.") from None
        try:
            sources = known_sources()
        except DatabaseError:
            # A text can be read with no database at all: no source is known then.
            self.stderr.write("No database to match sources against: none is known.")
            sources = []
        suggestions = suggest_claims(text, sources, reference_date=date, language=language)
        self.stdout.write(
            json.dumps([s.as_dict() for s in suggestions], indent=2, ensure_ascii=False)
        )
