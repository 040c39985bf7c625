"""Every public surface reads through `visible_to()`: nothing the rule hides shows anywhere.

The test hides one seeded claim, and one event, source and article of its own, by patching the
one `visible_to()` method of each model, as the rule for drafts will. Every hidden record
carries a word found nowhere else (TOKEN). It then walks every URL pattern of the project,
builds concrete addresses for each from the data (records hidden and shown, every export
format, a search, the background export's pages and files) and reads them all as a visitor:
no answer may hold the word, and the hidden records' own pages are not found.

So that a new view cannot slip past, the crawl fails for any pattern it has no address for,
unless the pattern is in NOT_PUBLIC (staff-only or write-only, with the reason). And so that the
crawl is known to reach where the hidden records would show, it is run once before they are
hidden: the word must then be on each page in SHOWS_THE_HIDDEN.
"""

from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from claims import jobs
from claims.compiled import forget_compiled_queries
from claims.models import (
    ArticleQuerySet,
    Claim,
    ClaimQuerySet,
    Correction,
    EventQuerySet,
    Job,
    PendingChange,
    SourceQuerySet,
)
from tests.factories import make_article, make_event, make_question, make_source

TOKEN = "Zorblaxquiv"

# Patterns the public never reads, with the reason: each is left out of the crawl.
NOT_PUBLIC = {
    "admin:*": "the admin: staff only, and staff will see more than the public",
    "desk:*": "the desk: entry for staff",
    "review:*": "the review queue: staff only",
    "api:token": "a staff member's own API token, behind the admin's login",
    "api:import": "a write, for staff with tokens; it answers no GET",
}

# Pages that show the hidden records while they are not hidden: the control crawl must find the
# word there, or the crawl would prove nothing about them.
SHOWS_THE_HIDDEN = {
    "claims:home",
    "claims:feed",
    "claims:corrections",
    "claims:corrections-feed",
    "claims:event-feed",
    "claims:event-embed",
    "claims:question-embed",
    "claims:oembed",
    "claims:event-detail",
    "claims:event-export",
    "claims:source-list",
    "claims:source-detail",
    "claims:claim-list",
    "claims:claim-export",
    "claims:export-job-file",
    "claims:claim-detail",
    "claims:article-detail",
    "api:event-list",
    "api:event-detail",
    "api:event-comparison",
    "api:question-list",
    "api:claim-list",
    "api:claim-detail",
    "api:source-list",
    "api:source-detail",
    "api:article-list",
    "api:article-detail",
}


def every_pattern(resolver=None, namespace=""):
    """(name, pattern) for every URL pattern, named with its namespaces ("claims:home"); an
    unnamed pattern by its route ("api:[]")."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from every_pattern(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}:{entry.name or f'[{entry.pattern}]'}", entry


def is_public(name):
    namespace = name.split(":")[0]
    return name not in NOT_PUBLIC and f"{namespace}:*" not in NOT_PUBLIC


class Hidden:
    """The records the rule hides, each holding TOKEN in what pages show of it."""

    def __init__(self):
        self.claim = (
            Claim.objects.current()
            .filter(question__kind="figure", article__isnull=False, figures__isnull=False)
            .order_by("id")
            .first()
        )
        self.claim.summary = f"{TOKEN} {self.claim.summary}"
        self.claim.quote = f"{TOKEN} {self.claim.quote}".strip()
        self.claim.speaker_role = TOKEN
        self.claim.save()
        self.claim.figures.update(period=f"{TOKEN} period")
        self.event = make_event(title=f"{TOKEN} event", slug="zorblaxquiv-event")
        self.question = make_question(self.event, text=f"{TOKEN} question?", slug="zorblaxquiv")
        # A child of a visible source, so that source's page would list it.
        self.source = make_source(
            name=f"{TOKEN} source", slug="zorblaxquiv-source", parent=self.claim.source
        )
        self.article = make_article(title=f"{TOKEN} article", slug="zorblaxquiv-article")
        # A correction of the hidden claim, so that the corrections' page and feed would name it.
        author, approver = (User.objects.create_user(name) for name in ("author-1", "editor-2"))
        change = PendingChange.objects.create(
            claim=self.claim,
            author=author,
            claim_version=self.claim.version,
            values={},
            figures=[],
            state=PendingChange.State.APPROVED,
            decided_by=approver,
        )
        Correction.objects.create(
            claim=self.claim, change=change, kind="correction", what_changed="2, not 1", note="a"
        )

    def hide(self, monkeypatch):
        for queryset, record in [
            (ClaimQuerySet, self.claim),
            (EventQuerySet, self.event),
            (SourceQuerySet, self.source),
            (ArticleQuerySet, self.article),
        ]:
            rule = queryset.visible_to
            monkeypatch.setattr(
                queryset,
                "visible_to",
                lambda self, user, rule=rule, pk=record.pk: rule(self, user).exclude(pk=pk),
            )
        forget_compiled_queries()  # built with the rule before it hid anything


def background_exports(client, settings):
    """Ask for the claim browser's export in each format as a job, and run it as the worker
    would: the addresses of its page, its status and its file."""
    settings.EXPORT_IN_REQUEST_CLAIMS = 1
    Job.objects.all().delete()  # one made before the records were hidden is not shared
    addresses = []
    for extension in ["csv", "json"]:
        started = client.post(reverse("claims:claim-export", args=[extension]))
        assert started.status_code == 302, started.content
        job = Job.objects.get(export_format=extension)
        jobs.run_job.call(job.pk)
        job.refresh_from_db()
        assert job.state == Job.State.DONE, job.errors
        addresses += [
            ("claims:export-job", [job.public_id]),
            ("claims:export-job-status", [job.public_id]),
            ("claims:export-job-file", [job.public_id, extension]),
        ]
    settings.EXPORT_IN_REQUEST_CLAIMS = 1_000_000
    return addresses


def addresses(hidden, exports):
    """(pattern name, address, whether it names a hidden record) for every public pattern."""
    event = hidden.claim.question.event
    question = hidden.claim.question
    source, article = hidden.claim.source, hidden.claim.article
    word = next(word for word in hidden.claim.summary.split()[1:] if len(word) > 3)
    siblings = Claim.objects.filter(question__event=event).exclude(pk=hidden.claim.pk)
    site = "http://testserver"
    built = []

    def add(name, args=(), query=None, names_hidden=False):
        address = reverse(name, args=args)
        if query:
            address += "?" + urlencode(query)
        built.append((name, address, names_hidden))

    add("claims:home")
    add("claims:health")
    add("claims:language", ["en"], {"next": event.get_absolute_url()})
    add("claims:feed")
    add("claims:corrections")
    add("claims:corrections-feed")
    for name in ["claims:event-feed", "claims:event-embed", "claims:event-detail"]:
        add(name, [event.slug])
        add(name, [hidden.event.slug], names_hidden=True)
    add("claims:event-detail", [event.slug], {"retracted": "on"})
    add("claims:event-detail", [event.slug], {"at": question.slug})
    for each in event.questions.all():
        add("claims:question-embed", [event.slug, each.slug])
    add("claims:question-embed", [hidden.event.slug, hidden.question.slug], names_hidden=True)
    for shown in [event.get_absolute_url(), question.get_absolute_url()]:
        add("claims:oembed", query={"url": site + shown})
    add("claims:oembed", query={"url": site + hidden.event.get_absolute_url()}, names_hidden=True)
    for extension in ["html", "csv", "json"]:
        add("claims:event-export", [event.slug, extension])
        add("claims:event-export", [event.slug, extension], {"retracted": "on"})
        add("claims:event-export", [hidden.event.slug, extension], names_hidden=True)
    add("claims:source-list")
    for name in ["claims:source-feed", "claims:source-detail"]:
        add(name, [source.slug])
        add(name, [hidden.source.slug], names_hidden=True)
    add("claims:claim-list")
    add("claims:claim-list", query={"q": word})
    add("claims:claim-list", query={"source": source.slug, "event": event.slug})
    add("claims:claim-list", query={"retracted": "include"})
    for extension in ["csv", "json"]:
        add("claims:claim-export", [extension])
        add("claims:claim-export", [extension], {"q": word})
    for name, args in exports:
        add(name, args)
    for claim in siblings:
        add("claims:claim-detail", [claim.pk])
    add("claims:claim-detail", [hidden.claim.pk], names_hidden=True)
    add("claims:article-detail", [article.slug])
    add("claims:article-detail", [hidden.article.slug], names_hidden=True)

    add("api:documentation")
    add("api:openapi")
    for name in ["api:event-list", "api:question-list", "api:source-list", "api:article-list"]:
        add(name)
    add("api:question-list", query={"event": hidden.event.slug})
    add("api:claim-list")
    add("api:claim-list", query={"q": word})
    add("api:claim-list", query={"event": event.slug, "source": source.slug})
    for name in ["api:event-detail", "api:event-comparison"]:
        add(name, [event.slug])
        add(name, [hidden.event.slug], names_hidden=True)
    add("api:event-comparison", [event.slug], {"page": 2})
    add("api:claim-detail", [siblings.first().pk])
    add("api:claim-detail", [hidden.claim.pk], names_hidden=True)
    add("api:source-detail", [source.slug])
    add("api:source-detail", [hidden.source.slug], names_hidden=True)
    add("api:article-detail", [article.slug])
    add("api:article-detail", [hidden.article.slug], names_hidden=True)
    built.append(("api:[]", "/api/no-such-address/", False))
    return built


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def crawl(client, built):
    """Each address read by a visitor: {address: (pattern name, status, body in lower case)}.

    A page may repeat the address it was asked for (the language switch's `next`), which can
    hold a hidden record's slug: that echo is taken out, anything else naming it is kept.
    """
    pages = {}
    for name, address, _ in built:
        response = client.get(address)
        body = body_of(response).decode(errors="replace").lower()
        for echo in {address, quote(address, safe=""), quote(address)}:
            body = body.replace(echo.lower(), "")
        pages[address] = (name, response.status_code, body)
    return pages


def holding_the_word(pages):
    return {address: name for address, (name, _, body) in pages.items() if TOKEN.lower() in body}


def test_no_public_surface_shows_what_visible_to_hides(client, seeded, settings, monkeypatch):
    hidden = Hidden()

    # Before hiding: the crawl reaches the pages where the hidden records would show.
    built = addresses(hidden, background_exports(client, settings))
    shown = set(holding_the_word(crawl(client, built)).values())
    assert shown >= SHOWS_THE_HIDDEN, f"never shown by the crawl: {SHOWS_THE_HIDDEN - shown}"

    hidden.hide(monkeypatch)
    built = addresses(hidden, background_exports(client, settings))
    crawled = {name for name, _, _ in built}
    missing = sorted(name for name, _ in every_pattern() if is_public(name) and name not in crawled)
    assert not missing, f"public patterns the crawl has no address for: {missing}"

    pages = crawl(client, built)
    leaks = holding_the_word(pages)
    assert not leaks, f"hidden records shown at: {leaks}"
    not_found = {address for name, address, names_hidden in built if names_hidden}
    found = {address: pages[address][1] for address in not_found if pages[address][1] != 404}
    assert not found, f"hidden records' own addresses answered: {found}"
    failed = {address: status for address, (_, status, _) in pages.items() if status >= 500}
    assert not failed, failed


@pytest.fixture(autouse=True)
def exports_written_to_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
