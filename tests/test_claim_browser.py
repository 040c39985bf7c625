"""The claim browser: every claim, filtered, sorted and paginated, all in the URL."""

import datetime
import json
import re
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from psycopg.errors import QueryCanceled

from claims.filters import ClaimFilter
from claims.models import Claim, Question
from claims.search import (
    SEARCH_PAGES_READ_AHEAD,
    gathered_from_index,
    is_timeout,
    newest_matches,
    search_claims,
    time_limit,
)
from tests.factories import (
    make_claim,
    make_event,
    make_figure,
    make_question,
    make_source,
    published_by_a_colleague,
)

pytestmark = pytest.mark.django_db


def count(client, **params):
    response = client.get("/claims/", params)
    assert response.status_code == 200
    return response.context["page"].paginator.count


def test_unfiltered_shows_every_claim_with_the_count(client, seeded):
    response = client.get("/claims/")
    assert response.context["page"].paginator.count == 25
    assert "25 claims match" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"event": "aleppo-december-2016"}, 25),
        ({"event": "end of the battle for aleppo"}, 25),
        ({"source": "russian-government"}, 3),
        ({"source_kind": "government"}, 7),
        ({"stance": "denies"}, 3),
        ({"stance": "no_comment"}, 2),
        ({"has_figure": "yes"}, 7),
        ({"kind": "statement"}, 18),
        ({"q": "Abdulrahman"}, 2),
        ({"q": "safe passage"}, 1),
        ({"q": "terrifying"}, 1),
        ({"source": "aleppo-rebel-groups", "stance": "affirms"}, 3),
    ],
)
def test_filters(client, seeded, params, expected):
    assert count(client, **params) == expected


def test_date_range(client, db):
    question = make_question(kind=Question.Kind.STATEMENT)
    make_claim(question=question, stated_on="2024-01-05")
    make_claim(question=question, stated_on="2024-02-05")
    make_claim(question=question)
    assert count(client, stated_after="2024-01-01", stated_before="2024-01-31") == 1
    assert count(client, stated_after="2024-01-01") == 2


def test_dates_are_typed_as_the_site_writes_them(client, db):
    question = make_question(kind=Question.Kind.STATEMENT)
    make_claim(question=question, stated_on="2024-01-05")
    make_claim(question=question, stated_on="2024-02-05")
    assert count(client, stated_after="1 Jan 2024", stated_before="31 January 2024") == 1
    page = client.get("/claims/", {"stated_after": "1 Jan 2024"}).content.decode()
    assert 'type="date"' not in page  # a browser's own box would show "mm/dd/yyyy"
    assert 'value="1 Jan 2024"' in page
    assert "Dates such as 17 Oct 2016 or 2016-10-17." in page


def test_the_filters_fold_away_until_one_is_set(client, db):
    unfiltered = client.get("/claims/").content.decode()
    filtered = client.get("/claims/", {"stance": "denies"}).content.decode()
    wrong = client.get("/claims/", {"stated_after": "31/31/2024"}).content.decode()

    assert '<details class="filters-fold">' in unfiltered
    assert '<details class="filters-fold" open>' in filtered
    assert '<details class="filters-fold" open>' in wrong
    assert "Enter a date such as 17 Oct 2016 or 2016-10-17." in wrong


@pytest.mark.parametrize(
    "params",
    [
        {"stance": "<script>"},
        {"source": "no-such-source"},
        {"stated_after": "yesterday"},
        {"has_figure": "perhaps"},
        {"sort": "password"},
        {"event": "x" * 300},
        {"event": "No Such Event"},
    ],
)
def test_bad_filter_values_are_form_errors(client, seeded, params):
    response = client.get("/claims/", params)
    assert response.status_code == 200
    assert (
        "No claims are shown until the marked filters are corrected." in response.content.decode()
    )
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize("page", ["0", "999", "abc"])
def test_out_of_range_page_is_still_a_page(client, seeded, page):
    assert client.get("/claims/", {"page": page}).status_code == 200


def test_sort_by_date_said_both_ways(client, db):
    question = make_question(kind=Question.Kind.STATEMENT)
    for day in (3, 1, 2):
        make_claim(question=question, stated_on=f"2024-01-0{day}")
    for sort, expected in (("stated", [1, 2, 3]), ("-stated", [3, 2, 1])):
        page = client.get("/claims/", {"sort": sort}).context["page"]
        assert [claim.stated_on.day for claim in page] == expected


def test_default_order_is_newest_entered_first(client, seeded):
    page = client.get("/claims/").context["page"]
    ids = [claim.pk for claim in page]
    assert ids == sorted(ids, reverse=True)


def test_large_results_stop_counting_and_paging_at_the_limit(client, db, monkeypatch):
    from claims import pagination

    monkeypatch.setattr(pagination, "MAX_ROWS", 50)
    question = make_question(kind=Question.Kind.STATEMENT)
    for _ in range(60):
        make_claim(question=question)
    response = client.get("/claims/", {"page": "last"})
    page = response.context["page"]
    assert page.paginator.truncated and page.paginator.count == 50
    assert page.number == 2  # the last page offered, not the last claim
    text = response.content.decode()
    assert "50+ claims match" in text and "Narrow the filters, or sort the other way round" in text


def test_pagination_keeps_the_filter(client, db):
    question = make_question()
    source = make_source()
    for _ in range(30):
        make_figure(make_claim(question=question, source=source), low=1)
    response = client.get("/claims/", {"has_figure": "yes"})
    assert "?has_figure=yes&amp;page=2" in response.content.decode()


@pytest.mark.parametrize("number_of_claims", [3, 40])
def test_claim_browser_queries_do_not_grow(client, django_assert_max_num_queries, number_of_claims):
    question = make_question()
    for _ in range(number_of_claims):
        make_figure(make_claim(question=question), low=1)
    # stamp; savepoint, release and (PostgreSQL) SET timeout for the search's time limit;
    # (PostgreSQL) the estimate of its matches and of the claims; its newest matches, the page,
    # figures; the source menu; facets: the sampled claims' questions, their sources, events
    with django_assert_max_num_queries(13):
        response = client.get("/claims/", {"has_figure": "yes", "q": "Claim"})
    assert response.context["page"].paginator.count == number_of_claims


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement timeout")
def test_a_search_that_runs_too_long_is_stopped(db):
    with pytest.raises(OperationalError) as raised, time_limit(50), connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(1)")
    assert is_timeout(raised.value)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL reads pages ahead")
def test_a_search_reads_its_matches_pages_ahead_only_while_it_runs(transactional_db):
    # Not inside a test's transaction: the setting lasts as long as the search's own.
    def reading_ahead():
        with connection.cursor() as cursor:
            cursor.execute("SHOW effective_io_concurrency")
            return cursor.fetchone()[0]

    before = reading_ahead()
    with time_limit():
        assert reading_ahead() == str(SEARCH_PAGES_READ_AHEAD)
    assert reading_ahead() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's kept plans")
def test_only_a_search_is_planned_afresh_for_its_values(client, transactional_db, monkeypatch):
    from claims import views

    make_claim(summary="Convoy halted", source=make_source(slug="planned-agency"))
    modes = []

    @contextmanager
    def watched(*args, **kwargs):
        with time_limit(*args, **kwargs), connection.cursor() as cursor:
            cursor.execute("SHOW plan_cache_mode")
            modes.append(cursor.fetchone()[0])
            yield

    monkeypatch.setattr(views, "time_limit", watched)
    assert client.get("/claims/", {"source": "planned-agency"}).status_code == 200
    assert client.get("/claims/", {"q": "convoy"}).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        (server,) = cursor.fetchone()
    assert modes == [server, "force_custom_plan"]


def test_a_stopped_search_says_so_and_is_not_a_server_error(client, seeded, monkeypatch):
    from claims import views

    def too_slow(request, queryset, **counted):
        error = OperationalError("canceling statement due to statement timeout")
        error.__cause__ = QueryCanceled("canceling statement due to statement timeout")
        raise error

    monkeypatch.setattr(views, "paginate", too_slow)
    response = client.get("/claims/", {"q": "anything"})
    assert response.status_code == 503
    assert "This search took too long and was stopped." in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the full-text index is PostgreSQL's")
def test_text_search_reads_the_full_text_index(seeded):
    found = search_claims(Claim.objects.order_by(), "safe passage")
    with connection.cursor() as cursor:
        # A table this small would be scanned whole; without scans, only the GIN index is left.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        sql, params = found.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "claim_search" in plan
    assert found.count() >= 1


def test_a_search_of_too_many_words_is_a_form_error_not_a_long_wait(client, seeded):
    words = " ".join(f"word{number}" for number in range(1100))
    response = client.get("/claims/", {"q": words})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Search for at most 10 words" in page or "at most 200 characters" in page
    ten = " ".join(["the"] * 10)
    assert client.get("/claims/", {"q": ten}).status_code == 200
    eleven = client.get("/claims/", {"q": " ".join(["a"] * 11)}).content.decode()
    assert "Search for at most 10 words" in eleven


def test_an_export_with_too_long_a_search_is_refused_before_it_starts(client, seeded):
    response = client.get("/claims/export.csv", {"q": " ".join(["the"] * 2000)})
    assert response.status_code == 400
    assert "Nothing exported" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own time limit")
def test_a_search_that_runs_too_long_is_stopped_on_sqlite_too(db):
    slow = (
        "WITH RECURSIVE counting(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counting "
        "WHERE n < 100000000) SELECT count(*) FROM counting"
    )
    with pytest.raises(OperationalError) as raised, time_limit(50), connection.cursor() as cursor:
        cursor.execute(slow)
    assert is_timeout(raised.value)


@pytest.mark.parametrize("word", ["Observatory", "observatory", "المرصد", "Обсерватория"])
def test_search_finds_whole_words_in_any_script(client, db, word):
    source = make_source(name="Source 17")
    make_claim(source=source, summary="The Observatory counted", quote="قال المرصد")
    make_claim(source=source, summary="Обсерватория сообщила")
    make_claim(source=source, summary="Nothing to see")
    response = client.get("/claims/", {"q": word})
    assert response.context["page"].paginator.count == 1


def test_search_follows_edits_and_deletions(client, db):
    claim = make_claim(summary="First wording")
    assert count(client, q="First") == 1
    claim.summary = "Second wording"
    claim.save()
    assert (count(client, q="First"), count(client, q="Second")) == (0, 1)
    claim.delete()
    assert count(client, q="Second") == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own full-text index")
def test_sqlite_search_reads_the_full_text_index(seeded):
    found = search_claims(Claim.objects.all(), "safe passage")
    sql, params = found.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "claims_claim_search VIRTUAL TABLE" in plan
    assert found.count() >= 1


def facet_values(response, title):
    """{label: (count, link)} of one facet of the claim browser."""
    facets = response.context["facets"]
    (facet,) = [facet for facet in facets.facets if facet.title == title]
    return {value.label: (value.count, value.url) for value in facet.values}


def test_facets_count_the_results_by_source_kind_and_stance(client, seeded):
    response = client.get("/claims/", {"event": "aleppo-december-2016"})
    kinds = facet_values(response, "Source kind")
    assert kinds["Government"][0] == 7  # as the source_kind=government filter finds
    assert kinds["Government"][1] == "?event=aleppo-december-2016&source_kind=government"
    stances = facet_values(response, "Stance")
    assert stances["Denies"][0] == 3
    sources = facet_values(response, "Sources")
    assert sources["Russian government"][0] == 3
    page = response.content.decode()
    assert "Among these claims" in page
    assert 'href="?event=aleppo-december-2016&amp;stance=denies"' in page


def test_a_facet_link_gives_as_many_claims_as_it_counts(client, seeded):
    response = client.get("/claims/", {"kind": "statement"})
    for label, (claims, url) in facet_values(response, "Stance").items():
        followed = client.get("/claims/" + url)
        assert followed.context["page"].paginator.count == claims, label


def test_a_facet_whose_filter_is_set_is_left_out_and_the_page_is_reset(client, seeded):
    response = client.get("/claims/", {"stance": "affirms", "page": "1"})
    titles = [facet.title for facet in response.context["facets"].facets]
    assert "Stance" not in titles and "Source kind" in titles
    for value in response.context["facets"].facets[0].values:
        assert "page=" not in value.url and "stance=affirms" in value.url


def test_facets_beyond_the_bound_count_a_sample_and_say_so(client, db, monkeypatch):
    monkeypatch.setattr("claims.pagination.MAX_ROWS", 4)
    monkeypatch.setattr("claims.facets.FACET_SAMPLE", 4)
    question = make_question(kind=Question.Kind.STATEMENT)
    for stance in ["affirms", "affirms", "affirms", "affirms", "denies", "denies"]:
        make_claim(question=question, stance=stance)
    response = client.get("/claims/")
    stances = facet_values(response, "Stance")
    assert sum(claims for claims, _ in stances.values()) == 4  # four of the six, no more
    assert stances.get("Affirms", (0,))[0] <= 4 and stances.get("Denies", (0,))[0] <= 2
    assert "Among 4 of these claims (counting every one would read them all)" in (
        response.content.decode()
    )


def test_facet_labels_with_html_are_shown_as_text(client, db):
    source = make_source(name="<b>Bold</b> agency")
    make_claim(source=source, question=make_question(kind=Question.Kind.STATEMENT))
    page = client.get("/claims/").content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; agency" in page and "<b>Bold</b>" not in page


def test_the_source_menu_shows_names_with_html_as_text_and_keeps_the_choice(client, db):
    make_source(name='<script>alert("x")</script> & Co', slug="hostile")
    make_source(name="Plain agency", slug="plain")
    page = client.get("/claims/", {"source": "hostile"}).content.decode()
    assert (
        '<option value="hostile" selected>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; '
        "&amp; Co</option>"
    ) in page
    assert '<option value="plain">Plain agency</option>' in page
    assert "<script>alert" not in page


def source_options(page):
    return re.findall(r'<option value="(source-menu-[^"]*)"', page)


def test_a_source_whose_claim_is_published_joins_the_kept_menu_on_the_next_page(
    client, transactional_db
):
    """Each write commits here, as on the site, so the menu is kept between pages while the
    data is unchanged, and read again once a write commits."""
    make_source(name="Known agency", slug="source-menu-known")
    waiting = make_claim(
        source=make_source(name="Newcomer agency", slug="source-menu-new"),
        state=Claim.State.IN_REVIEW,
    )
    assert source_options(client.get("/claims/").content.decode()) == ["source-menu-known"]
    assert source_options(client.get("/claims/").content.decode()) == ["source-menu-known"]
    published_by_a_colleague([waiting])
    page = client.get("/claims/", {"source": "source-menu-new"}).content.decode()
    assert source_options(page) == ["source-menu-known", "source-menu-new"]
    assert "Newcomer agency on" not in page and waiting.summary in page


def test_the_kept_source_menu_is_not_read_again_while_the_data_is_unchanged(
    client, transactional_db, django_assert_max_num_queries
):
    source = make_source(slug="source-menu-chosen")
    make_claim(source=source)
    client.get("/claims/", {"source": "source-menu-chosen"})
    # stamp; the time limit's transaction (begin, SET timeout on PostgreSQL, commit); the kept
    # counts, summed twice; the page's ids, its claims and their figures; the top events'
    # names: the menu, and the chosen source in it, come from the process
    with django_assert_max_num_queries(10 if connection.vendor == "postgresql" else 9):
        page = client.get("/claims/", {"source": "source-menu-chosen"}).content.decode()
    assert source_options(page) == ["source-menu-chosen"]


def test_the_chosen_source_is_checked_against_the_menu_it_was_picked_from(client, db):
    """One read of the menu offers the sources and checks the one chosen: a source the reader
    may not see is refused as one that does not exist."""
    make_claim(
        source=make_source(name="Hidden agency", slug="source-menu-hidden"),
        state=Claim.State.IN_REVIEW,
    )
    page = client.get("/claims/", {"source": "source-menu-hidden"}).content.decode()
    assert "Select a valid choice" in page
    assert source_options(page) == []


def test_a_search_orders_newest_first_and_exports_only_what_it_found(client, seeded):
    """The search joins the full-text index; inside the export's subqueries it must still
    select only the matching claims, with their own sources and articles."""
    response = client.get("/claims/", {"q": "Abdulrahman"})
    shown = [claim.pk for claim in response.context["page"]]
    assert len(shown) == 2 and shown == sorted(shown, reverse=True)
    document = json.loads(
        b"".join(client.get("/claims/export.json", {"q": "Abdulrahman"}).streaming_content)
    )
    claims = [claim for event in document["events"] for claim in event["claims"]]
    assert len(claims) == 2
    assert all("Abdulrahman" in claim["speaker_name"] for claim in claims)
    assert [source["slug"] for source in document["sources"]] == [
        "syrian-observatory-for-human-rights"
    ]
    rows = b"".join(client.get("/claims/export.csv", {"q": "Abdulrahman"}).streaming_content)
    assert rows.decode().count("Abdulrahman") >= 2 and len(rows.decode().splitlines()) == 3


def test_a_searchs_pages_by_number_and_by_its_links_agree(client, db, monkeypatch):
    monkeypatch.setattr("claims.pagination.PER_PAGE", 2)
    question = make_question(kind=Question.Kind.STATEMENT)
    for number in range(7):
        make_claim(question=question, summary=f"Curfew notice {number}")
    make_claim(question=question, summary="Nothing alike")
    first = client.get("/claims/", {"q": "curfew"})
    by_number = client.get("/claims/", {"q": "curfew", "page": "2"})
    link = re.search(r'href="([^"]*)" rel="next"', first.content.decode()).group(1)
    by_link = client.get("/claims/" + link.replace("&amp;", "&"))
    found = sorted(Claim.objects.filter(summary__startswith="Curfew").values_list("pk", flat=True))
    assert [claim.pk for claim in first.context["page"]] == found[::-1][:2]
    assert [c.pk for c in by_number.context["page"]] == [c.pk for c in by_link.context["page"]]
    assert [c.pk for c in by_link.context["page"]] == found[::-1][2:4]
    last = client.get("/claims/", {"q": "curfew", "page": "last"})
    assert [claim.pk for claim in last.context["page"]] == found[:1]
    back = re.search(r'href="([^"]*)" rel="prev"', by_link.content.decode()).group(1)
    back_page = client.get("/claims/" + back.replace("&amp;", "&")).context["page"]
    assert [claim.pk for claim in back_page] == found[::-1][:2]


def test_a_searchs_facets_count_its_newest_matches_and_say_when_they_are_a_sample(
    client, db, monkeypatch
):
    monkeypatch.setattr("claims.views.SEARCH_MATCHES_SHOWN", 4)
    monkeypatch.setattr("claims.facets.FACET_SAMPLE", 4)
    question = make_question(kind=Question.Kind.STATEMENT)
    for stance in ["denies", "denies", "affirms", "affirms", "affirms", "affirms"]:
        make_claim(question=question, stance=stance, summary="Convoy reached the city")
    make_claim(question=question, stance="denies", summary="Nothing alike")
    response = client.get("/claims/", {"q": "convoy"})
    stances = facet_values(response, "Stance")
    assert {label: claims for label, (claims, _) in stances.items()} == {"Affirms": 4}
    assert "Among 4 of these claims" in response.content.decode()
    few = client.get("/claims/", {"q": "convoy", "stance": "denies"})
    assert "Among 4 of these claims" not in few.content.decode()
    assert facet_values(few, "Question kind")["Statement (affirm or deny)"][0] == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner estimates")
def test_a_rare_words_newest_matches_are_gathered_from_the_index_in_the_same_order(db):
    question = make_question(kind=Question.Kind.STATEMENT)
    for number in range(40):
        make_claim(question=question, summary=f"Curfew notice {number}" if number % 10 else "Calm")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    claims = Claim.objects.order_by("-id")
    rare, common = search_claims(claims, "calm"), search_claims(claims, "notice")
    assert gathered_from_index(rare.values_list("pk"), 1000)
    assert not gathered_from_index(common.values_list("pk"), 1)
    walked = list(
        rare.values_list("pk", "source_id", "question__event_id", "question__kind", "stance")
    )
    assert newest_matches(rare, 3) == walked[:4]
    assert newest_matches(rare.order_by("id"), 3) == walked[::-1][:4]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="kept on PostgreSQL's claim rows")
def test_a_searchs_matches_read_their_event_and_kind_from_their_own_rows(db):
    question = make_question(kind=Question.Kind.STATEMENT)
    for number in range(5):
        make_claim(question=question, summary=f"Convoy {number}")
    with CaptureQueriesContext(connection) as captured:
        rows = newest_matches(search_claims(Claim.objects.order_by("-id"), "convoy"))
    assert {row[2:4] for row in rows} == {(question.event_id, "statement")}
    assert not [query for query in captured if "claims_question" in query["sql"]]


def test_a_searchs_facets_follow_its_claims_and_their_question_to_other_events(client, db):
    # (A question's kind cannot change under its claims: their stances hold them to it.)
    question = make_question(kind=Question.Kind.STATEMENT, event=make_event(title="Before"))
    for number in range(3):
        make_claim(question=question, summary=f"Convoy {number}")
    last = Claim.objects.order_by("-id").first()
    last.question = make_question(kind=Question.Kind.STATEMENT, event=make_event(title="Elsewhere"))
    last.save()
    question.event = make_event(title="After")
    question.save()

    facets = {
        facet.title: {value.label: value.count for value in facet.values}
        for facet in client.get("/claims/", {"q": "convoy"}).context["facets"].facets
    }
    assert facets["Events"] == {"After": 2, "Elsewhere": 1}
    assert facets["Question kind"] == {Question.Kind.STATEMENT.label: 3}


def test_a_search_for_a_word_in_every_claim_stops_counting_at_its_bound(client, db, monkeypatch):
    monkeypatch.setattr("claims.views.SEARCH_MATCHES_SHOWN", 3)
    question = make_question(kind=Question.Kind.STATEMENT)
    for number in range(5):
        make_claim(question=question, summary=f"Shelling reported {number}")
    page = client.get("/claims/", {"q": "shelling"}).content.decode()
    assert "3+ claims match" in page and "The pages show the first 3." in page


def test_each_reader_finds_only_the_events_and_sources_they_may_see_whoever_came_before(
    client, admin_client
):
    # The filter form's class is made once for all readers: what each may see is their own.
    unpublished = make_question(event=make_event(slug="not-yet-public"))
    hidden_source = make_source(slug="unheard", name="Unheard Monitor")
    make_claim(question=unpublished, source=hidden_source, state=Claim.State.DRAFT)
    make_claim()  # something public, so that the browser has claims

    for reader, sees in [(admin_client, True), (client, False), (admin_client, True)]:
        response = reader.get("/claims/", {"event": "not-yet-public"})
        form = response.context["filter"].form
        assert ("event" not in form.errors) is sees
        assert ("Unheard Monitor" in response.content.decode()) is sees
        menu = reader.get("/claims/", {"source": "unheard"}).context["filter"].form
        assert ("source" not in menu.errors) is sees


def test_a_fixed_menu_shows_each_readers_choice_in_their_language(db):
    # Fixed menus are drawn once per way they are asked for, then kept: each way is its own.
    for language, chosen in [("en", "affirms"), ("ar", "affirms"), ("en", "denies")]:
        with translation.override(language):
            form = ClaimFilter(QueryDict(f"stance={chosen}"), queryset=Claim.objects.all()).form
            menu = str(form["stance"])
        assert f'<option value="{chosen}" selected>' in menu
        assert menu.count(" selected") == 1
        assert ("Affirms" in menu) is (language == "en")


@pytest.mark.parametrize("order", ["stated", "-stated"])
def test_a_search_sorted_by_date_said_pages_its_matches_in_that_order(client, db, order):
    question = make_question(kind=Question.Kind.STATEMENT)
    said = [make_claim(question=question, summary=f"Convoy halted {day}") for day in range(30)]
    for day, claim in enumerate(said):
        Claim.objects.filter(pk=claim.pk).update(stated_on=datetime.date(2016, 12, 1 + day))
    make_claim(question=question, summary="Nothing about it")
    expected = [claim.summary for claim in said]
    if order.startswith("-"):
        expected.reverse()
    shown = []
    for page in ("1", "2"):
        response = client.get("/claims/", {"q": "convoy", "sort": order, "page": page})
        assert response.context["page"].paginator.count == 30
        shown += [claim.summary for claim in response.context["page"]]
    assert shown == expected
