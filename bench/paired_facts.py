"""What bench/paired.py needs to know of a generated database, read once: printed as JSON.

Run with DATABASE_URL pointing at the database: the claims a reader's export of every claim
holds, the ordered COPY of the CSV's rows (PostgreSQL), the pages of the claim browser each
source has, published claims to ask for, the events timed and the words searched.
"""

import json
import math
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings")

import django  # noqa: E402
import psycopg  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from measure import event_of_about  # noqa: E402

from claims.filters import ClaimFilter  # noqa: E402
from claims.generator import BENCH_EVENT, vocabulary  # noqa: E402
from claims.interchange.schema import ROW_ORDER, WRITTEN_COLUMNS  # noqa: E402
from claims.models import Claim  # noqa: E402
from claims.pagination import PAGE_LIMIT, PER_PAGE  # noqa: E402

SAMPLE = 2000
WORDS = 40  # of the commonest and of the rarest


def exported_claims():
    """The claims `/claims/export.csv` without a filter gives a reader, as the view finds them."""
    request = RequestFactory().get("/claims/export.csv")
    request.user = AnonymousUser()
    claims = Claim.objects.visible_to(request.user)
    return ClaimFilter(QueryDict(), queryset=claims, request=request).qs


def ordered_copy_sql(claims):
    """COPY of the CSV's columns of the same claims, in the export's order, as the database
    writes CSV: the ceiling a CSV export over HTTP is compared with."""
    rows = claims.order_by(*ROW_ORDER).values_list(*[column.path for column in WRITTEN_COLUMNS])
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        select = psycopg.ClientCursor(cursor.connection).mogrify(sql, params)
    return f"COPY ({select}) TO STDOUT WITH CSV HEADER"


def main():
    claims = exported_claims()
    public = Claim.objects.visible_to(AnonymousUser())
    per_source = public.order_by().values_list("source__slug").annotate(claims=Count("id"))
    small_event, small_claims = event_of_about(45)
    words = vocabulary()
    facts = {
        "database": connection.vendor,
        "claims": Claim.objects.count(),
        "exported_claims": claims.count(),
        # A source's pages in the claim browser, as far as the browser goes (its page limit).
        "browser_pages": {
            slug: min(PAGE_LIMIT, math.ceil(count / PER_PAGE)) for slug, count in per_source
        },
        "per_page": PER_PAGE,
        "claim_ids": list(public.order_by("?").values_list("id", flat=True)[:SAMPLE]),
        "big_event": BENCH_EVENT,
        "small_event": small_event,
        "small_event_claims": small_claims,
        "words": {"common": words[:WORDS], "rare": words[-WORDS:]},
    }
    if connection.vendor == "postgresql":
        facts["copy_sql"] = ordered_copy_sql(claims)
    print(json.dumps(facts))


if __name__ == "__main__":
    main()
