"""Each role can do exactly its part: a role × action matrix, every cell tested."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import override_settings
from django.urls import reverse

from claims import changes
from claims.models import Claim, Figure, PendingChange, Source
from claims.roles import ADMINS, EDITORS, VIEWERS, ensure_roles

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "viewer", "editor", "admin"]
OK, DENIED, LOGIN = "ok", "denied", "login"


@pytest.fixture
def as_role(client, seeded):
    """Log the client in with the given role (anonymous: nobody)."""
    ensure_roles()  # the groups, also after a test that emptied the database
    groups = {"viewer": VIEWERS, "editor": EDITORS, "admin": ADMINS}

    def log_in(role):
        if role != "anonymous":
            user = User.objects.create_user(role, password="unused", is_staff=True)
            user.groups.add(Group.objects.get(name=groups[role]))
            client.force_login(user)
        return client

    return log_in


def outcome(response):
    if response.status_code in (200, 201):
        return OK
    if response.status_code == 302 and "/login/" in response["Location"]:
        return LOGIN
    if response.status_code == 302:
        return OK  # a successful form submission redirects
    if response.status_code == 403:
        return DENIED
    raise AssertionError(f"unexpected {response.status_code}")


def claim():
    return Claim.objects.get(slug="moscow-denies-safe-passage-deal")


def claim_post_data(**changes):
    current = claim()
    data = {
        "question": current.question_id,
        "source": current.source_id,
        "stance": current.stance,
        "summary": current.summary,
        "quote": current.quote,
        "speaker_name": current.speaker_name,
        "speaker_role": current.speaker_role,
        "via": current.via,
        "stated_on": "",
        "stated_when": current.stated_when,
        "article": current.article_id or "",
        "slug": current.slug,
        "retracted_on": "",
        "retraction_reason": "",
        "loaded_version": current.version,
        "change_reason": "",
        "figures-TOTAL_FORMS": "0",
        "figures-INITIAL_FORMS": "0",
        "figures-MIN_NUM_FORMS": "0",
        "figures-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def admin_url(name, *args):
    return reverse(f"admin:{name}", args=args)


# Each action: how to do it, and the outcome for anonymous, viewer, editor, admin.
ACTIONS = {
    "read the comparison": (lambda c: c.get("/events/aleppo-december-2016/"), "ok ok ok ok"),
    "read the claim browser": (lambda c: c.get("/claims/"), "ok ok ok ok"),
    "read a source": (lambda c: c.get("/sources/reuters/"), "ok ok ok ok"),
    "read a claim": (lambda c: c.get(claim().get_absolute_url()), "ok ok ok ok"),
    "export CSV": (lambda c: c.get("/events/aleppo-december-2016/export.csv"), "ok ok ok ok"),
    "export HTML": (lambda c: c.get("/events/aleppo-december-2016/export.html"), "ok ok ok ok"),
    "export claims JSON": (lambda c: c.get("/claims/export.json"), "ok ok ok ok"),
    "list claims in admin": (
        lambda c: c.get(admin_url("claims_claim_changelist")),
        "login ok ok ok",
    ),
    "open the add-claim form": (
        lambda c: c.get(admin_url("claims_claim_add")),
        "login denied ok ok",
    ),
    "change a claim": (
        lambda c: c.post(
            admin_url("claims_claim_change", claim().pk), claim_post_data(summary="Edited.")
        ),
        "login denied ok ok",
    ),
    "retract a claim": (
        lambda c: c.post(
            admin_url("claims_claim_change", claim().pk),
            claim_post_data(retracted_on="2016-12-14", retraction_reason="Misattributed."),
        ),
        "login denied ok ok",
    ),
    "delete a claim": (
        lambda c: c.post(admin_url("claims_claim_delete", claim().pk), {"post": "yes"}),
        "login denied denied denied",
    ),
    "delete a figure": (
        lambda c: c.post(
            admin_url("claims_figure_delete", Figure.objects.first().pk), {"post": "yes"}
        ),
        "login denied denied ok",
    ),
    "add a question": (lambda c: c.get(admin_url("claims_question_add")), "login denied ok ok"),
    "add an article": (lambda c: c.get(admin_url("claims_article_add")), "login denied ok ok"),
    "add a source": (lambda c: c.get(admin_url("claims_source_add")), "login denied ok ok"),
    "change a source": (
        lambda c: c.post(
            admin_url("claims_source_change", Source.objects.get(slug="reuters").pk),
            {"name": "Reuters (edited)", "slug": "reuters", "kind": "media", "loaded_version": 1},
        ),
        "login denied denied ok",
    ),
    "add an event": (lambda c: c.get(admin_url("claims_event_add")), "login denied ok ok"),
    "import claims": (lambda c: c.get(admin_url("claims_claim_import")), "login denied ok ok"),
    "manage users": (lambda c: c.get(admin_url("auth_user_changelist")), "login denied denied ok"),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_role_can_do_exactly_its_part(as_role, role, action):
    do, expected = ACTIONS[action]
    expected_outcome = dict(zip(ROLES, expected.split(), strict=True))[role]
    client = as_role(role)
    assert outcome(do(client)) == expected_outcome


def test_editor_change_is_saved_and_retraction_keeps_the_claim(as_role):
    client = as_role("editor")
    data = claim_post_data(retracted_on="2016-12-14", retraction_reason="Misattributed.")
    client.post(admin_url("claims_claim_change", claim().pk), data)
    # A retraction of a published claim is a change a second person approves.
    assert not claim().is_retracted
    reviewer = User.objects.create_user("reviewer", password="unused", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=EDITORS))
    changes.approve(PendingChange.objects.get(claim=claim()), reviewer)
    retracted = claim()
    assert retracted.is_retracted and retracted.retraction_reason == "Misattributed."
    assert retracted.history.first().history_user.username == "editor"


def test_viewer_cannot_change_anything(as_role):
    client = as_role("viewer")
    client.post(admin_url("claims_claim_change", claim().pk), claim_post_data(summary="Hacked."))
    assert claim().summary == "Denied any such deal."


@override_settings(READ_REQUIRES_LOGIN=True)
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/events/aleppo-december-2016/",
        "/claims/",
        "/events/aleppo-december-2016/export.csv",
        "/feed.atom",
        "/events/aleppo-december-2016/feed.atom",
        "/events/aleppo-december-2016/embed/",
        "/oembed?url=http://testserver/events/aleppo-december-2016/",
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_reading_can_require_a_login(as_role, role, url):
    response = as_role(role).get(url)
    assert outcome(response) == (LOGIN if role == "anonymous" else OK)
