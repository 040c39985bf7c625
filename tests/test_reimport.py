"""Re-imports keep what a file does not carry: only a value that is present changes anything."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

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


def test_dry_run_lists_each_field_it_would_change_and_writes_nothing(client, seeded, tmp_path):
    document = json.loads(download(client, EVENT + "export.json"))
    (moscow,) = [c for c in document["events"][0]["claims"] if c["slug"] == MOSCOW]
    moscow["summary"] = "Moscow denied any deal."
    moscow["stated_on"] = "2016-12-13"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document))
    out = io.StringIO()
    call_command("import_claims", str(path), "--dry-run", "--quiet-progress", stdout=out)
    listing = out.getvalue()
    assert "dry run, nothing written" in listing and "updated: 1 claim" in listing
    assert f"Update claim safe-passage/{MOSCOW}" in listing
    assert "summary: Denied any such deal. → Moscow denied any deal." in listing
    assert "stated_on: (empty) → 2016-12-13" in listing
    assert Claim.objects.get(slug=MOSCOW).summary == "Denied any such deal."


def test_admin_preview_lists_field_changes(admin_client, client, seeded):
    earlier = download(client, EVENT + "export.csv")
    claim = Claim.objects.get(slug=MOSCOW)
    claim.summary = "Edited after the export."
    claim.save()
    upload = SimpleUploadedFile("aleppo.csv", earlier)
    page = admin_client.post(reverse("admin:claims_claim_import"), {"file": upload})
    text = page.content.decode()
    assert f"claim safe-passage/{MOSCOW}" in text
    assert "<del>Edited after the export.</del> → <ins>Denied any such deal.</ins>" in text


def test_a_file_can_withdraw_a_retraction_only_by_saying_so(seeded):
    retract()
    claim = Claim.objects.get(slug=MOSCOW)
    data = (
        "event,question,claim,retracted on,retraction reason,withdraw retraction\r\n"
        f"aleppo-december-2016,{claim.question.slug},{MOSCOW},,,\r\n"
    ).encode()
    assert not import_data(data, "empty.csv").changed_anything
    assert Claim.objects.get(slug=MOSCOW).is_retracted
    data = data.replace(b",,,\r\n", b",,,yes\r\n")
    report = import_data(data, "withdraw.csv")
    assert report.updated["claims"] == 1
    assert not Claim.objects.get(slug=MOSCOW).is_retracted


def test_a_csv_sets_a_retraction_it_gives(seeded):
    claim = Claim.objects.get(slug=MOSCOW)
    data = (
        "event,question,claim,retracted on,retraction reason\r\n"
        f"aleppo-december-2016,{claim.question.slug},{MOSCOW},2016-12-15,Misattributed.\r\n"
    ).encode()
    import_data(data, "retract.csv")
    claim.refresh_from_db()
    assert (claim.retracted_on.isoformat(), claim.retraction_reason) == (
        "2016-12-15",
        "Misattributed.",
    )
