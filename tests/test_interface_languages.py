"""The interface in English and Arabic: every page in both, chosen by the browser or the switch,
with nothing of the interface left in English on an Arabic page."""

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from claims.models import Claim
from tests.factories import make_claim

pytestmark = pytest.mark.django_db

EVENT = "/events/aleppo-december-2016/"
CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "ar" / "LC_MESSAGES" / "django.po"
ROOT = Path(__file__).resolve().parent.parent


def first_claim_page():
    claim = Claim.objects.exclude(quote="").order_by("id").first()
    return claim.get_absolute_url()


PAGES = {
    "home": lambda: "/",
    "event": lambda: EVENT,
    "event-question": lambda: EVENT + "?at=civilians-fled-total",
    "sources": lambda: "/sources/",
    "source": lambda: "/sources/syrian-observatory-for-human-rights/",
    "claims": lambda: "/claims/?q=Aleppo",
    "claim": first_claim_page,
    "article": lambda: "/articles/human-rights-monitor-says-battle-for-aleppo-has-reached-its-end/",
    "export": lambda: EVENT + "export.html",
    "embed": lambda: EVENT + "embed/",
    "api": lambda: "/api/",
    "not-found": lambda: "/no-such-page/",
}
# What each page shows whatever the language: the data, never the interface's words.
SHOWS = {
    "event": ["130,000", "Syrian Observatory for Human Rights"],
    "event-question": ["130,000"],
    "source": ["Syrian Observatory for Human Rights"],
    "export": ["130,000"],
    "embed": ["130,000"],
}


def content(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def in_language(client):
    def choose(language):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return choose


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_in_both_languages(in_language, seeded, name, language):
    client = in_language(language)
    response = client.get(PAGES[name]())
    assert response.status_code == (404 if name == "not-found" else 200)
    page = content(response)
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in page
    for shown in SHOWS.get(name, []):
        assert shown in page
    if language == "ar":
        assert untranslated(page) == []


def test_the_browser_language_chooses_the_interface(client, seeded):
    page = client.get("/sources/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "المصادر" in page
    page = client.get("/sources/", HTTP_ACCEPT_LANGUAGE="fr,en;q=0.5").content.decode()
    assert '<html lang="en" dir="ltr">' in page


def test_the_switch_keeps_the_choice_and_returns_to_the_page(client, seeded):
    page = client.get("/sources/").content.decode()
    assert 'href="/language/ar/?next=/sources/" lang="ar" hreflang="ar"' in page
    response = client.get("/language/ar/", {"next": "/sources/"})
    assert response.status_code == 302
    assert response["Location"] == "/sources/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    page = client.get("/sources/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="ar" dir="rtl">' in page  # the choice wins over the browser's
    assert 'aria-current="true">العربيّة</a>' in page


def test_the_switch_goes_back_only_to_this_site(client, db):
    response = client.get("/language/ar/", {"next": "https://elsewhere.example/"})
    assert response["Location"] == "/"
    assert client.get("/language/xx/").status_code == 404


def test_the_switch_works_for_a_visitor_who_must_log_in(client, db, settings):
    settings.READ_REQUIRES_LOGIN = True
    response = client.get("/language/ar/", {"next": "/admin/login/"})
    assert response["Location"] == "/admin/login/"
    page = client.get("/admin/login/").content.decode()
    assert 'lang="ar" dir="rtl"' in page


def test_the_cached_page_is_kept_apart_for_each_language(client, seeded, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "progress": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    english = client.get(EVENT, HTTP_ACCEPT_LANGUAGE="en")
    arabic = client.get(EVENT, HTTP_ACCEPT_LANGUAGE="ar")
    assert 'lang="en"' in english.content.decode()[:200]
    assert 'lang="ar"' in arabic.content.decode()[:200]
    assert english["ETag"] != arabic["ETag"]
    assert "Accept-Language" in arabic["Vary"]


def test_dates_are_written_in_the_interface_language(in_language, event_42):
    claim = make_claim(question=event_42.questions.get(slug="bridge"), stated_on="2016-12-12")
    assert "12 December 2016" in in_language("en").get(claim.get_absolute_url()).content.decode()
    assert "12 ديسمبر 2016" in in_language("ar").get(claim.get_absolute_url()).content.decode()


def test_numbers_are_grouped_as_the_language_writes_them(seeded):
    from django.utils.formats import number_format

    with translation.override("ar"):
        assert number_format(130000, force_grouping=True) == "130,000"
        assert number_format(12.5) == "12.5"


def test_the_event_page_reads_as_many_queries_in_either_language(in_language, seeded):
    counts = []
    for language in ("en", "ar"):
        with CaptureQueriesContext(connection) as queries:
            assert in_language(language).get(EVENT).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_arabic_catalogue_translates_every_message():
    catalogue = polib.pofile(str(CATALOGUE))
    missing = [entry.msgid for entry in catalogue if not entry.translated() and not entry.obsolete]
    assert missing == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


def test_the_compiled_catalogue_is_the_written_one():
    written = polib.pofile(str(CATALOGUE))
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    as_compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in compiled}
    for entry in written.translated_entries():
        if entry.msgid_plural:
            continue
        assert as_compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, entry.msgid


def test_every_marked_message_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """makemessages finds nothing the catalogue lacks: run it after marking new text."""
    if not shutil.which("xgettext"):
        if os.environ.get("REQUIRE_GETTEXT"):
            pytest.fail("xgettext (GNU gettext) is needed and missing")
        pytest.skip("gettext is not installed")
    # On a copy of the code without its catalogue: makemessages writes into any locale folder
    # it finds beside the files it reads.
    for package in ("claimtracker", "claims", "desk", "api"):
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("locale", "__pycache__", "static"),
        )
    fresh = tmp_path / "locale"
    (fresh / "ar" / "LC_MESSAGES").mkdir(parents=True)
    settings.LOCALE_PATHS = [fresh]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["ar"], no_obsolete=True, verbosity=0)
    found = polib.pofile(str(fresh / "ar" / "LC_MESSAGES" / "django.po"))
    kept = polib.pofile(str(CATALOGUE))
    missing = {(e.msgctxt, e.msgid) for e in found} - {(e.msgctxt, e.msgid) for e in kept}
    assert sorted(missing, key=str) == []


# An Arabic page may show English only where it says so (lang="en": the data) or in what it
# does not translate: code, file formats, product names.
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
NOT_INTERFACE_TEXT = {"script", "style", "code", "pre", "kbd", "samp", "svg", "textarea", "option"}
KEPT_AS_THEY_ARE = {"CSV", "JSON", "API", "Atom", "oEmbed", "HTML", "URL", "BCP", "OpenAPI", "CMS",
                    "UTC"}  # fmt: skip
ADDRESS = re.compile(r"https?://\S+")


class TextOutsideOtherLanguages(HTMLParser):
    """Collects the page's text that is in the page's own language."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}  # fmt: skip

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.words = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        foreign = lang is not None and not lang.startswith("ar")
        self.stack.append((tag, foreign or tag in NOT_INTERFACE_TEXT))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        # The head's title holds the data's names too, and a title cannot mark their language.
        if any(skipped or tag == "head" for tag, skipped in self.stack):
            return
        data = ADDRESS.sub("", data)
        self.words += [word for word in LATIN_WORD.findall(data) if word not in KEPT_AS_THEY_ARE]


def untranslated(page):
    parser = TextOutsideOtherLanguages()
    parser.feed(page)
    return parser.words
