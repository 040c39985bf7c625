"""Re-imports keep what a file does not carry: only a value that is present changes anything."""

import json

import pytest

from claims.interchange import import_data
from claims.models import Claim

pytestmark = pytest.mark.django_db

EVENT = "/events/aleppo-december-2016/"
MOSCOW = "moscow-denies-safe-passage-deal"


def download(client, url, **params):
    return b"".join(client.get(url, params).streaming_content)


def retract(slug=MOSCOW):
    claim = Claim.objects.get(slug=slug)
    claim.retracted_on = "2016-12-14"
    claim.retraction_reason = "The denial was misattributed."
    claim.save()
    return claim


def test_reimporting_an_earlier_csv_keeps_a_retraction(client, seeded):
    earlier = download(client, EVENT + "export.csv")
    retract()
    report = import_data(earlier, "aleppo.csv")
    claim = Claim.objects.get(slug=MOSCOW)
    assert claim.is_retracted
    assert claim.retraction_reason == "The denial was misattributed."
    assert not report.changed_anything


def test_reimporting_an_earlier_json_keeps_a_retraction(client, seeded):
    earlier = download(client, EVENT + "export.json")
    retract()
    report = import_data(earlier, "aleppo.json")
    assert Claim.objects.get(slug=MOSCOW).is_retracted
    assert not report.changed_anything


def test_a_key_left_out_of_a_json_claim_keeps_the_stored_value(client, seeded):
    document = json.loads(download(client, EVENT + "export.json"))
    (moscow,) = [c for c in document["events"][0]["claims"] if c["slug"] == MOSCOW]
    for key in ("quote", "speaker_name", "via", "stated_when", "article", "figures"):
        moscow.pop(key, None)
    moscow["summary"] = "Moscow denied any deal."
    before = Claim.objects.get(slug=MOSCOW)
    import_data(json.dumps(document).encode(), "partial.json")
    after = Claim.objects.get(slug=MOSCOW)
    assert after.summary == "Moscow denied any deal."
    assert (after.quote, after.speaker_name, after.via, after.stated_when, after.article_id) == (
        before.quote,
        before.speaker_name,
        before.via,
        before.stated_when,
        before.article_id,
    )


def test_a_column_left_out_of_a_csv_keeps_the_stored_value(seeded):
    claim = Claim.objects.get(slug=MOSCOW)
    row = f"aleppo-december-2016,{claim.question.slug},{MOSCOW},russian-government,Moscow denied."
    data = f"event,question,claim,source,summary\r\n{row}\r\n".encode()
    import_data(data, "partial.csv")
    after = Claim.objects.get(slug=MOSCOW)
    assert after.summary == "Moscow denied."
    assert (after.quote, after.via, after.article_id) == (claim.quote, claim.via, claim.article_id)
