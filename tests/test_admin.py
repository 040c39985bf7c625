"""The admin as a data editor uses it: lists, search, autocomplete, a claim with figures."""

from decimal import Decimal

import pytest
from django.contrib.admin import site
from django.contrib.auth.models import Group
from django.urls import reverse

from claims.models import Claim, Figure, Measure, Question
from claims.roles import EDITORS, ensure_roles
from tests.factories import (
    make_article,
    make_claim,
    make_event,
    make_figure,
    make_question,
    make_source,
)
from tests.rendered_forms import opened_change_form

pytestmark = pytest.mark.django_db

MODELS = ["source", "event", "question", "article", "claim", "figure"]


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def claim_form(question, source, figures=(), **fields):
    data = {
        "question": question.pk,
        "source": source.pk,
        "stance": "",
        "summary": "Source 1 says 12 people and 40 vehicles.",
        "quote": "",
        "speaker_name": "",
        "speaker_role": "spokesperson",
        "via": "told Example Radio",
        "stated_on": "",
        "stated_when": "",
        "article": "",
        "slug": "source-1-count",
        "figures-TOTAL_FORMS": str(len(figures)),
        "figures-INITIAL_FORMS": "0",
        "figures-MIN_NUM_FORMS": "0",
        "figures-MAX_NUM_FORMS": "1000",
    }
    for index, figure in enumerate(figures):
        for name in ["qualifier", "low", "high", "measure", "place", "period"]:
            data[f"figures-{index}-{name}"] = figure.get(name, "")
    data.update(fields)
    return data


@pytest.mark.parametrize("model", MODELS)
def test_every_list_loads_with_search(editor_client, seeded, model):
    url = reverse(f"admin:claims_{model}_changelist")
    assert editor_client.get(url).status_code == 200
    assert editor_client.get(url, {"q": "Aleppo"}).status_code == 200


def test_claim_list_shows_source_question_stance_and_figure(editor_client, seeded):
    page = editor_client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert "Russian defence ministry" in page
    assert "100,000 people" in page
    assert "How many civilians remain in eastern Aleppo?" in page
    assert "source kind" in page and "question kind" in page


def test_claim_list_filters_by_event_and_stance(editor_client, seeded):
    response = editor_client.get(
        reverse("admin:claims_claim_changelist"), {"stance__exact": "denies"}
    )
    assert response.context["cl"].result_count == 3


def test_add_claim_with_two_figures(editor_client, db):
    question = make_question(counted="people hurt")
    source = make_source()
    figures = [
        {"qualifier": "at_least", "low": "12", "measure": question.measures.get().pk},
        {"qualifier": "between", "low": "30", "high": "40"},  # the question's own measure
    ]
    response = editor_client.post(
        reverse("admin:claims_claim_add"), claim_form(question, source, figures)
    )
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    claim = Claim.objects.get(slug="source-1-count")
    assert [str(figure) for figure in claim.figures.order_by("id")] == [
        "at least 12 people",
        "30–40 people",
    ]
    assert {figure.counted for figure in claim.figures.all()} == {"people hurt"}


def test_bad_range_in_admin_is_refused_with_message(editor_client, db):
    figures = [{"qualifier": "between", "low": "500", "high": "400"}]
    response = editor_client.post(
        reverse("admin:claims_claim_add"), claim_form(make_question(), make_source(), figures)
    )
    assert response.status_code == 200
    assert "The high value (400) is below the low value (500)." in response.content.decode()
    assert not Claim.objects.exists() and not Figure.objects.exists()


def test_figures_on_statement_question_refused_in_admin(editor_client, db):
    question = make_question(kind=Question.Kind.STATEMENT, text="Did it rain?")
    figures = [{"qualifier": "exact", "low": "3"}]
    response = editor_client.post(
        reverse("admin:claims_claim_add"),
        claim_form(question, make_source(), figures, stance="affirms"),
    )
    assert response.status_code == 200
    assert "“Did it rain?” is a statement question" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_stance_sent_with_a_figure_question_is_not_kept(editor_client, db):
    """Picked on the new-claim page before the question, a stance leaves with the figure
    question chosen: such a claim takes none (Claim.clean still refuses one)."""
    response = editor_client.post(
        reverse("admin:claims_claim_add"),
        claim_form(make_question(), make_source(), stance="affirms"),
    )
    assert response.status_code == 302
    assert Claim.objects.get().stance == ""


def test_a_figure_claims_form_asks_for_no_stance(editor_client, db):
    figure_claim = make_claim(question=make_question())
    statement_claim = make_claim(
        question=make_question(kind=Question.Kind.STATEMENT), stance=Claim.Stance.AFFIRMS
    )

    figure_page = editor_client.get(reverse("admin:claims_claim_change", args=[figure_claim.pk]))
    statement_page = editor_client.get(
        reverse("admin:claims_claim_change", args=[statement_claim.pk])
    )

    assert '<select name="stance"' not in figure_page.content.decode()
    assert '<select name="stance"' in statement_page.content.decode()


def test_a_claim_moved_to_a_statement_question_is_asked_its_stance(editor_client, db):
    claim = make_claim(question=make_question())
    statement = make_question(kind=Question.Kind.STATEMENT, text="Did it rain?")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = opened_change_form(editor_client, url)

    data["question"] = statement.pk
    response = editor_client.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "needs a stance" in page
    assert '<select name="stance"' in page
    claim.refresh_from_db()
    assert claim.question.is_figure


def test_figures_show_as_written_without_stored_zeros(editor_client, db):
    claim = make_claim(question=make_question())
    make_figure(claim, low=Decimal("13000"), position=0)
    make_figure(claim, qualifier=Figure.Qualifier.ABOUT, low=Decimal("2.5"), position=1)

    response = editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))

    page = response.content.decode()
    assert 'name="figures-0-low" value="13000"' in page
    assert 'name="figures-1-low" value="2.5"' in page
    assert ".0000" not in page


@pytest.mark.parametrize(("typed", "stored"), [("13,000", 13000), ("1,250,000.5", 1250000.5)])
def test_a_figure_typed_with_thousands_commas_is_taken(editor_client, db, typed, stored):
    figures = [{"qualifier": "exact", "low": typed}]
    response = editor_client.post(
        reverse("admin:claims_claim_add"), claim_form(make_question(), make_source(), figures)
    )
    assert response.status_code == 302
    assert Figure.objects.get().low == Decimal(str(stored))


def test_a_decimal_comma_is_refused_not_misread(editor_client, db):
    figures = [{"qualifier": "exact", "low": "2,5"}]
    response = editor_client.post(
        reverse("admin:claims_claim_add"), claim_form(make_question(), make_source(), figures)
    )
    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()
    assert not Figure.objects.exists()


def test_a_new_claim_opens_with_no_blank_figure_rows(editor_client, db):
    response = editor_client.get(reverse("admin:claims_claim_add"))
    page = response.content.decode()
    assert 'name="figures-TOTAL_FORMS" value="0"' in page
    assert "Add another" in page or "add-row" in page


def test_an_editor_sees_only_the_claim_tables(client, db, django_user_model):
    ensure_roles()
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)

    page = client.get(reverse("admin:index")).content.decode()

    assert reverse("admin:claims_claim_changelist") in page
    for hidden in ["axes", "authtoken", "django_tasks_database", "auth/user"]:
        assert f"/admin/{hidden}/" not in page


def test_a_superuser_still_sees_the_lockout_token_and_task_tables(editor_client):
    page = editor_client.get(reverse("admin:index")).content.decode()
    for table in ["axes", "authtoken", "django_tasks_database"]:
        assert f"/admin/{table}/" in page


def test_question_autocomplete_finds_by_text(editor_client, seeded):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "claim", "field_name": "question", "term": "safe"},
    )
    texts = [result["text"] for result in response.json()["results"]]
    wanted = "End of the battle for Aleppo · 11. Were rebels offered safe passage out of Aleppo?"
    assert wanted in texts


@pytest.mark.parametrize("field_name", ["source", "article"])
def test_source_and_article_autocomplete(editor_client, db, field_name):
    make_source(name="Source 77")
    make_article(title="Article 77")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "claim", "field_name": field_name, "term": "77"},
    )
    assert len(response.json()["results"]) == 1


def test_claim_history_is_visible(editor_client, seeded):
    claim = Claim.objects.get(slug="moscow-denies-safe-passage-deal")
    claim.summary = "Denied any such deal (corrected)."
    claim.save()
    response = editor_client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Loaded from aleppo-december-2016.json" in page


def test_dates_are_taken_as_the_site_writes_them(editor_client, db):
    question = make_question(kind=Question.Kind.STATEMENT)
    data = claim_form(question, make_source(), [], stance="affirms", stated_on="17 Oct 2016")
    response = editor_client.post(reverse("admin:claims_claim_add"), data)
    assert response.status_code == 302
    assert Claim.objects.get().stated_on.isoformat() == "2016-10-17"


def test_at_most_takes_its_one_value_as_the_bound(editor_client, db):
    question = make_question()
    figures = [{"qualifier": "at_most", "low": "50"}]
    response = editor_client.post(
        reverse("admin:claims_claim_add"), claim_form(question, make_source(), figures)
    )
    assert response.status_code == 302
    assert str(Claim.objects.get().figures.get()) == "at most 50 people"


def test_figures_come_right_after_the_claims_text_and_slugs_only_on_request(editor_client, db):
    page = editor_client.get(reverse("admin:claims_claim_add")).content.decode()
    assert page.index("Summary") < page.index("figures-group") < page.index("Who said it")
    slug_section = page[page.index("Name in files and addresses") - 400 :]
    assert "collapse" in slug_section[:600] or "<details" in slug_section[:600]


@pytest.mark.parametrize(
    "model, field, existing, typed",
    [("source", "name", "Source 17", "source  17 "), ("event", "title", "Event 42", "Event 42.")],
)
def test_a_name_close_to_an_existing_one_is_warned_with_a_link(
    client, db, django_user_model, model, field, existing, typed
):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.org", "x"))
    record = make_source(name=existing) if model == "source" else make_event(title=existing)
    data = {field: typed, "slug": "another-slug", "kind": "media"}
    if model == "event":
        data.update({"questions-TOTAL_FORMS": "0", "questions-INITIAL_FORMS": "0"})
    url = reverse(f"admin:claims_{model}_add")
    page = client.post(url, data).content.decode()
    change_url = reverse(f"admin:claims_{model}_change", args=[record.pk])
    assert "Already here under a close name" in page and f'href="{change_url}"' in page
    assert client.post(url, {**data, "save_anyway": "on"}).status_code == 302


def test_questions_worded_alike_never_look_alike_in_a_list(db):
    event = make_event(title="Event 42")
    first = make_question(event=event, text="How many?", position=0)
    second = make_question(event=event, text="How many?", position=1)
    assert str(first) != str(second)
    assert str(second) == "Event 42 · 2. How many?"


# Inline rows, as the page renders them ------------------------------------------------------

INLINE_EDITS = {
    # inline model: (the record whose page shows it, its formset's prefix, field, new value)
    Question: ("event", "questions", "text", "How many, reworded?"),
    Measure: ("question", "measures", "counted", "vehicles"),
    Figure: ("claim", "figures", "low", "41"),
}


def test_every_inline_is_checked_below():
    inline_models = {
        inline.model for model_admin in site._registry.values() for inline in model_admin.inlines
    }
    assert inline_models == set(INLINE_EDITS)


@pytest.mark.parametrize("inline_model", list(INLINE_EDITS), ids=lambda model: model.__name__)
def test_a_row_edited_in_an_inline_saves_from_what_the_page_rendered(editor_client, inline_model):
    """The page's own fields posted back with one row's value changed: what a browser sends."""
    record_name, prefix, field, value = INLINE_EDITS[inline_model]
    claim = make_claim(question=make_question(text="How many?"), summary="Counted 40")
    make_figure(claim, low=40)
    records = {"event": claim.question.event, "question": claim.question, "claim": claim}
    record = records[record_name]
    row = getattr(record, prefix).get()
    url = reverse(f"admin:claims_{record_name}_change", args=[record.pk])
    data = opened_change_form(editor_client, url)
    assert f"{prefix}-0-loaded_version" in data

    data[f"{prefix}-0-{field}"] = value
    response = editor_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    stored = inline_model.objects.get(pk=row.pk)
    assert getattr(stored, field) == type(getattr(row, field))(value)  # 41 is Decimal("41")
    assert stored.version == row.version + 1


def test_a_claims_form_costs_the_same_queries_whatever_its_figures(
    editor_client, django_assert_max_num_queries
):
    claim = make_claim(question=make_question())
    for position in range(12):
        make_figure(claim, low=100 + position, position=position)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    editor_client.get(url)  # the session and the permissions, read once
    with django_assert_max_num_queries(24):
        response = editor_client.get(url)
    page = response.content.decode()
    assert page.count('class="inline-related') >= 12
    assert page.count(">The question&#x27;s own</option>") >= 12  # every row's menu, as before
