from django.core.management.base import BaseCommand

from claims.counts import recount_everything
from claims.models import ClaimCount


class Command(BaseCommand):
    help = (
        "Count the published claims again by source, event, question kind and stance, for the "
        "claim browser: after claims were written with SQL of one's own, around the app."
    )

    def handle(self, *args, **options):
        recount_everything()
        self.stdout.write(f"{ClaimCount.objects.count():,} counts written.")
