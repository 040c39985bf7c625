"""Exports: CSV, interchange JSON, the standalone HTML page and schema.org markup."""

import csv
import gzip
import io
import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from claims.interchange import CSV_HEADERS as CSV_COLUMNS
from claims.interchange import import_data, load_document, parse_json, stream_document
from claims.models import Article, Claim, Event, Figure, Measure, Question, Source
from tests.factories import make_claim, make_figure, make_question

pytestmark = pytest.mark.django_db

EVENT = "/events/aleppo-december-2016/"


def content(response):
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def csv_table(text):
    assert text.startswith("\ufeff"), "a byte-order mark, so spreadsheets read UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_event_csv_has_the_analysts_columns_and_every_claim(client, seeded):
    response = client.get(EVENT + "export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="aleppo-december-2016.csv"' in response["Content-Disposition"]
    text = content(response)
    assert text[1:].splitlines()[0].split(",") == CSV_COLUMNS
    rows = csv_table(text)
    assert len(rows) == 25
    (killed,) = [row for row in rows if row["claim"] == "sohr-civilians-killed-east"]
    assert killed["source"] == "Syrian Observatory for Human Rights"
    assert (killed["qualifier"], killed["low"], killed["high"]) == ("at_least", "413", "")
    assert killed["period"] == "since 15 November"
    (fled,) = [row for row in rows if row["claim"] == "sohr-civilians-fled-24-hours"]
    assert (fled["low"], fled["high"]) == ("10000", "13000")


def test_a_claim_with_two_figures_is_two_rows(client, db):
    claim = make_claim(summary="Two counts")
    make_figure(claim, low=12, position=0)
    make_figure(claim, qualifier="between", low=30, high=40, position=1)
    rows = csv_table(content(client.get(f"/events/{claim.event.slug}/export.csv")))
    assert [(row["summary"], row["low"], row["high"]) for row in rows] == [
        ("Two counts", "12", ""),
        ("Two counts", "30", "40"),
    ]


FORMULAS = ["=HYPERLINK(1)", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
WIDE_OR_SPACED_FORMULAS = ["＝1+1", "＋1", "－2", "＠SUM(A1)", " =1+1", "  @x", "\u3000＝1", "\nx"]


@pytest.mark.parametrize("text", FORMULAS + WIDE_OR_SPACED_FORMULAS)
def test_csv_cells_cannot_run_as_formulas(client, db, text):
    claim = make_claim(question=make_question(kind="statement"), summary=text, speaker_name=text)
    (row,) = csv_table(content(client.get(f"/events/{claim.event.slug}/export.csv")))
    assert row["summary"] == "'" + text
    assert row["speaker"] == "'" + text


@pytest.mark.parametrize("text", [*FORMULAS, *WIDE_OR_SPACED_FORMULAS, "'quoted", "''", "'=x"])
def test_defused_and_apostrophe_cells_come_back_exactly(client, db, text):
    claim = make_claim(question=make_question(kind="statement"), summary=text, quote=text)
    data = content(client.get(f"/events/{claim.event.slug}/export.csv")).encode()
    claim.summary = claim.quote = "changed"
    claim.save()
    import_data(data, "round-trip.csv")
    claim.refresh_from_db()
    assert (claim.summary, claim.quote) == (text, text)


def test_claim_browser_exports_its_filter_result(client, seeded):
    rows = csv_table(content(client.get("/claims/export.csv", {"stance": "denies"})))
    assert {row["stance"] for row in rows} == {"denies"}
    assert len(rows) == 3
    document = json.loads(content(client.get("/claims/export.json", {"stance": "denies"})))
    assert len(document["events"][0]["claims"]) == 3


def test_bad_filter_on_export_is_a_clear_400(client, seeded):
    response = client.get("/claims/export.csv", {"stance": "maybe"})
    assert response.status_code == 400
    assert "Nothing exported: correct the filter first" in response.content.decode()


def test_exports_stream(client, seeded):
    for url in (EVENT + "export.csv", EVENT + "export.json", "/claims/export.csv"):
        assert isinstance(client.get(url), StreamingHttpResponse), url


def empty_the_database():
    for model in (Figure, Claim, Measure, Question, Event, Article):
        model.objects.all().delete()
    while Source.objects.exists():
        Source.objects.filter(children__isnull=True).delete()


def test_json_round_trip_is_byte_for_byte_stable(client, seeded):
    first = content(client.get(EVENT + "export.json"))
    empty_the_database()
    load_document(parse_json(first))
    second = content(client.get(EVENT + "export.json"))
    assert second == first
    assert json.loads(first)["version"] == 4


def test_round_trip_keeps_fractions_and_dates_exactly(db):
    claim = make_claim(stated_on="2024-02-29", summary="Ünïcode “quoted”")
    make_figure(claim, qualifier="between", low="2.5", high="97.25", unit="%")
    first = "".join(stream_document(Claim.objects.all()))
    empty_the_database()
    load_document(parse_json(first))
    assert "".join(stream_document(Claim.objects.all())) == first
    figure = Figure.objects.get()
    assert str(figure) == "2.5–97.25%"


def test_html_export_is_self_contained(client, seeded):
    response = client.get(EVENT + "export.html")
    assert 'filename="aleppo-december-2016.html"' in response["Content-Disposition"]
    page = content(response)
    assert "<style>" in page
    # Laid out as the page is: each question with the sources that answered it.
    assert '<ol class="by-question"' in page and "Not heard from (10): " in page
    assert not re.search(r"<link\b|<img\b|<script\s+src|@import|url\(", page)
    assert "Exported " in page and "http://testserver/events/aleppo-december-2016/" in page
    assert "at least 413 people" in page
    assert "Every claim in full" in page


def test_html_export_escapes_html_in_quotes(client, db):
    claim = make_claim(
        question=make_question(kind="statement"), quote='<img src=x onerror="alert(1)">'
    )
    page = content(client.get(f"/events/{claim.event.slug}/export.html"))
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_export_command_writes_what_the_page_serves(client, seeded, tmp_path):
    for extension in ("csv", "json"):
        output = tmp_path / f"aleppo.{extension}"
        call_command("export_event", "aleppo-december-2016", "--format", extension, "-o", output)
        served = content(client.get(EVENT + f"export.{extension}"))
        assert output.read_bytes().decode("utf-8") == served
    output = tmp_path / "aleppo.html"
    call_command("export_event", "aleppo-december-2016", "--format", "html", "-o", output)
    assert "End of the battle for Aleppo" in output.read_text(encoding="utf-8")


def json_ld_of(page):
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(block)


def test_claim_page_carries_schema_org_claim(client, seeded):
    claim = Claim.objects.get(slug="sohr-battle-ended")
    data = json_ld_of(content(client.get(claim.get_absolute_url())))
    (item,) = data["@graph"]
    assert data["@context"] == "https://schema.org"
    assert item["@type"] == "Claim"
    assert item["author"] == {
        "@type": "Person",
        "name": "Rami Abdulrahman",
        "affiliation": {"@type": "Organization", "name": "Syrian Observatory for Human Rights"},
    }
    assert item["appearance"]["headline"].startswith("Human rights monitor says")
    assert item["text"] == "has reached its end"


def test_comparison_page_carries_every_claim(client, seeded):
    data = json_ld_of(content(client.get(EVENT)))
    assert len(data["@graph"]) == 25


def test_json_ld_cannot_close_its_script_element(client, db):
    claim = make_claim(question=make_question(kind="statement"), quote="</script><b>x</b>")
    page = content(client.get(claim.get_absolute_url()))
    assert "</script><b>" not in page
    assert json_ld_of(page)["@graph"][0]["text"] == "</script><b>x</b>"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL writes its own CSV")
def test_postgresql_writes_the_csv_byte_for_byte_as_python_does(db):
    from claims.interchange.csv_format import postgresql_lines, python_lines

    texts = ['a "quoted", comma', "line\nbreak", "\rreturn", "=1+1", " ＝1", "'kept", "''"]
    texts.append("é ü 中")
    for number, text in enumerate(texts):
        claim = make_claim(summary=text, quote=text, speaker_name=text, slug=f"c-{number}")
        make_figure(claim, low="2.5000", period=text)
        make_figure(claim, qualifier="between", low=0, high="1234567890123456.1234", position=1)
    make_claim(question=make_question(kind="statement"), summary="No figures")
    claims = Claim.objects.all()
    assert "".join(postgresql_lines(claims)) == "".join(python_lines(claims))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL writes its own JSON")
def test_postgresql_writes_the_claims_json_byte_for_byte_as_python_does(db):
    from claims.interchange.json_format import postgresql_claim_texts, python_claim_texts

    texts = ['a "quoted" \\ backslash', "line\nbreak\r\t", "\x01\x1f\x7f", "é ü 中 \u2028"]
    texts += ["</script>", "😀 مرحبا", ""]
    for number, text in enumerate(texts):
        claim = make_claim(summary=text or "-", quote=text, speaker_name=text, slug=f"c-{number}")
        make_figure(claim, low="2.5000", period=text)
        make_figure(claim, qualifier="between", low=0, high="1234567890123456.1234", position=1)
        make_figure(claim, qualifier="at_most", low=None, high="-0.0001", position=2)
    make_claim(
        question=make_question(kind="statement"),
        summary="No figures",
        stated_on="0999-01-02",
        retracted_on="2017-01-02",
        retraction_reason="Wrong",
        text_start=0,
        text_end=12,
    )
    claims = Claim.objects.all()
    database = [(event, text) for event, texts in postgresql_claim_texts(claims) for text in texts]
    assert database == list(python_claim_texts(claims))


@pytest.mark.parametrize(
    "path", [EVENT + "export.csv", EVENT + "export.json", "/claims/export.csv"]
)
def test_an_export_asked_with_gzip_comes_gzipped_and_unpacks_to_the_same_file(client, seeded, path):
    plain = content(client.get(path))
    response = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    packed = b"".join(response.streaming_content)
    assert len(packed) < len(plain.encode("utf-8"))
    assert gzip.decompress(packed).decode("utf-8") == plain


def test_an_export_asked_without_gzip_comes_as_plain_text(client, seeded):
    response = client.get(EVENT + "export.csv")
    assert not response.has_header("Content-Encoding")
    assert content(response).startswith("\ufeff")


def test_the_json_export_reads_as_many_queries_for_nine_events_as_for_one(
    django_assert_max_num_queries,
):
    """Claims, their figures and every event's questions are read in one query each, not one
    per event or per batch of claims."""
    make_figure(make_figure().claim, low=200)  # one event, a claim with two figures
    with CaptureQueriesContext(connection) as for_one_event:
        one_event = parse_json("".join(stream_document(Claim.objects.all())))
    for _ in range(4):
        make_figure()  # each on a question of a new event
        make_claim(question=make_question(kind=Question.Kind.STATEMENT))
    with django_assert_max_num_queries(len(for_one_event)):
        nine_events = parse_json("".join(stream_document(Claim.objects.all())))
    assert len(one_event["events"]) == 1
    assert len(nine_events["events"]) == 9
    (claim,) = one_event["events"][0]["claims"]
    assert [str(figure["low"]) for figure in claim["figures"]] == ["100", "200"]
    assert sum(len(event["claims"]) for event in nine_events["events"]) == 9
