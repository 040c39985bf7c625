"""Each role writes exactly what it may, on every path that writes: a role × record × action
matrix through the admin's forms, the admin's import and the command-line import."""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims import changes
from claims.models import Article, Claim, Event, Figure, PendingChange, Question, Source
from claims.roles import ADMINS, EDITORS, VIEWERS, ensure_roles
from tests.factories import (
    make_article,
    make_claim,
    make_event,
    make_figure,
    make_question,
    make_source,
)

pytestmark = pytest.mark.django_db

ROLES = {"viewer": VIEWERS, "editor": EDITORS, "admin": ADMINS}
RECORDS = ["source", "article", "event", "question", "claim", "figure"]
MODELS = {
    "source": Source,
    "article": Article,
    "event": Event,
    "question": Question,
    "claim": Claim,
    "figure": Figure,
}

# What each role may do, written out rather than read from claims/roles.py.
EDITED_BY_EDITORS = {"question", "article", "claim", "figure"}
ALLOWED = {
    "viewer": set(),
    # Editors also create events and sources (a new event at the desk brings its own).
    "editor": {(record, action) for record in EDITED_BY_EDITORS for action in ("create", "change")}
    | {("event", "create"), ("source", "create")},
    # Admins do everything but delete a claim, which is retracted instead.
    "admin": {(r, a) for r in RECORDS for a in ("create", "change", "delete")}
    - {("claim", "delete")},
}


@pytest.fixture
def world(db):
    """A small fictional event, and records nothing depends on, for deleting."""
    ensure_roles()
    event = make_event(title="Event 42", slug="event-42")
    question = make_question(event=event, slug="count", text="How many?")
    source = make_source(name="Source 17", slug="source-17")
    article = make_article(title="Article 5", slug="article-5")
    claim = make_claim(question=question, source=source, slug="claim-1", article=article)
    make_figure(claim, low=40)
    return {
        "event": event,
        "question": question,
        "source": source,
        "article": article,
        "claim": claim,
        "figure": claim.figures.get(),
        # Free of dependants, so that deleting them is possible at all.
        "lone event": make_event(title="Event 43", slug="event-43"),
        "lone question": make_question(
            event=event, slug="unanswered", text="Nobody answered?", kind="statement"
        ),
        "lone source": make_source(name="Source 18", slug="source-18"),
        "lone article": make_article(title="Article 6", slug="article-6"),
    }


def user_with(role):
    user = User.objects.create_user(role, password="unused", is_staff=True)
    user.groups.add(Group.objects.get(name=ROLES[role]))
    return user


# The admin's forms ----------------------------------------------------------------------------

NO_INLINES = {
    "TOTAL_FORMS": "0",
    "INITIAL_FORMS": "0",
    "MIN_NUM_FORMS": "0",
    "MAX_NUM_FORMS": "1000",
}


def inline(prefix):
    return {f"{prefix}-{name}": value for name, value in NO_INLINES.items()}


def form_data(record, world, instance=None):
    """What the admin form for the record posts: a new one, or `instance` changed."""
    version = {"loaded_version": instance.version} if instance else {}
    if record == "source":
        return {
            "name": "Source 99",
            "slug": instance.slug if instance else "source-99",
            "kind": "media",
            **version,
        }
    if record == "article":
        return {
            "title": "Article 99",
            "slug": instance.slug if instance else "article-99",
            **version,
        }
    if record == "event":
        return {
            "title": "Event 99",
            "slug": instance.slug if instance else "event-99",
            **inline("questions"),
            **version,
        }
    if record == "question":
        return {
            "event": world["event"].pk,
            "slug": instance.slug if instance else "new",
            "text": "Asked again?",
            "kind": "figure",
            "position": 5,
            **measure_rows(instance),
            **version,
        }
    if record == "claim":
        return {
            "question": world["question"].pk,
            "source": world["source"].pk,
            "summary": "Counted again",
            "slug": instance.slug if instance else "claim-2",
            **inline("figures"),
            **version,
        }
    return {
        "claim": world["claim"].pk,
        "qualifier": "exact",
        "low": "41",
        "measure": world["question"].measures.get().pk,
        "position": 0,
        **version,
    }


def measure_rows(question):
    """The question form's measures, posted back unchanged."""
    measures = list(question.measures.all()) if question else []
    rows = {**inline("measures"), "measures-INITIAL_FORMS": str(len(measures))}
    rows["measures-TOTAL_FORMS"] = str(len(measures))
    for index, measure in enumerate(measures):
        for name in ("id", "unit", "counted", "slug", "position"):
            rows[f"measures-{index}-{name}"] = getattr(measure, name)
        rows[f"measures-{index}-question"] = question.pk
        rows[f"measures-{index}-loaded_version"] = measure.version
    return rows


def target(record, world, action):
    if action == "delete" and f"lone {record}" in world:
        return world[f"lone {record}"]
    return world[record]


def admin_form(client, record, action, world):
    """Do it through the admin; True if it was done, False if refused."""
    model = MODELS[record]
    before = model.objects.count()
    if action == "create":
        response = client.post(reverse(f"admin:claims_{record}_add"), form_data(record, world))
    else:
        instance = target(record, world, action)
        if action == "change":
            url = reverse(f"admin:claims_{record}_change", args=[instance.pk])
            response = client.post(url, form_data(record, world, instance))
        else:
            url = reverse(f"admin:claims_{record}_delete", args=[instance.pk])
            response = client.post(url, {"post": "yes"})
    if response.status_code == 403:
        assert model.objects.count() == before
        return False
    assert response.status_code == 302, response.content.decode()[:3000]
    expected = {"create": before + 1, "change": before, "delete": before - 1}[action]
    assert model.objects.count() == expected
    return True


# The import, in the admin and on the command line -----------------------------------------------


def document(record, action, world):
    """An interchange document that makes exactly one write of this kind, or None if an import
    cannot make it (an import deletes nothing but a claim's surplus figures)."""
    if action == "delete" and record != "figure":
        return None
    event = {"slug": "event-42"}
    claim = {"slug": "claim-1", "question": "count"}
    doc = {"format": "claimtracker", "version": 1}
    if record == "source":
        doc["sources"] = [
            {"slug": "source-17" if action == "change" else "source-99", "name": "Source 99"}
        ]
    elif record == "article":
        doc["articles"] = [
            {"slug": "article-5" if action == "change" else "article-99", "title": "Article 99"}
        ]
    elif record == "event":
        doc["events"] = [
            {"slug": "event-42" if action == "change" else "event-99", "title": "Event 99"}
        ]
    elif record == "question":
        question = {
            "slug": "count" if action == "change" else "new",
            "text": "Asked again?",
            "kind": "figure",
        }
        doc["events"] = [{**event, "questions": [question]}]
    elif record == "claim":
        changed = {
            "slug": "claim-1" if action == "change" else "claim-2",
            "question": "count",
            "source": "source-17",
            "summary": "Counted again",
        }
        doc["events"] = [{**event, "claims": [changed]}]
    else:
        figure = {"qualifier": "exact", "low": 41}
        figures = {
            "create": [{"qualifier": "exact", "low": 40}, figure],
            "change": [figure],
            "delete": [],
        }[action]
        doc["events"] = [{**event, "claims": [{**claim, "figures": figures}]}]
    return json.dumps(doc).encode()


def admin_import(client, record, action, world):
    data = document(record, action, world)
    url = reverse("admin:claims_claim_import")
    model = MODELS[record]
    before = model.objects.count()
    preview = client.post(url, {"file": SimpleUploadedFile("one.json", data)})
    if preview.status_code == 403:
        return False  # the import itself is not the role's
    page = preview.content.decode()
    if "does not allow you to" in page:
        assert "Confirm import" not in page
        assert model.objects.count() == before
        return False
    assert "Confirm import" in page, page[:3000]
    done = client.post(url, {"confirm": "1", **preview.context["confirm_fields"]})
    assert done.status_code == 302
    return True


def command_line_import(client, record, action, world, tmp_path, user):
    path = tmp_path / "one.json"
    path.write_bytes(document(record, action, world))
    try:
        call_command("import_claims", str(path), "--user", user.username, "--quiet-progress")
    except CommandError as error:
        assert "does not allow you to" in str(error)
        return False
    return True


CASES = [
    (role, record, action)
    for role in ROLES
    for record in RECORDS
    for action in ("create", "change", "delete")
]


@pytest.mark.parametrize("role, record, action", CASES)
def test_admin_form_writes_exactly_what_the_role_may(client, world, role, record, action):
    client.force_login(user_with(role))
    allowed = (record, action) in ALLOWED[role]
    if record == "figure" and role != "admin":
        # The claim is published: its figures change in its own form, held for review there.
        allowed = False
    assert admin_form(client, record, action, world) == allowed


@pytest.mark.parametrize(
    "role, record, action", [case for case in CASES if case[2] != "delete" or case[1] == "figure"]
)
def test_admin_import_writes_exactly_what_the_role_may(client, world, role, record, action):
    client.force_login(user_with(role))
    assert admin_import(client, record, action, world) == ((record, action) in ALLOWED[role])


@pytest.mark.parametrize(
    "role, record, action", [case for case in CASES if case[2] != "delete" or case[1] == "figure"]
)
def test_command_line_import_writes_exactly_what_the_role_may(
    client, world, tmp_path, role, record, action
):
    user = user_with(role)
    expected = (record, action) in ALLOWED[role]
    assert command_line_import(client, record, action, world, tmp_path, user) == expected


def test_a_refused_import_lists_everything_the_role_does_not_allow(client, world):
    client.force_login(user_with("editor"))
    doc = {
        "format": "claimtracker",
        "version": 1,
        "sources": [{"slug": "source-17", "name": "Renamed"}, {"slug": "new", "name": "New"}],
        "events": [
            {
                "slug": "event-42",
                "title": "Renamed",
                "claims": [
                    {"slug": "claim-1", "question": "count", "summary": "Edited", "figures": []}
                ],
            }
        ],
    }
    upload = SimpleUploadedFile("many.json", json.dumps(doc).encode())
    page = client.post(reverse("admin:claims_claim_import"), {"file": upload}).content.decode()
    for refused in ("change 1 source", "change 1 event", "delete 1 figure"):
        assert f"does not allow you to {refused}" in page
    assert "create 1 source" not in page  # editors create sources
    assert Source.objects.get(slug="source-17").name == "Source 17"
    assert world["claim"].figures.count() == 1


def test_an_import_for_a_named_user_is_theirs_in_the_history(world, tmp_path):
    user = user_with("editor")
    path = tmp_path / "edit.json"
    path.write_bytes(document("claim", "change", world))
    call_command("import_claims", str(path), "--user", "editor", "--quiet-progress")
    # An Editor's change to a published claim is published once a second person approves it.
    changes.approve(PendingChange.objects.get(author=user), user_with("admin"))
    latest = Claim.history.filter(id=world["claim"].pk).latest("history_date")
    assert latest.history_user == user
    assert latest.history_change_reason == "Imported from edit.json"
