"""Nothing is public until someone other than its author has published it: a role × state ×
move matrix of the review functions, the state each write path (desk, admin form, admin import,
command line, API) gives what it enters, and the review queue's pages."""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from claims import review
from claims.models import Activity, Article, Claim, Event
from claims.roles import ADMINS, EDITORS, VIEWERS, ensure_roles
from tests.factories import make_article, make_claim, make_event, make_question, make_source
from tests.test_desk import TYPED, paste, rows_as_posted

pytestmark = pytest.mark.django_db

State = Claim.State
GROUPS = {"viewer": VIEWERS, "author": EDITORS, "editor": EDITORS, "admin": ADMINS}


def user_with(role, name=None):
    ensure_roles()
    user = User.objects.create_user(name or role, password="unused", is_staff=True)
    user.groups.add(Group.objects.get(name=GROUPS[role]))
    return user


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


# The review moves: who may make which, from which state ---------------------------------------

# Written out rather than read from claims/review.py: (role, move) -> the states it starts from.
# "author" is the claim's author (an editor); "admin author" an Admin who wrote it.
MAY = {
    ("author", "submit"): {State.DRAFT, State.RETURNED},
    ("editor", "submit"): {State.DRAFT, State.RETURNED},
    ("editor", "take"): {State.IN_REVIEW},
    ("editor", "publish"): {State.IN_REVIEW},
    ("editor", "send_back"): {State.IN_REVIEW},
    ("admin", "submit"): {State.DRAFT, State.RETURNED},
    ("admin", "take"): {State.IN_REVIEW},
    ("admin", "publish"): {State.DRAFT, State.IN_REVIEW, State.RETURNED},
    ("admin", "send_back"): {State.IN_REVIEW},
    ("admin author", "submit"): {State.DRAFT, State.RETURNED},
}
BECOMES = {
    "submit": State.IN_REVIEW,
    "take": State.IN_REVIEW,
    "publish": State.PUBLISHED,
    "send_back": State.RETURNED,
}
MOVES = {
    "submit": review.submit,
    "take": review.take,
    "publish": review.publish,
    "send_back": lambda claims, user: review.send_back(claims, user, "Check the figure."),
}
MATRIX = [
    (role, state, move)
    for role in ["viewer", "author", "editor", "admin", "admin author"]
    for state in State.values
    for move in MOVES
]


@pytest.mark.parametrize("role, state, move", MATRIX)
def test_each_role_makes_exactly_the_review_moves_it_may(role, state, move):
    author = user_with("admin" if role == "admin author" else "author", "the-author")
    actor = author if role in ("author", "admin author") else user_with(role, "the-actor")
    claim = make_claim(state=state, author=author, summary="Claim 7")
    allowed = state in MAY.get((role, move), set())
    if allowed:
        MOVES[move]([claim], actor)
        claim.refresh_from_db()
        assert claim.state == BECOMES[move]
        last = claim.history.first()
        assert last.history_user == actor and last.state == BECOMES[move]
    else:
        with pytest.raises(review.ReviewRefused):
            MOVES[move]([claim], actor)
        claim.refresh_from_db()
        assert claim.state == state and claim.reviewer is None


def test_a_send_back_needs_a_comment_and_the_author_reads_it():
    author, reviewer = user_with("author"), user_with("editor")
    claim = make_claim(state=State.IN_REVIEW, author=author)
    with pytest.raises(review.ReviewRefused, match="Say what to fix"):
        review.send_back([claim], reviewer, "  ")
    review.send_back([claim], reviewer, "The figure is 413, not 431.")
    page = client_of(author).get(reverse("review:queue")).content.decode()
    assert "The figure is 413, not 431." in page and "Sent back to you" in page


def test_the_author_is_mailed_the_comment_when_their_claims_are_sent_back(
    mailoutbox, django_capture_on_commit_callbacks
):
    author, reviewer = user_with("author"), user_with("editor")
    author.email = "author@example.org"
    author.save()
    claims = [
        make_claim(state=State.IN_REVIEW, author=author, summary=f"Claim {n}", slug=f"claim-{n}")
        for n in (3, 4)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client_of(reviewer).post(
            reverse("review:move"),
            {"claim": [c.pk for c in claims], "action": "send_back", "comment": "Which ten?"},
        )
    assert [message.to for message in mailoutbox] == [["author@example.org"]]  # one, for both
    body = mailoutbox[0].body
    assert "Which ten?" in body and "Claim 3" in body and "Claim 4" in body
    assert reverse("review:queue") in body


def test_each_author_is_mailed_when_their_claims_are_published(
    mailoutbox, django_capture_on_commit_callbacks
):
    author, reviewer = user_with("author"), user_with("editor")
    author.email = "author@example.org"
    author.save()
    no_address = user_with("author", "no-address")
    mailed = make_claim(state=State.IN_REVIEW, author=author, summary="Claim 5", slug="claim-5")
    make_claim(state=State.IN_REVIEW, author=no_address, summary="Claim 6", slug="claim-6")
    with django_capture_on_commit_callbacks(execute=True):
        review.publish(Claim.objects.all(), reviewer)
    assert [message.to for message in mailoutbox] == [["author@example.org"]]
    assert "Claim 5" in mailoutbox[0].body and "Claim 6" not in mailoutbox[0].body
    assert mailed.get_absolute_url() in mailoutbox[0].body


def test_a_refused_move_mails_no_one(mailoutbox, django_capture_on_commit_callbacks):
    author = user_with("author")
    author.email = "author@example.org"
    author.save()
    claim = make_claim(state=State.IN_REVIEW, author=author)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(review.ReviewRefused):
        review.publish([claim], author)  # their own work
    assert mailoutbox == []


def test_a_move_on_several_claims_is_made_on_all_or_none():
    author, reviewer = user_with("author"), user_with("editor")
    theirs = make_claim(state=State.IN_REVIEW, author=author)
    own = make_claim(state=State.IN_REVIEW, author=reviewer, summary="Own work")
    with pytest.raises(review.ReviewRefused, match="Own work"):
        review.publish([theirs, own], reviewer)
    assert set(Claim.objects.values_list("state", flat=True)) == {State.IN_REVIEW}


def test_publishing_tells_the_feeds_and_counts_then_and_not_before():
    author, reviewer = user_with("author"), user_with("editor")
    question = make_question(kind="statement")
    claim = make_claim(question, state=State.IN_REVIEW, author=author)
    assert not Activity.objects.filter(claim=claim).exists()
    assert Event.objects.with_counts(None).get(pk=question.event_id).claim_count == 0
    review.publish([claim], reviewer)
    assert Activity.objects.filter(claim=claim, kind=Activity.Kind.ADDED).exists()
    assert Event.objects.with_counts(None).get(pk=question.event_id).claim_count == 1


# Every write path: what it enters waits for review, but an Admin's import keeps its states ------


def interchange(version=4, state=None):
    """A new event with one new source, article and claim, as a file of this format version."""
    claim = {"slug": "claim-1", "question": "count", "source": "source-17", "summary": "Ten"}
    if state:
        claim["state"] = state
    return json.dumps(
        {
            "format": "claimtracker",
            "version": version,
            "sources": [{"slug": "source-17", "name": "Source 17"}],
            "articles": [{"slug": "article-5", "title": "Article 5"}],
            "events": [
                {
                    "slug": "event-42",
                    "title": "Event 42",
                    "questions": [{"slug": "count", "text": "Was it ten?", "kind": "statement"}],
                    "claims": [{**claim, "stance": "affirms", "article": "article-5"}],
                }
            ],
        }
    ).encode()


def by_admin_import(user, data):
    client = client_of(user)
    url = reverse("admin:claims_claim_import")
    preview = client.post(url, {"file": SimpleUploadedFile("one.json", data)})
    assert "Confirm import" in preview.content.decode(), preview.content.decode()[:2000]
    client.post(url, {"confirm": "1", **preview.context["confirm_fields"]})
    return preview.content.decode()


def by_command(user, data, tmp_path):
    path = tmp_path / "one.json"
    path.write_bytes(data)
    options = ["--user", user.username] if user else []
    call_command("import_claims", str(path), *options, "--quiet-progress")


def by_api(user, data):
    token = Token.objects.create(user=user).key
    response = Client().post(
        "/api/imports/", data, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert response.status_code == 200, response.content[:800]
    return response.json()


def by_admin_form(user):
    question = make_question(kind="statement")
    data = {
        "question": question.pk,
        "source": make_source().pk,
        "summary": "Entered in the admin",
        "stance": "affirms",
        "slug": "entered",
        **{
            f"figures-{name}": value
            for name, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()
        },
    }
    response = client_of(user).post(reverse("admin:claims_claim_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]


# (path, role, file version, state the file gives) -> the state the new claim arrives in
IMPORTS = [
    ("admin import", "editor", 4, "published", State.IN_REVIEW),
    ("admin import", "editor", 3, None, State.IN_REVIEW),
    ("admin import", "admin", 4, "published", State.PUBLISHED),
    ("admin import", "admin", 4, "in_review", State.IN_REVIEW),
    ("admin import", "admin", 3, None, State.PUBLISHED),
    ("command line", "editor", 4, "published", State.IN_REVIEW),
    ("command line", "admin", 4, "draft", State.DRAFT),
    ("command line", None, 2, None, State.PUBLISHED),
    ("API", "editor", 4, "published", State.IN_REVIEW),
    ("API", "editor", 1, None, State.IN_REVIEW),
    ("API", "admin", 4, "published", State.PUBLISHED),
    ("API", "admin", 2, None, State.PUBLISHED),
]


@pytest.mark.parametrize("path, role, version, given, arrives", IMPORTS)
def test_an_import_is_its_importers_work(path, role, version, given, arrives, tmp_path):
    user = user_with(role) if role else None
    data = interchange(version, given)
    if path == "admin import":
        preview = by_admin_import(user, data)
        said = "Publish 1 claim at once" if arrives == State.PUBLISHED else "Keep 1 claim from"
        assert said in preview
    elif path == "command line":
        by_command(user, data, tmp_path)
    else:
        by_api(user, data)
    claim = Claim.objects.get()
    assert claim.state == arrives and claim.author == user
    public = Client().get(reverse("api:claim-list")).json()["results"]
    assert bool(public) == (arrives == State.PUBLISHED)
    event_page = Client().get(reverse("claims:event-detail", args=["event-42"]))
    assert event_page.status_code == (200 if arrives == State.PUBLISHED else 404)


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_the_admin_form_enters_a_claim_for_review_whoever_enters_it(role):
    user = user_with(role)
    by_admin_form(user)
    claim = Claim.objects.get(slug="entered")
    assert (claim.state, claim.author) == (State.IN_REVIEW, user)
    with pytest.raises(review.ReviewRefused):
        review.publish([claim], user)


@pytest.mark.parametrize("role", ["author", "admin"])
def test_the_desk_enters_claims_for_review_whoever_enters_them(role):
    user = user_with(role)
    desk = client_of(user)
    desk_url = paste(desk)
    response = desk.post(desk_url, {**rows_as_posted(desk.get(desk_url)), **TYPED, "save": "1"})
    assert response.status_code == 302
    assert {(c.state, c.author) for c in Claim.objects.all()} == {(State.IN_REVIEW, user)}
    assert Client().get(response["Location"]).status_code == 404  # the new event: not yet
    with pytest.raises(review.ReviewRefused):
        review.publish(Claim.objects.all(), user)
    review.publish(Claim.objects.all(), user_with("editor", "second"))
    assert Client().get(response["Location"]).status_code == 200


# The queue ------------------------------------------------------------------------------------


def test_the_queue_lists_what_waits_by_event_and_article_oldest_first(
    django_assert_max_num_queries,
):
    author, reviewer = user_with("author", "alice"), user_with("editor", "bob")
    first, second = make_article(title="Article 1"), make_article(title="Article 2")
    event = make_event(title="Event 42")
    for article in (second, first, second):
        question = make_question(event, kind="statement")
        claim = make_claim(question, article=article, state=State.DRAFT, author=author)
        review.submit([claim], author)
    review.take(Claim.objects.filter(article=first), reviewer)
    client = client_of(author)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("review:queue")).content.decode()
    assert page.index("Article 2") < page.index("Article 1")  # its claim waits longest
    assert "bob is reviewing" in page
    client_of(reviewer).get(reverse("review:article", args=[first.slug]))


def test_an_articles_claims_are_published_or_sent_back_together_beside_its_text():
    author, reviewer = user_with("author"), user_with("editor")
    article = make_article(title="Article 5", text="Source 17 said ten died.\nThen more.")
    question = make_question(kind="statement")
    claims = [
        make_claim(
            question,
            article=article,
            state=State.IN_REVIEW,
            author=author,
            text_start=0,
            text_end=24,
            slug=f"claim-{n}",
        )
        for n in range(3)
    ]
    client = client_of(reviewer)
    page = client.get(reverse("review:article", args=[article.slug])).content.decode()
    assert "<mark>Source 17 said ten died.</mark>" in page
    ids = [claim.pk for claim in claims]
    sent = client.post(
        reverse("review:move"),
        {"claim": ids[:1], "action": "send_back", "comment": "Which ten?"},
    )
    assert sent.status_code == 302
    client.post(reverse("review:move"), {"claim": ids[1:], "action": "publish"})
    states = dict(Claim.objects.values_list("pk", "state"))
    assert states == {ids[0]: State.RETURNED, ids[1]: State.PUBLISHED, ids[2]: State.PUBLISHED}
    own = client_of(author).post(reverse("review:move"), {"claim": ids[:1], "action": "publish"})
    assert Claim.objects.get(pk=ids[0]).state == State.RETURNED
    assert own.status_code == 302


def test_the_queue_is_for_staff_only(client):
    assert client.get(reverse("review:queue")).status_code == 302
    make_claim(state=State.IN_REVIEW, article=make_article(slug="article-9"))
    assert client.get(reverse("review:article", args=["article-9"])).status_code == 302
    assert Article.objects.visible_to(None).count() == 0


@pytest.mark.django_db(transaction=True)
def test_claims_stored_before_review_existed_stay_published():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [("claims", "0020_rules_checked_per_statement")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    event = old.get_model("claims", "Event").objects.create(title="Event 9", slug="event-9")
    question = old.get_model("claims", "Question").objects.create(
        event=event, slug="q", text="Was it?", kind="statement"
    )
    source = old.get_model("claims", "Source").objects.create(name="Source 9", slug="source-9")
    old.get_model("claims", "Claim").objects.create(
        question=question, source=source, slug="c", summary="It was", stance="affirms"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Claim.objects.get(slug="c").state == State.PUBLISHED
    assert Client().get("/events/event-9/").status_code == 200


def test_a_claim_sent_back_and_submitted_again_goes_to_the_reviewer_who_sent_it_back(
    mailoutbox, django_capture_on_commit_callbacks
):
    author, reviewer = user_with("author", "alice"), user_with("editor", "bob")
    reviewer.email = "bob@example.org"
    reviewer.save()
    claim = make_claim(state=State.IN_REVIEW, author=author, summary="Claim 8")
    review.send_back([claim], reviewer, "Which ten?")
    queue = client_of(reviewer).get(reverse("review:queue")).content.decode()
    assert "Yours to review" not in queue
    with django_capture_on_commit_callbacks(execute=True):
        review.submit([claim], author)
    assert [message.to for message in mailoutbox] == [["bob@example.org"]]
    assert "Claim 8" in mailoutbox[0].body and "alice" in mailoutbox[0].body
    page = client_of(reviewer).get(reverse("review:queue")).content.decode()
    assert "Yours to review" in page
    assert page.index("Yours to review") < page.index("Claim 8") < page.index("Waiting for review")


def test_the_queue_lists_changes_to_published_claims_and_the_authors_changes_sent_back():
    from claims import changes

    author, reviewer = user_with("author", "alice"), user_with("editor", "bob")
    claim = make_claim(state=State.PUBLISHED, summary="Counted 431")
    claim.summary = "Counted 413"
    change = changes.propose(claim, [], author, "The agency's figure")
    page = client_of(reviewer).get(reverse("review:queue")).content.decode()
    assert "Changes to published claims" in page and "proposed by alice" in page
    assert change.get_absolute_url() in page and "Approve or reject it" in page
    changes.reject(change, reviewer, "The agency said 431 twice.")
    page = client_of(author).get(reverse("review:queue")).content.decode()
    assert "No change to a published claim waits." in page
    assert "Your change to" in page and "The agency said 431 twice." in page


def test_the_site_tells_staff_how_many_claims_wait_for_them(client):
    author, reviewer = user_with("author", "alice"), user_with("editor", "bob")
    claims = [make_claim(state=State.IN_REVIEW, author=author, slug=f"c-{n}") for n in range(2)]
    review.take(claims, reviewer)
    home = client_of(reviewer).get(reverse("claims:home")).content.decode()
    assert '<span class="count-badge">2<span class="visually-hidden"> waiting for you' in home
    assert "count-badge" not in client_of(author).get(reverse("claims:home")).content.decode()
    assert "count-badge" not in client.get(reverse("claims:home")).content.decode()


def test_an_authors_drafts_are_submitted_from_the_queue():
    author = user_with("author", "alice")
    draft = make_claim(state=State.DRAFT, author=author, summary="Claim 9")
    client = client_of(author)
    page = client.get(reverse("review:queue")).content.decode()
    assert "Submit the checked drafts for review" in page
    client.post(reverse("review:move"), {"claim": [draft.pk], "action": "submit"})
    draft.refresh_from_db()
    assert draft.state == State.IN_REVIEW
    assert "Submit the checked drafts" not in client.get(reverse("review:queue")).content.decode()


def test_a_returned_claims_form_shows_the_comment_and_the_way_to_submit_it_again():
    author, reviewer = user_with("author", "alice"), user_with("editor", "bob")
    claim = make_claim(state=State.IN_REVIEW, author=author)
    review.send_back([claim], reviewer, "Which ten?")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    page = client_of(author).get(url).content.decode()
    assert "bob sent this claim back:" in page and "Which ten?" in page
    assert reverse("review:queue") + "#returned-heading" in page
