import time

from django.core.management.base import BaseCommand

from claims.generator import generate


class Command(BaseCommand):
    help = "Fill the database with fictional claims (Source 17, Event 4211) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, required=True, help="Claims to reach in all.")
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, claims, seed, **options):
        started = time.monotonic()

        def progress(total):
            self.stderr.write(f"\r{total:,} claims", ending="")

        total = generate(claims, seed=seed, progress=progress)
        self.stderr.write("")
        self.stdout.write(f"{total:,} claims in the database ({time.monotonic() - started:.0f} s)")
