"""Hostile text (hypothesis): every C0 and C1 control character, DEL, lone surrogates, the
noncharacters U+FFFE and U+FFFF, bidi overrides and isolates, zero-width characters, markup,
right-to-left letters and strings of up to 100,000 characters, mixed with ordinary words, typed
into every text field through the admin, pasted at the desk, and sent through the API's import
and the file import (JSON and CSV).

Entry may refuse such text with a message (a form error, a 400, a listed import error); it
never answers with a server error, and what it accepts is stored as it was received. Then every
page, feed, embed, export and API answer that shows it answers without a server error, in
well-formed output: feeds parse as strict XML, JSON as JSON, CSV as CSV, every body as UTF-8.

The quick profile runs a few examples of each entry in the suite;
`HYPOTHESIS_PROFILE=thorough` runs 500 of each, 2,000 in all.
"""

import csv
import io
import json
import re
from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from claims.interchange import InvalidDocument, import_data
from claims.models import Article, Claim, Event, Figure, Measure, Question, Source
from desk.forms import ClaimRowForm
from tests.factories import published_by_a_colleague

pytestmark = pytest.mark.django_db

# What hostile text is made of ------------------------------------------------------------------

C0 = "".join(map(chr, range(0x20)))
C1 = "".join(map(chr, range(0x80, 0xA0)))
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
STRANGE = C0 + "\x7f" + C1 + BIDI + ZERO_WIDTH + "\ufffe\uffff\u2028\u2029"
LONE_SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)
MARKUP = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    "]]>",
    "&amp; &#0; &#xFFFE;",
    "\"'`",
    "<!-- ",
    "{{ request }}{% debug %}",
    "%(summary)s %s {0}",
    '=HYPERLINK("http://example.org")',
    "\\u0000 \\ud800",
]
RIGHT_TO_LEFT = ["حلب الشرقية", "مقتل ١٢ مدنيا", "שלום עולם", "\u202egnp.exe"]
ORDINARY = ["Source 17", "Event 42", "12 people", "killed", " ", "\r\n", "\t"]

piece = (
    st.text(st.sampled_from(STRANGE) | LONE_SURROGATES, min_size=1, max_size=6)
    | st.sampled_from(MARKUP + RIGHT_TO_LEFT + ORDINARY)
    | st.text(max_size=8)
)
short_text = st.lists(piece, min_size=1, max_size=8).map("".join)
long_text = st.builds(
    lambda text, length: ((text or "x") * (length // max(len(text), 1) + 1))[:length],
    short_text,
    st.integers(1_000, 100_000),
)


REFUSABLE = re.compile("[\x00\ud800-\udfff]")


@st.composite
def hostile_texts(draw, fields, refusable=None):
    """{field: hostile text} for the fields, {name: max_length or None}; each fits its field
    even as its characters grow on the way (a lone surrogate in a form becomes three U+FFFD),
    except, in one example in ten, one field given a string of up to 100,000 characters.

    NUL, and lone surrogates where they arrive as such, are refused wherever they appear: they
    are kept in one example in four, so that in the others the rest reaches the pages."""
    if refusable is None:
        refusable = draw(st.integers(0, 3)) == 0
    texts = {}
    for name, max_length in fields.items():
        text = draw(short_text)
        texts[name] = text[: max_length // 3] if max_length else text
    if fields and draw(st.integers(0, 9)) == 0:
        texts[draw(st.sampled_from(sorted(fields)))] = draw(long_text)
    if not refusable:
        texts = {name: REFUSABLE.sub("", text) for name, text in texts.items()}
    return texts


# In one example in ten, the fields that take only a given shape (slugs, dates, web addresses,
# language tags, choices) get hostile text too, and must be refused in words.
wild = st.integers(0, 9).map(lambda number: number == 0)


def fields_of(model, *names):
    return {name: model._meta.get_field(name).max_length for name in names}


SOURCE_TEXT = fields_of(Source, "name", "affiliation", "based_in", "description", "aliases")
EVENT_TEXT = fields_of(Event, "title", "summary", "place")
QUESTION_TEXT = fields_of(Question, "text")
MEASURE_TEXT = fields_of(Measure, "unit", "counted")
ARTICLE_TEXT = fields_of(Article, "title", "outlet", "author", "notes", "text")
CLAIM_TEXT = fields_of(
    Claim,
    "summary",
    "quote",
    "quote_translation",
    "translated_by",
    "speaker_name",
    "speaker_role",
    "via",
    "stated_when",
    "retraction_reason",
)
FIGURE_TEXT = fields_of(Figure, "place", "period")

# Each entry test runs this many examples: four tests, 2,000 cases in the thorough profile.
EXAMPLES = 500 if settings.default.max_examples >= 1000 else 4
HOSTILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    # Not shrunk: an example is a second of requests, and shrinking one took over five minutes.
    # The failing example is printed as found.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.large_base_example,
        HealthCheck.data_too_large,
    ],
)


@contextmanager
def rolled_back():
    """Each example starts from the fixture's data and leaves it so."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# Sending it as a browser does ---------------------------------------------------------------


def as_received(text):
    """What Django reads of text a browser sends: a lone surrogate cannot be UTF-8, and its
    bytes are read as U+FFFD."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def encoded(pairs):
    return urlencode(pairs, encoding="utf-8", errors="surrogatepass")


def post_form(client, url, pairs):
    return client.post(url, encoded(pairs), content_type="application/x-www-form-urlencoded")


class FormReader(HTMLParser):
    """The pairs a browser would send for one form of a page, as rendered."""

    def __init__(self, marker):
        super().__init__(convert_charrefs=True)
        self.marker, self.inside, self.pairs = marker, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        if tag == "form":
            name, value = self.marker
            self.inside = value in (attributes.get(name) or "").split()
        name = attributes.get("name")
        if not self.inside or (name and "__prefix__" in name):
            return
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.pairs.append(
                (name, attributes.get("value") or ("on" if kind == "checkbox" else ""))
            )
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attributes, "options": []}
        elif tag == "option" and self.select is not None:
            option = (attributes.get("value", ""), "selected" in attributes)
            self.select["options"].append(option)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            name, value = self.textarea
            self.pairs.append((name, value.removeprefix("\n")))  # as browsers read it
            self.textarea = None
        elif tag == "select" and self.select is not None:
            options = self.select["options"]
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not self.select["multiple"]:
                chosen = [options[0][0]]
            self.pairs.extend((self.select["name"], value) for value in chosen)
            self.select = None


def read_form(client, url, marker):
    response = client.get(url)
    assert response.status_code == 200, url
    reader = FormReader(marker)
    reader.feed(response.content.decode())
    assert reader.pairs, f"no form {marker} on {url}"
    return reader.pairs


def filled(pairs, values):
    """The form's pairs with these fields set (added when the form has none of that name)."""
    values = {name: "" if value is None else str(value) for name, value in values.items()}
    kept = [(name, value) for name, value in pairs if name not in values]
    return kept + list(values.items())


def refused_in_words(response):
    page = response.content.decode()
    return "errornote" in page or "errorlist" in page or 'class="error' in page


def saved_or_refused(response, url):
    """True when the form was saved; False when it was refused with a message."""
    assert response.status_code in (200, 302), (url, response.status_code)
    saved = response.status_code == 302
    if not saved:
        assert refused_in_words(response), f"{url} neither saved nor said why"
    outcome(url, saved)
    return saved


def outcome(where, accepted):
    """Counted for --hypothesis-show-statistics: how often each entry took the text."""
    where = re.sub(r"/\d+/|(?<=/desk/articles)/[^/]+/|(?<=/desk/pasted)/[^/]+/", "/…/", where)
    event(f"{where}: {'accepted' if accepted else 'refused'}")


def admin_form(client, url, model_name, values):
    """Post the admin's form at `url`, as rendered, with these values; True when saved."""
    pairs = filled(read_form(client, url, ("id", f"{model_name}_form")), values)
    return saved_or_refused(post_form(client, url, pairs), url)


def assert_stored_as_typed(record, texts):
    """A form keeps what it was sent, trimmed of the spaces around it."""
    record.refresh_from_db()
    for name, text in texts.items():
        assert getattr(record, name) == as_received(text).strip(), name


# Every surface that shows it ----------------------------------------------------------------


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_well_formed(url, response):
    content = body_of(response)
    kind = response.get("Content-Type", "")
    text = content.decode("utf-8")  # strictly: never a lone surrogate or a broken sequence
    if "xml" in kind:
        ElementTree.fromstring(content)  # strict: no character XML cannot hold
    elif "json" in kind:
        json.loads(text)
    elif "csv" in kind:
        list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    elif "html" in kind:
        assert '<script>alert("x")' not in text, url
        assert '<img src=x onerror="alert(1)">' not in text, url


def get(client, path, query=None):
    url = f"{path}?{encoded(query)}" if query else path
    response = client.get(url)
    return url, response


def surfaces(searches):
    """Every page, feed, embed, export and API answer showing the stored records, with the
    statuses each may answer."""
    found = [
        ("/", None, {200}),
        ("/sources/", None, {200}),
        ("/claims/", None, {200}),
        ("/claims/", {"retracted": "include"}, {200}),
        ("/claims/export.csv", None, {200}),
        ("/claims/export.json", None, {200}),
        ("/feed.atom", None, {200}),
        ("/api/events/", None, {200}),
        ("/api/questions/", None, {200}),
        ("/api/claims/", None, {200}),
        ("/api/sources/", None, {200}),
        ("/api/articles/", None, {200}),
    ]
    for text in searches:
        query = {"q": text[:60]}
        found += [("/claims/", query, {200, 400}), ("/claims/export.csv", query, {200, 400})]
        found += [("/api/claims/", query, {200, 400})]
    for shown in Event.objects.prefetch_related("questions"):
        page = shown.get_absolute_url()
        found += [
            (page, None, {200}),
            (page, {"page": "2"}, {200, 404}),
            (page, {"retracted": "on"}, {200}),
            (f"{page}embed/", None, {200}),
            (f"{page}export.html", None, {200}),
            (f"{page}export.csv", None, {200}),
            (f"{page}export.json", None, {200}),
            (f"{page}feed.atom", None, {200}),
            ("/oembed", {"url": f"http://testserver{page}"}, {200}),
            (f"/api/events/{shown.slug}/", None, {200}),
            (f"/api/events/{shown.slug}/comparison/", None, {200}),
            (f"/api/events/{shown.slug}/comparison/", {"page": "2"}, {200}),
        ]
        for question in shown.questions.all():
            found += [
                (f"{page}embed/{question.slug}/", None, {200}),
                ("/oembed", {"url": f"http://testserver{page}?at={question.slug}"}, {200}),
            ]
    for source in Source.objects.all():
        page = source.get_absolute_url()
        found += [(page, None, {200}), (f"{page}feed.atom", None, {200})]
        found += [(f"/api/sources/{source.slug}/", None, {200})]
    for claim in Claim.objects.all():
        found += [(claim.get_absolute_url(), None, {200})]
        found += [(f"/api/claims/{claim.pk}/", None, {200})]
    for article in Article.objects.all():
        found += [(article.get_absolute_url(), None, {200})]
        found += [(f"/api/articles/{article.slug}/", None, {200})]
    return found


def assert_every_surface_answers(client, *searches):
    published_by_a_colleague()  # what was entered, reviewed: readers see it
    client.logout()  # as a reader sees it
    for path, query, statuses in surfaces(searches):
        url, response = get(client, path, query)
        assert response.status_code in statuses, (url, response.status_code)
        assert_well_formed(url, response)


# (1) The admin ------------------------------------------------------------------------------


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.org", "x")


def admin_add(model):
    return reverse(f"admin:claims_{model._meta.model_name}_add")


def admin_change(record):
    return reverse(f"admin:claims_{record._meta.model_name}_change", args=[record.pk])


@HOSTILE
@given(
    source=hostile_texts(SOURCE_TEXT),
    event=hostile_texts(EVENT_TEXT),
    question=hostile_texts({**QUESTION_TEXT, **MEASURE_TEXT}),
    article=hostile_texts(ARTICLE_TEXT),
    claim=hostile_texts(CLAIM_TEXT),
    edit=hostile_texts(CLAIM_TEXT),
    figure=hostile_texts(FIGURE_TEXT),
    shaped=short_text,
    is_wild=wild,
)
def test_hostile_text_typed_into_the_admin(
    client, event_42, boss, source, event, question, article, claim, edit, figure, shaped, is_wild
):
    client.force_login(boss)
    odd = shaped if is_wild else None  # hostile text in a field of a given shape
    with rolled_back():
        values = {**source, "slug": odd or "hostile-source", "kind": "media", "save_anyway": "on"}
        if admin_form(client, admin_add(Source), "source", values):
            stored_source = Source.objects.get(slug="hostile-source")
            assert_stored_as_typed(stored_source, source)
        values = {
            **event,
            "slug": "hostile-event",
            "starts_on": odd or "2016-12-01",
            "save_anyway": "on",
            "questions-TOTAL_FORMS": "1",
            "questions-0-text": event["title"],
            "questions-0-slug": "hostile-statement",
            "questions-0-kind": "statement",
            "questions-0-position": "0",
        }
        if admin_form(client, admin_add(Event), "event", values):
            assert_stored_as_typed(Event.objects.get(slug="hostile-event"), event)
        values = {
            "text": question["text"],
            "event": event_42.pk,
            "kind": "figure",
            "slug": "hostile-figure",
            "position": "5",
            "measures-0-unit": question["unit"],
            "measures-0-counted": question["counted"],
            "measures-0-slug": odd or "hostile-measure",
            "measures-0-position": "0",
        }
        figure_question = event_42.questions.get(slug="evacuated")
        if admin_form(client, admin_add(Question), "question", values):
            figure_question = Question.objects.get(slug="hostile-figure")
            assert_stored_as_typed(figure_question, {"text": question["text"]})
            assert_stored_as_typed(figure_question.measures.get(), {"unit": question["unit"]})
        values = {
            **article,
            "slug": "hostile-article",
            "url": odd or "https://example.org/hostile",
            "language": odd or "ar",
            "published_on": "2016-12-14",
        }
        if admin_form(client, admin_add(Article), "article", values):
            assert_stored_as_typed(Article.objects.get(slug="hostile-article"), article)
        claim_values = {
            **claim,
            "question": figure_question.pk,
            "source": Source.objects.filter(slug="hostile-source").first()
            or Source.objects.first(),
            "article": Article.objects.filter(slug="hostile-article").first(),
            "slug": odd or "hostile-claim",
            "stated_on": "2016-12-14",
            "retracted_on": "2016-12-20" if claim["retraction_reason"].strip() else "",
            "quote_language": odd or "",
            "figures-TOTAL_FORMS": "1",  # the row "Add another figure" makes
            "figures-0-qualifier": "about",
            "figures-0-low": "12",
            "figures-0-place": figure["place"],
            "figures-0-period": figure["period"],
        }
        for name in ("source", "article"):
            record = claim_values[name]
            claim_values[name] = record.pk if record else ""
        if admin_form(client, admin_add(Claim), "claim", claim_values):
            stored = Claim.objects.get(slug="hostile-claim")
            assert_stored_as_typed(stored, claim)
            assert_stored_as_typed(stored.figures.get(), figure)
            edited = {**edit, "retracted_on": "2016-12-21" if edit["retraction_reason"] else ""}
            if admin_form(client, admin_change(stored), "claim", edited):
                assert_stored_as_typed(stored, edit)
        client.force_login(boss)
        assert_every_surface_answers(client, claim["summary"], source["name"])


# (2) The desk -------------------------------------------------------------------------------

DESK_ROW_TEXT = {
    **fields_of(Event, "title"),
    **fields_of(Question, "text"),
    **fields_of(Source, "name"),
    **{name: max_length for name, max_length in CLAIM_TEXT.items() if "retraction" not in name},
    **MEASURE_TEXT,
    **FIGURE_TEXT,
}


def enter_a_row(client, desk, row):
    """Add a row for the article's first sentence (its second, when the first is the
    headline), fill it with hostile text, and enter it. True when it was saved."""
    shown = read_form(client, desk, ("class", "desk-form"))
    if len(shown) + 1 > django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:
        # An article of very many suggested claims makes a form longer than Django reads: a
        # 400, a limit of the desk's rather than of the text in it.
        assert post_form(client, desk, [*shown, ("add_sentence", "0")]).status_code == 400
        return False
    rows_shown = int(dict(shown)["claims-TOTAL_FORMS"])
    for sentence in ("0", "1"):
        response = post_form(client, desk, [*shown, ("add_sentence", sentence)])
        assert response.status_code == 200, desk
        reader = FormReader(("class", "desk-form"))
        reader.feed(response.content.decode())
        if int(dict(reader.pairs)["claims-TOTAL_FORMS"]) > rows_shown:
            break
    else:
        return False  # a headline alone: nothing to enter
    last = f"claims-{int(dict(reader.pairs)['claims-TOTAL_FORMS']) - 1}-"
    # Only the added row is entered: the suggestions' rows are left unticked.
    pairs = [
        (name, value)
        for name, value in reader.pairs
        if not (name.endswith("-keep") and not name.startswith(last))
    ]
    values = {
        "event": row["title"],
        f"{last}question": row["text"],
        f"{last}source": row["name"],
        f"{last}keep": "on",
        f"{last}qualifier": "at_least",
        f"{last}low": "12",
        **{f"{last}{name}": text for name, text in row.items() if name in ClaimRowForm.base_fields},
    }
    return saved_or_refused(post_form(client, desk, filled(pairs, values)), desk)


@HOSTILE
@given(article=hostile_texts(ARTICLE_TEXT), row=hostile_texts(DESK_ROW_TEXT), is_wild=wild)
def test_hostile_text_pasted_at_the_desk(client, event_42, boss, article, row, is_wild):
    client.force_login(boss)
    with rolled_back():
        home = reverse("desk:home")
        values = {
            **{name: text for name, text in article.items() if name != "notes"},
            "url": "https://example.org/pasted",
            "published_on": "14 Dec 2016",
            "language": row["place"] if is_wild else "",
        }
        pairs = filled(read_form(client, home, ("class", "desk-article-form")), values)
        pasted = post_form(client, home, pairs)
        # The article is stored with the row's claim, in the same save, or not at all.
        if saved_or_refused(pasted, home) and enter_a_row(client, pasted["Location"], row):
            text = as_received(article["text"]).strip().replace("\r\n", "\n").replace("\r", "\n")
            assert Article.objects.latest("id").text == text
        assert_every_surface_answers(client, article["title"], row["summary"])


# (3) The API's import, and (4) the file import ----------------------------------------------


@st.composite
def hostile_documents(draw):
    """An interchange document with hostile text in every string field."""
    is_wild = draw(wild)
    refusable = draw(st.integers(0, 3)) == 0

    def shaped(value):
        return draw(short_text) if is_wild and draw(st.booleans()) else value

    def texts(fields):
        return draw(hostile_texts(fields, refusable))

    source = texts(SOURCE_TEXT)
    source["aliases"] = list(
        texts({f"alias {n}": 200 for n in range(draw(st.integers(0, 3)))}).values()
    )
    article = texts(ARTICLE_TEXT)
    event = texts(EVENT_TEXT)
    questions = [texts(QUESTION_TEXT), texts(QUESTION_TEXT)]
    measure = texts(MEASURE_TEXT)
    claims = [texts(CLAIM_TEXT), texts(CLAIM_TEXT)]
    figure = texts(FIGURE_TEXT)
    for claim in claims:
        claim["retracted_on"] = "2016-12-20" if claim["retraction_reason"] else None
        claim["quote_language"] = shaped("ar")
    claims[0].update(
        slug=shaped("hostile-figure-claim"),
        question="hostile-figure",
        figures=[{"qualifier": "about", "low": 12, "measure": shaped("hostile-measure"), **figure}],
    )
    claims[1].update(slug="hostile-statement-claim", question="hostile-statement", stance="denies")
    for claim in claims:
        claim.update(source=shaped("hostile-source"), article="hostile-article")
        claim["stated_on"] = shaped("2016-12-14")
    return {
        "format": "claimtracker",
        "version": 3,
        "sources": [{"slug": "hostile-source", "kind": "media", **source}],
        "articles": [
            {
                "slug": "hostile-article",
                "url": shaped("https://example.org/a"),
                "language": shaped(""),
                **article,
            }
        ],
        "events": [
            {
                "slug": shaped("hostile-event"),
                **event,
                "questions": [
                    {
                        "slug": "hostile-figure",
                        "kind": "figure",
                        "measures": [{"slug": "hostile-measure", **measure}],
                        **questions[0],
                    },
                    {"slug": "hostile-statement", "kind": "statement", **questions[1]},
                ],
                "claims": claims,
            }
        ],
    }


def text_values(data):
    """Every string in a document, with its place, to compare with what was stored."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str):
                yield key, value
            else:
                yield from text_values(value)
    elif isinstance(data, list):
        for value in data:
            yield from text_values(value)


def assert_document_stored(document):
    """Each text the document gave is stored as it gave it (aliases a line each)."""
    stored = {
        Source: Source.objects.get(slug="hostile-source"),
        Article: Article.objects.get(slug="hostile-article"),
        Event: Event.objects.get(slug=document["events"][0]["slug"]),
    }
    for model, data in (
        (Source, document["sources"][0]),
        (Article, document["articles"][0]),
        (Event, document["events"][0]),
    ):
        for name in {**SOURCE_TEXT, **ARTICLE_TEXT, **EVENT_TEXT}:
            if name in data and name != "aliases" and hasattr(stored[model], name):
                assert getattr(stored[model], name) == data[name], (model, name)
    for data in document["events"][0]["claims"]:
        claim = Claim.objects.get(question__slug=data["question"], slug=data["slug"])
        for name in CLAIM_TEXT:
            assert getattr(claim, name) == data[name], name


def document_bytes(document, as_ascii):
    """As a client sends JSON: escaped (a lone surrogate as \\ud800), or as raw UTF-8, where a
    lone surrogate's bytes are not UTF-8."""
    if as_ascii:
        return json.dumps(document).encode()
    return json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")


@HOSTILE
@given(document=hostile_documents(), as_ascii=st.booleans(), dry_run=st.booleans())
def test_hostile_text_sent_to_the_api_import(client, event_42, boss, document, as_ascii, dry_run):
    token = Token.objects.get_or_create(user=boss)[0].key
    with rolled_back():
        response = client.post(
            "/api/imports/" + ("?dry_run=true" if dry_run else ""),
            document_bytes(document, as_ascii),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        )
        assert response.status_code in (200, 400), response.status_code
        outcome("/api/imports/", response.status_code == 200)
        answer = response.json()
        if response.status_code == 400:
            assert answer["errors"] and all(error["message"] for error in answer["errors"])
        elif not dry_run:
            assert_document_stored(document)
        assert_every_surface_answers(client, document["events"][0]["claims"][0]["summary"])


CSV_TEXT_COLUMNS = {
    "speaker": "speaker_name",
    "speaker role": "speaker_role",
    "via": "via",
    "summary": "summary",
    "quote": "quote",
    "quote translation": "quote_translation",
    "translated by": "translated_by",
    "stated when": "stated_when",
    "retraction reason": "retraction_reason",
    "place": "place",
    "period": "period",
    "article title": "title",
    "outlet": "outlet",
}


def csv_bytes(document):
    """The document's claims as rows of the CSV import, on the fixture's event and source."""
    article = document["articles"][0]
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(
        ["claim", "event", "question slug", "source slug", "stance", "qualifier", "low",
         "retracted on", "url", *CSV_TEXT_COLUMNS]
    )  # fmt: skip
    for number, claim in enumerate(document["events"][0]["claims"]):
        figure = claim.get("figures", [{}])[0] if number == 0 else {}
        values = {**claim, **figure, "title": article["title"], "outlet": article["outlet"]}
        writer.writerow(
            [
                f"hostile-{number}",
                "event-42",
                "evacuated" if number == 0 else "bridge",
                "source-17",
                "" if number == 0 else "denies",
                "about" if number == 0 else "",
                "12" if number == 0 else "",
                claim["retracted_on"] or "",
                "https://example.org/a",
                *(values.get(name, "") for name in CSV_TEXT_COLUMNS.values()),
            ]
        )
    return output.getvalue().encode("utf-8", "surrogatepass")


def import_through(way, data, name, client, tmp_path):
    """Import the file the way named; False when it was refused with its reasons."""
    if way == "function":
        try:
            import_data(data, name, "Hostile text")
        except InvalidDocument as refused:
            assert refused.errors and all(message for _, message in refused.errors)
            return False
        return True
    if way == "command":
        path = tmp_path / name
        path.write_bytes(data)
        try:
            call_command("import_claims", str(path), "--quiet-progress", stdout=io.StringIO())
        except CommandError as refused:
            assert "nothing was written" in str(refused)
            return False
        return True
    url = reverse("admin:claims_claim_import")
    preview = client.post(url, {"file": SimpleUploadedFile(name, data)})
    assert preview.status_code == 200
    if "token" not in preview.context.get("confirm_fields", {}):
        assert preview.context["errors"]
        return False
    confirm = {"confirm": "1", **preview.context["confirm_fields"]}
    return saved_or_refused(client.post(url, confirm), url)


@HOSTILE
@given(
    document=hostile_documents(),
    as_csv=st.booleans(),
    as_ascii=st.booleans(),
    way=st.sampled_from(["function", "command", "admin"]),
)
def test_hostile_text_in_an_imported_file(
    client, event_42, boss, tmp_path, document, as_csv, as_ascii, way
):
    client.force_login(boss)
    with rolled_back():
        if as_csv:
            data, name = csv_bytes(document), "hostile.csv"
        else:
            data, name = document_bytes(document, as_ascii), "hostile.json"
        imported = import_through(way, data, name, client, tmp_path)
        outcome(f"{way} {name}", imported)
        if imported and not as_csv:
            assert_document_stored(document)
        elif as_csv and Claim.objects.filter(slug="hostile-0").exists():
            stored = Claim.objects.get(slug="hostile-0")
            claim = document["events"][0]["claims"][0]
            for name in CLAIM_TEXT:
                assert getattr(stored, name) == claim[name], name
        assert_every_surface_answers(client, document["events"][0]["claims"][0]["summary"])
