"""The desk: an article pasted, its sentences turned into claims, saved together or not at all."""

from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from claims.models import Article, Claim, Event, Figure, Question, Source
from claims.roles import ADMINS, EDITORS, VIEWERS, ensure_roles
from tests.factories import published_by_a_colleague

pytestmark = pytest.mark.django_db

FLOODS = (Path(__file__).parent / "corpus" / "placeville-floods.txt").read_text()


def user_in(role, name="desk-user"):
    ensure_roles()
    user = User.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_desk():
    return user_in(ADMINS)


def paste(client, text=FLOODS, **fields):
    data = {"title": "Flood waters rise in Placeville", "outlet": "The Daily Example", "text": text}
    data["published_on"] = "9 Mar 2031"
    data.update(fields)
    response = client.post(reverse("desk:home"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def rows_as_posted(response):
    """The desk form's fields as the browser would post them, unchanged."""
    data = {}
    event_form = response.context["event_form"]
    if "token" in event_form.fields:  # the form's one-time token, a hidden field
        data["token"] = event_form["token"].value()
    rows = response.context["rows"]
    for name in rows.management_form.fields:
        data[rows.management_form.add_prefix(name)] = rows.management_form[name].value()
    for form in rows.forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


# What an editor types for the fictional flood report: a question for each claim (the same
# words for the two death tolls); the suggestions name every source and the minister's denial.
# "The dam held," he said repeats the denial the sentence before reports: left unticked.
TYPED = {
    "event": "Floods in Placeville",
    "claims-0-question": "How many people have died?",
    "claims-1-question": "How many residents were displaced?",
    "claims-2-question": "How many people have died?",
    "claims-3-question": "Did the dam fail?",
    "claims-4-keep": "",
    "claims-5-question": "How many people are missing?",
    "claims-6-question": "How many homes were damaged?",
}


def test_a_pasted_article_becomes_an_event_in_one_save(admin_desk):
    desk_url = paste(admin_desk)
    assert not Article.objects.exists()  # stored with its claims, in the same save
    opened = admin_desk.get(desk_url)
    page = opened.content.decode()
    assert "Alex Example" in page and "Placeville Relief Agency" in page
    data = {**rows_as_posted(opened), **TYPED, "save": "1"}
    response = admin_desk.post(desk_url, data)
    assert response.status_code == 302, response.context["event_form"].errors
    article = Article.objects.get()
    assert article.text == FLOODS.strip() and article.published_on.isoformat() == "2031-03-09"
    event = Event.objects.get(title="Floods in Placeville")
    assert response["Location"] == event.get_absolute_url()
    assert Claim.objects.count() == 6 and Figure.objects.count() == 5
    assert Source.objects.count() == 3
    died = event.questions.get(text="How many people have died?")
    assert died.measures.count() == 1  # both tolls on one measure: compared
    assert set(Claim.objects.values_list("state", flat=True)) == {Claim.State.IN_REVIEW}
    published_by_a_colleague()  # counted in the comparison once reviewed
    comparison = admin_desk.get(event.get_absolute_url()).content.decode()
    row = comparison[comparison.index(f'id="question-{died.slug}"') :]
    assert "In conflict" in row[: row.find('id="question-', 1)]  # its own question's mark
    minister = Claim.objects.get(speaker_name="Sam Sample", question=died)
    assert minister.via == "told Example Radio"
    assert minister.words_in_article.startswith("Northland's Interior Minister Sam Sample")
    dam = Claim.objects.get(question__text="Did the dam fail?")
    assert (dam.stance, dam.speaker_name) == ("denies", "Sam Sample")
    assert dam.words_in_article == "denied that the dam had failed."
    history = Claim.history.filter(id=dam.pk).earliest("history_id")
    assert history.history_change_reason.startswith("Entered at the desk")


def test_a_wrong_row_keeps_every_claim_out_and_says_where(admin_desk):
    desk_url = paste(admin_desk)
    opened = admin_desk.get(desk_url)
    data = {**rows_as_posted(opened), **TYPED, "save": "1", "claims-5-low": "lots"}
    response = admin_desk.post(desk_url, data)
    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()
    assert not Claim.objects.exists() and not Event.objects.exists()


def test_a_translation_without_its_quote_is_refused_on_its_row(admin_desk):
    desk_url = paste(admin_desk)
    opened = admin_desk.get(desk_url)
    data = {**rows_as_posted(opened), **TYPED, "save": "1"}
    data["claims-3-quote"] = ""
    data["claims-3-quote_translation"] = "The dam held."  # and no one named as translator
    response = admin_desk.post(desk_url, data)
    assert response.status_code == 200
    assert "Give the quote, in its own words, with its translation." in response.content.decode()
    assert not Claim.objects.exists()


def test_a_figure_that_counts_something_else_must_say_so(admin_desk):
    desk_url = paste(admin_desk)
    opened = admin_desk.get(desk_url)
    data = {**rows_as_posted(opened), **TYPED, "save": "1"}
    data["claims-6-question"] = "How many people have died?"  # 3,000 homes, on the death toll
    response = admin_desk.post(desk_url, data)
    assert "tick “counts something else”" in response.content.decode()
    assert not Claim.objects.exists()
    data["claims-6-other_measure"] = "on"
    assert admin_desk.post(desk_url, data).status_code == 302
    died = Event.objects.get().questions.get(text="How many people have died?")
    measures = [str(measure) for measure in died.measures.all()]
    assert measures == ["people died (people)", "homes damaged (buildings)"]


def test_a_sentence_passed_over_can_be_added_without_losing_what_was_typed(admin_desk):
    desk_url = paste(admin_desk, text=FLOODS + "\n\nRoads to the lower town were closed.")
    opened = admin_desk.get(desk_url)
    roads = len(opened.context["sentences"]) - 1
    assert opened.context["sentences"][roads][2] is None  # no suggestion for it
    data = {**rows_as_posted(opened), **TYPED, "add_sentence": str(roads)}
    response = admin_desk.post(desk_url, data)
    rows = response.context["rows"].forms
    assert len(rows) == 8
    assert rows[-1]["summary"].value() == "Roads to the lower town were closed."
    assert rows[0]["question"].value() == "How many people have died?"
    assert not Claim.objects.exists()


def test_the_headline_is_never_a_claim(admin_desk):
    desk_url = paste(admin_desk)
    opened = admin_desk.get(desk_url)
    headline = opened.context["sentences"][0]
    assert headline[1].text == "Flood waters rise in Placeville" and headline[2] is None
    assert 'name="add_sentence" value="0"' not in opened.content.decode()
    data = {**rows_as_posted(opened), **TYPED, "add_sentence": "0"}
    response = admin_desk.post(desk_url, data)
    assert "The headline is not a claim" in response.content.decode()
    assert len(response.context["rows"].forms) == 7


def test_a_role_that_cannot_create_events_or_sources_is_told_before_typing(db):
    ensure_roles()
    claims_only = Group.objects.create(name="Claims only")
    claims_only.permissions.set(
        Group.objects.get(name=EDITORS).permissions.exclude(
            codename__in=["add_event", "add_source"]
        )
    )
    user = User.objects.create_user("claims-only", password="x", is_staff=True)
    user.groups.add(claims_only)
    client = Client()
    client.force_login(user)
    Article.objects.create(slug="floods", title="Floods", text=FLOODS)
    desk_url = reverse("desk:article", args=["floods"])
    opened = client.get(desk_url)
    told = "Your role does not allow you to create events, create sources"
    assert told in opened.content.decode()
    response = client.post(desk_url, {**rows_as_posted(opened), **TYPED, "save": "1"})
    page = response.content.decode()
    assert "Your role does not allow you to create 1 event." in page
    assert "create 3 sources" in page
    assert not Claim.objects.exists()


def test_an_editor_enters_a_new_event_with_new_sources(db):
    editor = user_in(EDITORS, "editor")
    desk_url = paste(editor)
    opened = editor.get(desk_url)
    assert "Your role does not allow" not in opened.content.decode()
    response = editor.post(desk_url, {**rows_as_posted(opened), **TYPED, "save": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="Floods in Placeville")
    assert Claim.objects.filter(question__event=event).count() == 6
    assert Source.objects.count() == 3 and Article.objects.count() == 1


def test_a_role_that_cannot_store_articles_is_told_so_before_pasting(db):
    ensure_roles()
    no_articles = Group.objects.create(name="No articles")
    no_articles.permissions.set(
        Group.objects.get(name=EDITORS).permissions.exclude(codename="add_article")
    )
    user = User.objects.create_user("no-articles", password="x", is_staff=True)
    user.groups.add(no_articles)
    client = Client()
    client.force_login(user)
    page = client.get(reverse("desk:home")).content.decode()
    assert "Your role does not allow you to store articles" in page
    assert 'name="text"' not in page


def test_the_desk_is_staff_only_and_needs_the_right_to_add_claims(client, db):
    assert client.get(reverse("desk:home")).status_code == 302  # to the login
    viewer = user_in(VIEWERS, "viewer")
    assert viewer.get(reverse("desk:home")).status_code == 403


def test_words_already_made_into_a_claim_are_left_unticked(admin_desk, seeded):
    url = reverse(
        "desk:article", args=["human-rights-monitor-says-battle-for-aleppo-has-reached-its-end"]
    )
    rows = admin_desk.get(url).context["rows"].forms
    kept = [form["keep"].value() for form in rows]
    assert kept.count(False) >= 10 and True in kept


def long_report(size):
    """A fictional report of `size` characters: paragraphs of sentences, as pasted."""
    paragraphs, length, number = [], 0, 0
    while length < size:
        number += 1
        paragraph = (
            f"Source {number % 60} said at least {number % 900 + 2} people died in Town "
            f"{number % 50} since 15 November. Roads to the valley were closed on Monday. "
            f'"The bridge held," an official in Town {number % 40} told Example Radio.'
        )
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:size]


def test_a_megabyte_article_opens_at_the_desk_a_part_at_a_time(admin_desk):
    desk_url = paste(admin_desk, text=long_report(1_000_000))
    response = admin_desk.get(desk_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A long article is read a part at a time: part 1 of" in page
    assert "shows them 35 at a time" in page
    assert len(response.context["rows"].forms) == 35
    later = admin_desk.get(desk_url + "?part=3")
    assert later.status_code == 200 and "part 3 of" in later.content.decode()
    assert admin_desk.get(desk_url + "?part=999").status_code == 404


def test_a_figures_period_fills_the_rows_dates_from_the_articles_date(admin_desk):
    # "since 3 March", in an article of 9 March 2031: from the 3rd to the article's date.
    response = admin_desk.get(paste(admin_desk))
    dated = [
        form.initial
        for form in response.context["rows"].forms
        if form.initial.get("period", "").startswith("since ")
    ]
    assert dated, "the flood report gives a figure since a date"
    for row in dated:
        assert row["period_start"].isoformat() == "2031-03-03"
        assert row["period_end"].isoformat() == "2031-03-09"
    assert 'value="03 Mar 2031"' in response.content.decode()  # shown in its date field


@pytest.mark.parametrize("language", ["fr", "ar", "ru-RU"])
def test_an_article_in_another_language_shows_its_sentences_without_suggestions(
    admin_desk, language
):
    response = admin_desk.get(paste(admin_desk, language=language))
    assert response.status_code == 200
    assert response.context["rows"].forms == []
    assert len(response.context["sentences"]) > 5  # every sentence, each with its "Add" button
    page = response.content.decode()
    assert "The desk suggests claims from English text only" in page
    # An English article (or one in the newsroom's language, left blank) gets its suggestions.
    english = admin_desk.get(paste(admin_desk, language="en-GB"))
    assert english.context["rows"].forms
    assert "English text only" not in english.content.decode()


def test_the_articles_language_is_asked_by_name(admin_desk):
    page = admin_desk.get(reverse("desk:home")).content.decode()

    assert '<select name="language"' in page
    assert '<option value="ar">Arabic (العربيّة)</option>' in page
    assert "The newsroom&#x27;s language (English)" in page
    assert "BCP 47" not in page


def test_the_language_chosen_goes_with_the_article(admin_desk):
    response = admin_desk.get(paste(admin_desk, language="ar"))
    assert response.context["article"].language == "ar"


def test_a_malformed_language_is_a_form_error(admin_desk):
    response = admin_desk.post(
        reverse("desk:home"), {"title": "Floods", "text": FLOODS, "language": "not a tag!"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    assert not Article.objects.exists()


def test_an_article_over_the_desks_limit_is_refused_in_words(admin_desk):
    response = admin_desk.post(
        reverse("desk:home"), {"title": "Too long", "text": long_report(2_000_001)}
    )
    assert response.status_code == 200
    assert "the desk takes articles of up to 2,000,000 characters" in response.content.decode()
    assert not Article.objects.exists()


def test_the_same_form_sent_twice_enters_its_claims_once(admin_desk):
    desk_url = paste(admin_desk)
    data = {**rows_as_posted(admin_desk.get(desk_url)), **TYPED, "save": "1"}
    assert admin_desk.post(desk_url, data).status_code == 302
    again = admin_desk.post(desk_url, data)  # the back button, then the save button again
    page = again.content.decode()
    assert again.status_code == 200 and "These claims were already saved" in page
    assert Claim.objects.count() == 6 and Event.objects.count() == 1
    for claim in Claim.objects.all():
        assert f'href="{claim.get_absolute_url()}"' in page


def test_a_save_with_no_row_ticked_makes_nothing_and_says_so(admin_desk):
    desk_url = paste(admin_desk)
    data = {**rows_as_posted(admin_desk.get(desk_url)), **TYPED, "save": "1"}
    for name in [name for name in data if name.endswith("-keep")]:
        del data[name]
    response = admin_desk.post(desk_url, data)
    assert response.status_code == 200
    assert "Nothing to save: tick at least one claim." in response.content.decode()
    assert not Event.objects.exists() and not Claim.objects.exists()
    assert not Article.objects.exists()


def test_a_claims_place_outside_the_article_is_refused_on_its_row(admin_desk):
    desk_url = paste(admin_desk)
    data = {**rows_as_posted(admin_desk.get(desk_url)), **TYPED, "save": "1"}
    data["claims-1-text_end"] = "100000"
    response = admin_desk.post(desk_url, data)
    assert response.status_code == 200
    message = "is not within its text, which has 581 characters."
    assert message in str(response.context["rows"].forms[1].non_field_errors())
    assert message in response.content.decode()
    assert not Claim.objects.exists()


def test_two_editors_saving_the_same_new_question_at_once_share_it(admin_desk, monkeypatch):
    desk_url = paste(admin_desk)
    data = {**rows_as_posted(admin_desk.get(desk_url)), **TYPED, "save": "1"}
    checked = Question.full_clean

    def another_editor_saves_it_first(question, *args, **kwargs):
        # Between the desk's check and its save, the other editor's save commits the question.
        checked(question, *args, **kwargs)
        if (
            question.text == "Did the dam fail?"
            and not Question.objects.filter(text=question.text).exists()
        ):
            Question.objects.create(
                event=question.event, text=question.text, slug=question.slug, position=9
            )

    monkeypatch.setattr(Question, "full_clean", another_editor_saves_it_first)
    response = admin_desk.post(desk_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(text="Did the dam fail?")
    assert question.claims.count() == 1


def test_an_event_named_with_a_nul_character_is_a_form_error(admin_desk):
    desk_url = paste(admin_desk)
    data = {**rows_as_posted(admin_desk.get(desk_url)), "event": "Event\x0042"}
    response = admin_desk.post(desk_url, data)
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    typed = {form["question"].value() for form in response.context["rows"].forms}
    assert set(response.context["questions"]) <= typed  # no event's questions looked up


def test_a_paste_too_large_for_a_form_is_refused_in_words(admin_desk):
    arabic = "قالت المصادر إن الجسر مغلق. " * 40_000  # about 1.1 million letters, 6 MB as sent
    form = urlencode(
        {"title": "Event 42", "outlet": "Outlet 3", "text": arabic}
    )  # as browsers send
    response = admin_desk.post(
        reverse("desk:home"), form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "could not take what was sent, and nothing was changed" in response.content.decode()
    assert not Article.objects.exists()


# Short rows and their defaults ------------------------------------------------------------

WIRE = (
    "BRELIN, Oct 14 (Wire) - At least 86 people were killed in Ostrava, the district's "
    "civil defence office said.\n\n"
    "A farmers' union said 40 people were killed in the valley alone.\n\n"
    '"The harvest in the valley is lost," said Teodor Example of the Farmers Union.'
)


def test_the_dateline_is_neither_in_a_summary_nor_in_a_claims_words(admin_desk):
    desk_url = paste(admin_desk, text=WIRE, title="Landslide in Ostrava")
    first = admin_desk.get(desk_url).context["rows"].forms[0]
    assert first["summary"].value().startswith("At least 86 people were killed")
    assert WIRE[first["text_start"].value() :].startswith("At least 86")


def test_a_figure_row_starts_with_a_question_named_after_what_it_counts(admin_desk):
    desk_url = paste(admin_desk, text=WIRE, title="Landslide in Ostrava")
    rows = admin_desk.get(desk_url).context["rows"].forms
    questions = [form["question"].value() for form in rows[:2]]
    assert questions[0] and questions[0] == questions[1]  # both count people killed
    assert "killed" in questions[0]


def test_each_row_shows_six_fields_and_keeps_the_rest_behind_more(admin_desk):
    desk_url = paste(admin_desk)
    opened = admin_desk.get(desk_url)
    form = opened.context["rows"].forms[0]
    shown = [field.name for field in form.in_view()]
    assert shown == [
        "question",
        "source",
        "stance",
        "speaker_name",
        "speaker_role",
        "qualifier",
        "low",
        "high",
        "unit",
    ]
    page = opened.content.decode()
    row = page[page.index('id="row-1"') : page.index('id="row-2"')]
    more = row[row.index("<details") :]
    assert 'name="claims-0-quote"' in more and 'name="claims-0-summary"' in more
    assert 'name="claims-0-question"' not in more


def test_a_field_behind_more_that_is_wrong_opens_it(admin_desk):
    desk_url = paste(admin_desk)
    data = {**rows_as_posted(admin_desk.get(desk_url)), **TYPED, "save": "1"}
    data["claims-0-summary"] = ""
    page = admin_desk.post(desk_url, data).content.decode()
    row = page[page.index('id="row-1"') : page.index('id="row-2"')]
    assert '<details class="desk-more" open>' in row


def test_a_question_typed_in_one_row_is_offered_in_every_row(admin_desk):
    desk_url = paste(admin_desk, text=FLOODS + "\n\nRoads to the lower town were closed.")
    opened = admin_desk.get(desk_url)
    data = {**rows_as_posted(opened), **TYPED, "add_sentence": "13"}
    response = admin_desk.post(desk_url, data)
    offered = response.context["questions"]
    assert "Did the dam fail?" in offered and "How many homes were damaged?" in offered
    page = response.content.decode()
    datalist = page[page.index('<datalist id="known-questions">') :]
    assert '<option value="Did the dam fail?">' in datalist[: datalist.index("</datalist>")]


def test_a_new_source_is_marked_as_new(admin_desk):
    Source.objects.create(name="Placeville Relief Agency", slug="placeville-relief-agency")
    desk_url = paste(admin_desk)
    opened = admin_desk.get(desk_url)
    page = opened.content.decode()
    marks = {form["source"].value(): form.source_is_new for form in opened.context["rows"].forms}
    assert marks["Placeville Relief Agency"] is False
    assert True in marks.values()
    assert '<span class="desk-new">new source</span>' in page
    assert '<span class="desk-new" hidden>new source</span>' in page


def test_a_figure_worded_in_another_unit_takes_the_questions_measure_in_one_click(admin_desk):
    desk_url = paste(admin_desk)
    data = {**rows_as_posted(admin_desk.get(desk_url)), **TYPED, "save": "1"}
    data["claims-2-unit"] = "persons"  # the minister's toll, on the question that counts people
    refused = admin_desk.post(desk_url, data)
    page = refused.content.decode()
    assert not Claim.objects.exists()
    assert 'name="use_measure" value="2"' in page
    assert "Use the question's measure: people died (people)" in page
    clicked = {**rows_as_posted(refused), "event": TYPED["event"], "use_measure": "2"}
    assert admin_desk.post(desk_url, clicked).status_code == 302
    died = Event.objects.get().questions.get(text="How many people have died?")
    assert died.measures.count() == 1
    assert Figure.objects.filter(claim__question=died).count() == 2


def test_a_quote_already_stored_is_flagged_with_a_link(admin_desk):
    event = Event.objects.create(title="Event 42", slug="event-42")
    question = Question.objects.create(event=event, slug="dam", text="Dam?", kind="statement")
    source = Source.objects.create(name="Source 17", slug="source-17")
    stored = Claim.objects.create(
        question=question,
        source=source,
        slug="dam-held",
        summary="Source 17 says the dam held",
        stance="affirms",
        quote="The dam held firm through the night, the engineers said.",
    )
    text = FLOODS + '\n\n"The dam held firm through the night, the engineers said," he added.'
    desk_url = paste(admin_desk, text=text)
    response = admin_desk.get(desk_url)
    flagged = [form for form in response.context["rows"].forms if form.stored_quote]
    assert [form.stored_quote for form in flagged] == [stored]
    page = response.content.decode()
    assert "This quote is already stored:" in page
    assert f'href="{stored.get_absolute_url()}"' in page


def test_the_desk_page_reads_a_fixed_number_of_queries_whatever_its_rows(
    admin_desk, django_assert_max_num_queries
):
    short = paste(admin_desk)
    long = paste(admin_desk, text="\n\n".join([FLOODS] * 5), title="Five floods")
    admin_desk.get(short)
    with django_assert_max_num_queries(20) as counted:
        admin_desk.get(short)
    few = len(counted.captured_queries)
    with django_assert_max_num_queries(few):
        admin_desk.get(long)


def test_a_failed_save_stores_no_article(admin_desk):
    desk_url = paste(admin_desk)
    data = {**rows_as_posted(admin_desk.get(desk_url)), **TYPED, "save": "1"}
    data["claims-2-source"] = ""
    assert admin_desk.post(desk_url, data).status_code == 200
    assert not Article.objects.exists() and not Claim.objects.exists()
    data["claims-2-source"] = "Northland Interior Ministry"
    assert admin_desk.post(desk_url, data).status_code == 302
    assert Article.objects.count() == 1
    assert admin_desk.get(desk_url)["Location"] == reverse(
        "desk:article", args=[Article.objects.get().slug]
    )


@pytest.mark.parametrize(
    "sentence, dateline",
    [
        ("BRELIN, Oct 14 (Wire) - Rescuers dug through mud.", "BRELIN, Oct 14 (Wire) - "),
        ("PORT ELLIS (Example News) — Ferries stopped.", "PORT ELLIS (Example News) — "),
        ("GENEVA, March 3, 2031 - Talks resumed.", "GENEVA, March 3, 2031 - "),
        ("UN - officials said nothing.", ""),  # neither a date nor an agency
        ("At least 40 people died, the agency said.", ""),
    ],
)
def test_a_dateline_is_read_off_the_start_of_a_sentence(sentence, dateline):
    from desk.rows import dateline_length

    assert sentence[: dateline_length(sentence)] == dateline


def test_two_statements_of_one_sentence_are_summed_up_each_in_its_own_words(admin_desk):
    opened = admin_desk.get(paste(admin_desk))
    summaries = [form["summary"].value() for form in opened.context["rows"].forms[2:4]]
    assert summaries == [
        "Northland's Interior Minister Sam Sample told Example Radio that 12 people had died",
        "Denied that the dam had failed.",
    ]
