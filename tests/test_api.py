"""The JSON API: what a CMS, a bot or a notebook reads and writes."""

import base64
import json
import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from claims.models import Claim, Source
from claims.roles import EDITORS, VIEWERS
from tests.factories import make_claim, make_event, make_figure, make_question, make_source

EVENT = "aleppo-december-2016"


def get(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content[:500]
    return response.json()


def test_events_list_their_counts(client, seeded):
    (event,) = get(client, "/api/events/")["results"]
    assert event["slug"] == EVENT
    assert event["questions"] == 18 and event["claims"] == 25
    assert event["page"] == f"http://testserver/events/{EVENT}/"


def test_an_event_says_how_many_questions_disagree(client, seeded):
    event = get(client, f"/api/events/{EVENT}/")
    assert event["verdicts"]["contested"] >= 1
    assert set(event["verdicts"]) == {"in_conflict", "contested", "agreed", "single_source"}


def test_the_comparison_gives_verdicts_figures_and_revisions(client, seeded):
    comparison = get(client, f"/api/events/{EVENT}/comparison/")
    rows = {row["question"]: row for row in comparison["questions"]}
    assert rows["safe-passage"]["verdict"] == "contested"
    assert rows["safe-passage"]["verdict_label"] == "Contested"
    fled = rows["civilians-fled-total"]
    (measure,) = fled["measures"]
    (observatory,) = measure["by_source"]
    assert observatory["source"] == "syrian-observatory-for-human-rights"
    assert observatory["latest"]["low"] == 130000
    assert observatory["latest"]["text"] == "about 130,000 people"
    cells = {cell["source"]: cell for cell in rows["safe-passage"]["cells"]}
    rebels = cells["aleppo-rebel-groups"]
    assert rebels["revised"] and [claim["stance"] for claim in rebels["claims"]] == [
        "affirms",
        "affirms",
    ]
    assert comparison["page"] == 1 and comparison["pages"] == 1


def test_claims_take_the_claim_browsers_filters(client, seeded):
    government = get(client, "/api/claims/?source_kind=government")["results"]
    assert government
    assert all(
        Source.objects.get(slug=claim["source"]).kind == "government" for claim in government
    )
    denied = get(client, "/api/claims/?stance=denies&q=deal")["results"]
    assert [claim["source"] for claim in denied] == ["russian-government"]


def test_a_bad_filter_value_is_a_400_naming_the_filter(client, seeded):
    errors = get(client, "/api/claims/?stance=maybe&event=no-such-event", status=400)
    assert "stance" in errors and "event" in errors
    assert "No event has the slug or title" in errors["event"][0]


def test_claims_page_by_cursor_newest_first(client, seeded):
    first = get(client, "/api/claims/?page_size=10")
    second = get(client, first["next"].removeprefix("http://testserver"))
    ids = [claim["id"] for claim in first["results"] + second["results"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 20


def test_html_in_a_summary_comes_back_as_the_same_text(client, db):
    claim = make_claim(summary='<script>alert("x")</script> & more')
    assert get(client, f"/api/claims/{claim.pk}/")["summary"] == claim.summary


@pytest.mark.parametrize(
    "url",
    ["/api/claims/", "/api/events/", "/api/sources/", "/api/questions/", "/api/articles/"],
)
def test_a_list_reads_the_same_number_of_queries_for_5_or_50_rows(
    client, db, url, django_assert_max_num_queries
):
    def add(count):
        event = make_event()
        question = make_question(event=event)
        for _ in range(count):
            make_figure(make_claim(question=question))

    add(5)
    # The claims' search runs under a statement timeout on PostgreSQL (SET LOCAL), and reads
    # each claim's corrections with one query more.
    most = 6 if url == "/api/claims/" else 5
    with django_assert_max_num_queries(most):
        get(client, url)
    for _ in range(9):
        add(5)
    with django_assert_max_num_queries(most):
        get(client, url)


def test_the_comparison_reads_a_fixed_number_of_queries(
    client, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        get(client, f"/api/events/{EVENT}/comparison/")


def test_reading_can_require_a_login_or_a_token(client, seeded, settings, django_user_model):
    settings.READ_REQUIRES_LOGIN = True
    refused = client.get("/api/claims/")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"
    reader = django_user_model.objects.create_user("reader", password="pw")
    token = Token.objects.create(user=reader)
    get(client, "/api/claims/", HTTP_AUTHORIZATION=f"Token {token.key}")


def document(*claims):
    return {
        "format": "claimtracker",
        "version": 1,
        "events": [
            {
                "slug": "event-42",
                "title": "Event 42",
                "questions": [
                    {"slug": "bridge", "text": "Was the bridge closed?", "kind": "statement"}
                ],
                "claims": list(claims),
            }
        ],
        "sources": [{"slug": "source-17", "name": "Source 17"}],
    }


CLAIM = {
    "slug": "bridge-closed",
    "question": "bridge",
    "source": "source-17",
    "stance": "affirms",
    "summary": "The bridge was closed.",
}


@pytest.fixture
def editor_token(db, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    return Token.objects.create(user=editor).key


def post(client, url, data, token, status):
    response = client.post(
        url, json.dumps(data), content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert response.status_code == status, response.content[:800]
    return response.json()


@pytest.fixture
def admin_token(db, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    return Token.objects.create(user=admin).key


def test_a_dry_run_says_what_it_would_change_and_writes_nothing(client, admin_token):
    report = post(client, "/api/imports/?dry_run=true", document(CLAIM), admin_token, 200)
    assert report["dry_run"] is True and report["changed_anything"] is True
    assert "Create 1 claim" in report["actions"]
    assert not Claim.objects.exists()
    report = post(client, "/api/imports/", document(CLAIM), admin_token, 200)
    assert Claim.objects.get().summary == "The bridge was closed."
    updated = {**CLAIM, "summary": "The bridge was closed on Monday."}
    report = post(client, "/api/imports/", document(updated), admin_token, 200)
    assert report["actions"][0] == "Update 1 claim"
    assert Claim.objects.get().summary == "The bridge was closed on Monday."


def test_an_import_with_errors_lists_them_all_and_writes_nothing(client, admin_token):
    broken = [{**CLAIM, "stance": "perhaps"}, {**CLAIM, "slug": "two", "source": "nobody"}]
    errors = post(client, "/api/imports/", document(*broken), admin_token, 400)["errors"]
    assert len(errors) == 2
    assert {error["where"] for error in errors} >= {"$.events[0].claims[0].stance"}
    assert not Claim.objects.exists() and not Source.objects.exists()


def test_an_import_takes_only_what_the_role_allows(client, editor_token):
    # Editors may create sources but not rename one: the whole document is refused.
    make_source(slug="source-17", name="Source 17")
    renamed = document(CLAIM)
    renamed["sources"][0]["name"] = "Source 17, renamed"
    errors = post(client, "/api/imports/", renamed, editor_token, 400)["errors"]
    assert any("does not allow you to change 1 source" in error["message"] for error in errors)
    assert not Claim.objects.exists()


def test_writing_needs_a_staff_token(client, seeded, django_user_model):
    assert client.post("/api/imports/", "{}", content_type="application/json").status_code == 401
    viewer = django_user_model.objects.create_user("viewer", password="pw")
    viewer.groups.add(Group.objects.get(name=VIEWERS))
    token = Token.objects.create(user=viewer).key
    post(client, "/api/imports/", document(CLAIM), token, 403)


def test_a_document_too_large_for_a_request_is_refused_with_the_way_round(
    client, admin_token, settings
):
    settings.IMPORT_IN_REQUEST_BYTES = 100
    errors = post(client, "/api/imports/", document(CLAIM), admin_token, 413)["errors"]
    assert "admin's import" in errors[0]["message"]


def test_the_openapi_document_and_its_page(client, seeded):
    schema = get(client, "/api/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert "/api/events/{slug}/comparison/" in schema["paths"]
    page = client.get("/api/").content.decode()
    assert "GET /api/claims/" in page and "POST /api/imports/" in page
    assert "Token &lt;key&gt;" in page


def test_the_api_page_shows_choices_as_a_list_and_punctuates_once(client, db):
    page = client.get("/api/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))

    assert "* `" not in page and "* <code>" not in page
    assert "<li><code>affirms</code> Affirms</li>" in page
    assert ".;" not in text and ".." not in text.replace("...", "")
    assert "401 A login or token is needed; 403 Not allowed to you;" in text


def test_the_question_list_can_be_narrowed_to_an_event(client, seeded):
    make_question(event=make_event(slug="other"), text="Another question?")
    questions = get(client, f"/api/questions/?event={EVENT}&page_size=100")["results"]
    assert len(questions) == 18 and {q["event"] for q in questions} == {EVENT}


def test_sources_are_named_by_slug_with_their_parent(client, db):
    parent = make_source(name="Ministry", slug="ministry")
    make_source(name="Ministry press office", slug="press-office", parent=parent)
    source = get(client, "/api/sources/press-office/")
    assert source["parent"] == "ministry"


def test_staff_make_their_own_token_and_a_new_one_replaces_it(client, django_user_model, db):
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(editor)
    assert "You have no API token yet" in client.get("/api/token/").content.decode()
    client.post("/api/token/")
    first = Token.objects.get(user=editor).key
    assert first in client.get("/api/token/").content.decode()
    client.post("/api/token/")
    second = Token.objects.get(user=editor).key
    assert second != first
    client.logout()
    assert client.get("/api/claims/", HTTP_AUTHORIZATION=f"Token {first}").status_code == 401
    assert client.get("/api/claims/", HTTP_AUTHORIZATION=f"Token {second}").status_code == 200


def test_the_token_page_dates_the_token_as_the_site_does(client, django_user_model, db):
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(editor)
    first = client.post("/api/token/", follow=True).content.decode()
    assert "Your API token is below." in first
    assert "the old one no longer works" not in first
    made = Token.objects.get(user=editor).created
    assert f"Made {made:%-d %b %Y, %H:%M}." in first
    assert ".." not in re.sub(r"<[^>]+>", "", first).replace("...", "")

    second = client.post("/api/token/", follow=True).content.decode()
    assert "the old one no longer works" in second


def test_the_token_page_is_for_staff_only(client, django_user_model, db):
    reader = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(reader)
    assert client.get("/api/token/")["Location"].startswith("/admin/login/")


LISTS = ["/api/claims/", "/api/questions/", "/api/events/", "/api/sources/", "/api/articles/"]


def cursor(raw):
    return base64.b64encode(raw.encode("utf-8", "surrogatepass")).decode("ascii")


BY_ID = ["/api/claims/", "/api/questions/"]
BY_SLUG = ["/api/events/", "/api/sources/", "/api/articles/"]
NOT_AN_ID = ["x", "-1", "1.5", "9" * 30, "1\x00", "١٢", "%00"]
NOT_A_SLUG = ["source-17\x00", "١٢", "a" * 1000, "\x1b[0m"]


@pytest.mark.parametrize(
    "url, position",
    [(url, p) for url in BY_ID for p in NOT_AN_ID]
    + [(url, p) for url in BY_SLUG for p in NOT_A_SLUG],
)
def test_a_crafted_cursor_position_is_a_400_saying_so(client, seeded, url, position):
    for raw in (f"p={position}", f"p={position}&r=1", f"o=2&p={position}"):
        errors = get(client, f"{url}?{urlencode({'cursor': cursor(raw)})}", status=400)
        assert errors["cursor"] == [
            "Not a cursor this API gave: follow the next or previous address."
        ]


@pytest.mark.parametrize("url", LISTS)
def test_a_cursor_that_is_not_base64_is_a_400(client, seeded, url):
    for value in ("cD14", "!!!", "o=-5", cursor("o=zz"), cursor("r=2&p=1"), "é"):
        response = client.get(url, {"cursor": value})
        assert response.status_code in (200, 400), (value, response.content[:300])


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(max_size=40))
def test_no_cursor_whatever_its_content_is_a_server_error(client, seeded, raw):
    for url in ("/api/claims/", "/api/sources/"):
        for value in (raw, cursor(raw), cursor(f"p={raw}")):
            response = client.get(url, {"cursor": value})
            assert response.status_code in (200, 400), (url, value, response.content[:300])


def test_half_a_surrogate_pair_in_an_import_is_a_400_naming_it(client, admin_token):
    body = json.dumps(document({**CLAIM, "summary": "Closed \udc00 on Monday."}))
    response = client.post(
        "/api/imports/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {admin_token}",
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["where"] == "$.events[0].claims[0].summary"
    assert "half of a surrogate pair" in error["message"]
    assert not Claim.objects.exists()
