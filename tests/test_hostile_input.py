"""Hostile input: shown as text everywhere, refused where it could run, never a server error."""

import csv
import io
import json
import string

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Article, Claim, Source
from tests.factories import make_article, make_claim, make_figure, make_question, make_source

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("owned")</script>'
IMAGE = '<img src=x onerror="alert(1)">'


@pytest.fixture
def hostile_claim(db):
    """A claim whose every text field, and its source's and article's, carries markup."""
    source = make_source(name=f"Source {SCRIPT}", affiliation=IMAGE, description=SCRIPT)
    article = make_article(
        title=f"Article {IMAGE}", outlet=SCRIPT, url="https://example.org/?q=<b>"
    )
    claim = make_claim(
        question=make_question(text=f"How many? {IMAGE}"),
        source=source,
        article=article,
        summary=f"Summary {SCRIPT}",
        quote=f"Quote {IMAGE}",
        speaker_name=SCRIPT,
        speaker_role=IMAGE,
        via=SCRIPT,
        stated_when=IMAGE,
    )
    make_figure(claim, unit=IMAGE, counted=SCRIPT, place=IMAGE, period=SCRIPT)
    return claim


def assert_no_live_markup(text):
    assert "<script>alert" not in text
    assert "<img src=x" not in text


def page_urls(claim):
    event = claim.question.event
    return [
        "/",
        event.get_absolute_url(),
        "/sources/",
        claim.source.get_absolute_url(),
        "/claims/",
        "/claims/?q=Summary",
        claim.get_absolute_url(),
    ]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_markup_shows_as_text_on_every_page(client, hostile_claim):
    for url in page_urls(hostile_claim):
        response = client.get(url)
        assert response.status_code == 200, url
        page = body(response)
        assert_no_live_markup(page)
    page = client.get(hostile_claim.get_absolute_url()).content.decode()
    assert "Summary &lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in page


def test_markup_shows_as_text_in_the_admin(client, hostile_claim, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.org", "x"))
    for url in (
        reverse("admin:claims_claim_changelist"),
        reverse("admin:claims_claim_change", args=[hostile_claim.pk]),
        reverse("admin:claims_source_changelist"),
        reverse("admin:claims_article_changelist"),
        reverse("admin:claims_claim_history", args=[hostile_claim.pk]),
    ):
        assert_no_live_markup(body(client.get(url)))


def test_markup_is_escaped_in_every_export(client, hostile_claim):
    event = hostile_claim.question.event.get_absolute_url()
    assert_no_live_markup(body(client.get(event + "export.html")))
    document = json.loads(body(client.get(event + "export.json")))
    assert document["events"][0]["claims"][0]["summary"] == f"Summary {SCRIPT}"
    exported_csv = body(client.get(event + "export.csv"))[1:]
    (row,) = csv.DictReader(io.StringIO(exported_csv))
    assert row["summary"] == f"Summary {SCRIPT}"  # plain text: nothing reads it as HTML


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/"],
)
def test_non_web_addresses_are_refused_by_form_and_database(db, address):
    source = Source(name="Source 3", slug="source-3", kind="media", website=address)
    with pytest.raises(ValidationError, match="Enter a web address"):
        source.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(name="Source 3", slug="source-3", website=address)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="Article 3", slug="article-3", url=address)


def test_admin_refuses_a_javascript_website(client, db, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.org", "x"))
    response = client.post(
        reverse("admin:claims_source_add"),
        {"name": "Source 4", "slug": "source-4", "kind": "media", "website": "javascript:alert(1)"},
    )
    assert "Enter a valid URL." in response.content.decode()
    assert not Source.objects.filter(slug="source-4").exists()


# CSRF and safe methods --------------------------------------------------------------------


def test_csrf_is_enforced_on_every_state_changing_request(hostile_claim, django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.org", "x"))
    before = Claim.history.count()
    for url, data in (
        (reverse("admin:claims_claim_add"), {"summary": "x"}),
        (reverse("admin:claims_claim_change", args=[hostile_claim.pk]), {"summary": "x"}),
        (reverse("admin:claims_claim_import"), {"confirm": "1"}),
        (reverse("admin:claims_source_add"), {"name": "x"}),
        (reverse("admin:logout"), {}),
    ):
        assert client.post(url, data).status_code == 403, url
    assert Claim.history.count() == before


def test_login_form_needs_its_csrf_token():
    assert Client(enforce_csrf_checks=True).post(reverse("admin:login"), {}).status_code == 403


def test_nothing_changes_data_on_get(client, hostile_claim, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.org", "x"))
    event = hostile_claim.question.event
    urls = page_urls(hostile_claim) + [
        event.get_absolute_url() + "export.html",
        event.get_absolute_url() + "export.csv",
        "/claims/export.json",
        reverse("admin:claims_claim_delete", args=[hostile_claim.pk]),
        reverse("admin:claims_figure_delete", args=[hostile_claim.figures.get().pk]),
        reverse("admin:claims_source_delete", args=[hostile_claim.source.pk]),
        reverse("admin:claims_claim_import") + "?confirm=1",
        reverse("admin:logout"),
    ]
    counts = [model.objects.count() for model in (Claim, Claim.history.model, Source)]
    for url in urls:
        client.get(url)
    assert [model.objects.count() for model in (Claim, Claim.history.model, Source)] == counts


# Fuzzing -------------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PARAMETERS = [
    "q", "event", "source", "source_kind", "kind", "stance", "stated_after", "stated_before",
    "has_figure", "retracted", "sort", "page", "sources", "questions",
]  # fmt: skip
text = st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["", "0", "-1", "99999999999999999999", "2024-02-30", "yes", "only", "-stated", "' OR 1=1 --"]
)
query = st.lists(st.tuples(st.sampled_from(PARAMETERS), text), max_size=6)
FUZZED_PATHS = [
    "/",
    "/events/aleppo-december-2016/",
    "/events/aleppo-december-2016/export.csv",
    "/sources/",
    "/sources/syrian-observatory-for-human-rights/",
    "/claims/",
    "/claims/export.json",
]


@pytest.mark.parametrize("path", FUZZED_PATHS)
@FUZZ
@given(params=query)
def test_fuzzed_query_strings_never_cause_a_server_error(client, seeded, path, params):
    response = client.get(path, params)
    assert response.status_code in (200, 400), (path, params)
    body(response)  # a streamed export must also finish without error


field_text = st.text(max_size=300) | st.sampled_from(["", "0", "-5", "1e309", "NaN", SCRIPT])


@FUZZ
@given(
    summary=field_text,
    stance=field_text,
    low=field_text,
    high=field_text,
    qualifier=st.sampled_from(["exact", "about", "at_least", "at_most", "between", "nonsense"]),
    stated_on=field_text,
    slug=field_text,
)
def test_fuzzed_claim_form_never_causes_a_server_error(
    admin_client, seeded, summary, stance, low, high, qualifier, stated_on, slug
):
    question = Claim.objects.get(slug="sohr-civilians-killed-east").question
    data = {
        "question": question.pk,
        "source": Source.objects.first().pk,
        "stance": stance,
        "summary": summary,
        "slug": slug,
        "stated_on": stated_on,
        "figures-TOTAL_FORMS": "1",
        "figures-INITIAL_FORMS": "0",
        "figures-0-qualifier": qualifier,
        "figures-0-low": low,
        "figures-0-high": high,
    }
    response = admin_client.post(reverse("admin:claims_claim_add"), data)
    assert response.status_code in (200, 302)


@FUZZ
@given(content=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_fuzzed_import_files_never_cause_a_server_error(admin_client, seeded, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    for name in ("upload.csv", "upload.json"):
        upload = SimpleUploadedFile(name, content)
        response = admin_client.post(reverse("admin:claims_claim_import"), {"file": upload})
        assert response.status_code == 200


def test_printable_query_of_every_character_is_handled(client, seeded):
    for character in string.printable:
        assert client.get("/claims/", {"q": character}).status_code == 200
