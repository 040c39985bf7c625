"""The claim page: the claim, its figures, citation, place in the comparison and history."""

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.defaultfilters import date
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from rest_framework.authtoken.models import Token

from claims.comparison import source_standings
from claims.models import Claim, Source
from claims.templatetags.claims_extras import moment_text
from tests.factories import make_article, make_claim, make_figure, make_question, make_source

pytestmark = pytest.mark.django_db


def claim_page(client, claim):
    response = client.get(reverse("claims:claim-detail", args=[claim.pk]))
    assert response.status_code == 200
    return response


def test_shows_the_claim_with_figure_speaker_and_citation(client, seeded):
    claim = Claim.objects.get(slug="sohr-civilians-killed-east")
    page = claim_page(client, claim).content.decode()
    assert "at least 413 people" in page
    assert "since 15 November" in page
    # The article's missing outlet and address go unsaid.
    assert "outlet unknown" not in page and "URL unknown" not in page
    assert "has reached its end" in page and "its text here" in page
    assert "this source's figure: <strong>Only source</strong>" in page
    assert 'href="/sources/syrian-observatory-for-human-rights/"' in page


def test_the_profile_says_who_said_it_through_whom_and_when_as_text(client):
    article = make_article(title="Report", notes="Filed <b>late</b>")
    claim = make_claim(
        speaker_name="A <i>spokesman</i>",
        speaker_role="unnamed",
        via="told <script>reporters</script>",
        stated_when="in the evening",
        article=article,
    )
    page = claim_page(client, claim).content.decode()
    assert "<dt>Speaker</dt><dd>A &lt;i&gt;spokesman&lt;/i&gt;, unnamed</dd>" in page
    assert "<dt>Reported</dt><dd>told &lt;script&gt;reporters&lt;/script&gt;</dd>" in page
    assert "<dt>Said</dt><dd>Date not recorded, in the evening</dd>" in page
    assert "<dt>About the article</dt><dd>Filed &lt;b&gt;late&lt;/b&gt;</dd>" in page


@pytest.mark.parametrize(
    ("language", "kind", "shown"),
    [
        ("en", Source.Kind.GOVERNMENT, "(government)"),
        ("en", Source.Kind.ARMED_GROUP, "(armed group)"),
        ("ar", Source.Kind.GOVERNMENT, "(حكومة)"),
    ],
)
def test_the_profile_names_the_sources_kind_in_the_readers_language(client, language, kind, shown):
    claim = make_claim(source=make_source(name="Ministry <b>of</b> Truth", kind=kind))
    page = client.get(claim.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    profile = page[page.index('<dl class="profile">') :]
    source = profile[: profile.index("</dd>")]
    assert "Ministry &lt;b&gt;of&lt;/b&gt; Truth" in source
    assert source.endswith(f"</a> {shown}")


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("zone", ["UTC", "Asia/Damascus", "America/New_York"])
@pytest.mark.parametrize(
    "moment",
    [
        datetime(2016, 12, 13, 9, 5, tzinfo=UTC),
        datetime(2016, 12, 31, 23, 59, tzinfo=UTC),  # another day and year east of UTC
        datetime(2017, 3, 12, 6, 30, tzinfo=UTC),  # New York's clocks go forward
        datetime(2020, 2, 1, 0, 0, tzinfo=UTC),  # the previous day west of UTC
    ],
)
def test_a_historys_moments_read_as_djangos_date_writes_them(language, zone, moment):
    with translation.override(language), timezone.override(zone):
        expected = escape(date(timezone.localtime(moment), "j M Y, H:i"))
        assert moment_text(moment) == expected


def test_the_history_says_when_in_the_readers_language(client, db):
    claim = make_claim()
    claim.history.update(history_date=datetime(2016, 12, 13, 9, 5, tzinfo=UTC))
    english = claim_page(client, claim).content.decode()
    assert "<td>13 Dec 2016, 09:05</td>" in english
    arabic = client.get(claim.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    with translation.override("ar"):
        month = escape(date(datetime(2016, 12, 13), "M"))
    assert month != "Dec"
    assert f"<td>13 {month} 2016, 09:05</td>" in arabic


def test_shows_where_it_stands_in_the_comparison(client, seeded):
    claim = Claim.objects.get(slug="moscow-denies-safe-passage-deal")
    response = claim_page(client, claim)
    assert response.context["row"].verdict == "contested"
    page = response.content.decode()
    assert "Contested" in page
    assert "Rebel groups in Aleppo" in page  # the other side of the contest


def test_each_claims_standing_is_the_one_its_sources_page_finds(client, db):
    question = make_question(unit="people", counted="dead")
    claims = [make_claim(question=question) for _ in range(3)]
    for claim, low in zip(claims, [100, 250, 400], strict=True):
        make_figure(claim, counted="dead", low=low)
    make_figure(claims[0], unit="families", counted="displaced", low=30)  # its own measure
    shown = []
    for claim in claims:
        on_question = list(question.claims.prefetch_related("figures__measure"))
        for other in on_question:
            other.figure_list = list(other.figures.all())
        expected = [str(item.label) for item in source_standings(claim.source, on_question)]
        assert [str(label) for label in claim_page(client, claim).context["standing"]] == expected
        shown.append(expected)
    assert shown == [["Lowest", "Only source"], ["Within the others’ range"], ["Highest"]]


def test_history_shows_who_changed_what(client, seeded, django_user_model):
    claim = Claim.objects.get(slug="moscow-denies-safe-passage-deal")
    claim.summary = "Denied any deal on safe passage."
    claim._change_reason = "Clearer wording"
    claim.save()
    page = claim_page(client, claim).content.decode()
    assert "<del>Denied any such deal.</del> → <ins>Denied any deal on safe passage.</ins>" in page
    assert "Clearer wording" in page
    assert "Loaded from aleppo-december-2016.json" in page


def test_figure_edit_appears_in_history(client, db):
    figure = make_figure(low=500)
    figure.low = 471
    figure.save()
    page = claim_page(client, figure.claim).content.decode()
    assert "<del>500.0000</del>" in page or "<del>500</del>" in page
    assert "Changed figure: 471 people" in page


def test_unknown_claim_is_not_found(client, db):
    assert client.get("/claims/999999/").status_code == 404


@pytest.mark.parametrize("number_of_others", [1, 30])
def test_claim_page_queries_do_not_grow(client, django_assert_max_num_queries, number_of_others):
    question = make_question()
    claim = make_claim(question=question)
    make_figure(claim, low=3)
    for _ in range(number_of_others):
        make_figure(make_claim(question=question), low=4)
    # The data stamp; the claim with its question's claims and their figures; the sources,
    # read once while the data is unchanged; the claim's history and its figures'.
    with django_assert_max_num_queries(5):
        page = claim_page(client, claim).content.decode()
    assert len(re.findall(r'<li><a href="/claims/\d+/">', page)) == number_of_others


def test_a_claim_that_never_had_a_figure_or_a_correction_is_spared_their_queries(
    client, django_assert_max_num_queries
):
    claim = make_claim()
    # The data stamp; the claim with its question's claims; the sources; its history.
    with django_assert_max_num_queries(4):
        page = claim_page(client, claim).content.decode()
    assert "Created" in page


def test_a_claims_deleted_figure_stays_in_its_history(client, db):
    figure = make_figure(low=500)
    figure.delete()
    page = claim_page(client, figure.claim).content.decode()
    assert "Deleted figure: 500 people" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL's")
def test_a_claim_page_read_again_runs_its_queries_prepared(client, seeded):
    claims = list(Claim.objects.order_by("id")[:8])
    for claim in claims:
        claim_page(client, claim)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "claims_historicalclaim"' in statement for statement in prepared)
    assert any('FROM "claims_claim"' in statement for statement in prepared)


def test_history_names_the_records_a_changed_link_pointed_at(client, seeded):
    claim = Claim.objects.get(slug="moscow-denies-safe-passage-deal")
    claim.source = Source.objects.get(slug="russian-defence-ministry")
    claim.save()
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "<del>Russian government</del> → <ins>Russian defence ministry</ins>" in page


def test_a_claim_made_from_its_article_shows_its_words_in_their_paragraph(client, seeded):
    claim = Claim.objects.get(slug="sohr-civilians-killed-west")
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "In its article" in page
    assert "<mark>The UK-based Observatory added that at least 413 civilians" in page
    assert (
        'href="/articles/human-rights-monitor-says-battle-for-aleppo-has-reached-its-end/"' in page
    )


def test_the_article_page_marks_every_claim_made_from_it(
    client, seeded, django_assert_max_num_queries
):
    url = "/articles/human-rights-monitor-says-battle-for-aleppo-has-reached-its-end/"
    with django_assert_max_num_queries(5):
        page = client.get(url).content.decode()
    assert page.count('<sup class="claim-refs">') >= 15
    terrifying = Claim.objects.get(slug="rebel-spokesman-fighters-retreating")
    assert (
        f'<mark>terrifying</mark><sup class="claim-refs"><a href="#claim-{terrifying.pk}"' in page
    )
    killed = Claim.objects.filter(slug__startswith="sohr-civilians-killed")
    both = ", ".join(f'<a href="#claim-{c.pk}"' for c in killed.order_by("id"))
    assert both.split(", ")[0] in page and both.split(", ")[1] in page
    assert page.count('<li id="claim-') == 25


def test_markup_in_an_article_text_is_shown_as_text(client, db):
    from tests.factories import make_article

    article = make_article(text='First <script>alert("x")</script> paragraph.\n\nSecond.')
    make_claim(article=article, text_start=0, text_end=5)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


# Staff names stay with staff -------------------------------------------------------------------

STAFF_NAME = "editor-zed"
IMPORTED = {
    "format": "claimtracker",
    "version": 1,
    "sources": [{"slug": "source-17", "name": "Source 17"}],
    "events": [
        {
            "slug": "event-42",
            "title": "Event 42",
            "questions": [
                {"slug": "bridge", "text": "Was the bridge closed?", "kind": "statement"}
            ],
            "claims": [
                {
                    "slug": "bridge-closed",
                    "question": "bridge",
                    "source": "source-17",
                    "stance": "affirms",
                    "summary": "The bridge was closed.",
                }
            ],
        }
    ],
}


def import_through_the_api(staff):
    token = Token.objects.create(user=staff.user)
    response = staff.client.post(
        "/api/imports/",
        json.dumps(IMPORTED),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 200, response.content[:800]


def import_in_the_admin(staff):
    url = reverse("admin:claims_claim_import")
    upload = SimpleUploadedFile("a.json", json.dumps(IMPORTED).encode())
    preview = staff.client.post(url, {"file": upload})
    confirmed = staff.client.post(url, {"confirm": "1", **preview.context["confirm_fields"]})
    assert confirmed.status_code == 302


@dataclass
class Staff:
    user: object
    client: Client


@pytest.fixture
def staff(db, django_user_model):
    user = django_user_model.objects.create_superuser(STAFF_NAME, "zed@example.org", "pw")
    client = Client()
    client.force_login(user)
    return Staff(user, client)


@pytest.mark.parametrize("import_claims", [import_through_the_api, import_in_the_admin])
def test_the_public_history_does_not_name_who_imported_a_claim(client, staff, import_claims):
    import_claims(staff)
    claim = Claim.objects.get(slug="bridge-closed")
    assert STAFF_NAME not in claim.history.get().history_change_reason

    public = claim_page(client, claim).content.decode()
    assert "Imported" in public and "an editor" in public
    assert STAFF_NAME not in public
    assert STAFF_NAME in claim_page(staff.client, claim).content.decode()


@pytest.mark.parametrize("importer_kept", [True, False], ids=["importer", "importer deleted"])
def test_a_reason_stored_with_the_importers_name_is_shown_without_it(client, staff, importer_kept):
    """Imports used to write their staff member's name into the reason."""
    claim = make_claim(summary="Counted 40")
    claim.summary = "Counted 41"
    claim._change_reason = f"Imported from a by file.json by {STAFF_NAME}"
    claim._history_user = staff.user
    claim.save()
    if not importer_kept:
        claim.history.update(history_user=None)

    public = claim_page(client, claim).content.decode()
    assert "Imported from a by file.json" in public
    assert STAFF_NAME not in public
    assert STAFF_NAME in claim_page(staff.client, claim).content.decode()


def test_an_editors_own_reason_is_shown_whole(client, db):
    claim = make_claim(summary="Counted 40")
    claim.summary = "Counted 41"
    claim._change_reason = "Figure corrected by Source 17"
    claim.save()
    assert "Figure corrected by Source 17" in claim_page(client, claim).content.decode()


def test_staff_get_a_link_to_edit_the_claim_and_readers_do_not(client, admin_client, db):
    claim = make_claim()
    edit = reverse("admin:claims_claim_change", args=[claim.pk])
    assert edit in admin_client.get(claim.get_absolute_url()).content.decode()
    assert edit not in client.get(claim.get_absolute_url()).content.decode()


def test_a_claim_edited_many_times_shows_its_latest_changes_and_says_older_are_left_out(
    client, db, monkeypatch
):
    monkeypatch.setattr("claims.history.VERSIONS_SHOWN", 3)
    claim = make_claim(summary="Counted 40")
    for count in range(41, 46):
        claim.summary = f"Counted {count}"
        claim.save()
    page = claim_page(client, claim).content.decode()
    # The oldest change shown still says what it changed, from the version before it.
    assert "<del>Counted 42</del> → <ins>Counted 43</ins>" in page
    assert "<del>Counted 44</del> → <ins>Counted 45</ins>" in page
    assert "<del>Counted 41</del>" not in page
    assert "Only the latest changes are shown." in page


def test_a_claim_with_few_versions_shows_them_all_without_a_note(client, db):
    claim = make_claim(summary="Counted 40")
    claim.summary = "Counted 41"
    claim.save()
    page = claim_page(client, claim).content.decode()
    assert "<del>Counted 40</del> → <ins>Counted 41</ins>" in page
    assert "Created claim" in page
    assert "Only the latest changes are shown." not in page


def test_a_figure_in_the_history_is_named_with_its_measure_read_with_it(
    client, db, django_assert_max_num_queries
):
    figure = make_figure(low=500)
    figure.low = 471
    figure.save()
    from claims.history import change_log

    with django_assert_max_num_queries(2):
        entries = list(change_log(figure.claim))
    assert "figure: 471 people" in [str(entry.subject) for entry in entries]
