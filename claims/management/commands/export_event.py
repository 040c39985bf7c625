import sys

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from claims.models import Event
from publishing.exports import EVENT_FORMATS, export_event


class Command(BaseCommand):
    help = "Export one event's comparison as a standalone HTML page, CSV or interchange JSON."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The event's slug, e.g. aleppo-december-2016.")
        parser.add_argument("--format", choices=EVENT_FORMATS, default="html")
        parser.add_argument("-o", "--output", help="File to write; standard output if omitted.")
        parser.add_argument(
            "--include-retracted",
            action="store_true",
            help="Include retracted claims (marked as such); left out by default.",
        )
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL,
            help="The app's address, for links in the HTML page (default: SITE_URL).",
        )

    def handle(self, *args, slug, format, output, site_url, include_retracted, **options):
        # What the public may see: a file written here is the one the event's page offers.
        public = AnonymousUser()
        event = Event.objects.visible_to(public).filter(slug=slug).first()
        if event is None:
            raise CommandError(f"No event with the slug {slug!r}.")
        chunks = export_event(event, format, site_url, public, include_retracted).chunks
        if output:
            with open(output, "w", encoding="utf-8", newline="") as file:
                file.writelines(chunks)
            self.stderr.write(f"Wrote {output}")
        else:
            sys.stdout.writelines(chunks)
