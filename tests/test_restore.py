"""Restoring a claim brings it back whole: its own fields and its figures as they were, in one
step, with a preview first and the reason kept in history."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from claims.models import Claim, Figure
from claims.roles import EDITORS, ensure_roles
from tests.factories import make_claim, make_figure, make_question

pytestmark = pytest.mark.django_db


def superuser_client(name="boss"):
    client = Client()
    client.force_login(User.objects.create_superuser(name, f"{name}@example.org", "x"))
    return client


@pytest.fixture
def revised_claim(db):
    """Version 1: "Counted 40" with one figure of 40. Then: summary changed, the figure
    corrected to 41, and a second figure added."""
    claim = make_claim(question=make_question(slug="count"), summary="Counted 40")
    figure = make_figure(claim, low=40)
    claim.summary = "Counted 41 and 7 more"
    claim.save()
    figure.low = 41
    figure.save()
    make_figure(claim, low=7, position=1)
    return claim


def first_version(claim):
    return claim.history.order_by("history_date").first()


def restore_url(claim, record):
    return reverse("admin:claims_claim_restore", args=[claim.pk, record.history_id])


def test_restore_brings_back_the_text_and_the_figures_of_that_version(revised_claim):
    boss = superuser_client()
    claim, record = revised_claim, first_version(revised_claim)
    # Click 1: the version in the history list. Its page is the preview.
    history = boss.get(reverse("admin:claims_claim_history", args=[claim.pk])).content.decode()
    version_url = reverse("admin:claims_claim_simple_history", args=[claim.pk, record.history_id])
    assert version_url in history
    preview = boss.get(version_url, follow=True)
    page = preview.content.decode()
    assert "<del>Counted 41 and 7 more</del> → <ins>Counted 40</ins>" in page
    assert "Make it 40 people" in page and "Delete 7 people" in page
    assert Claim.objects.get(pk=claim.pk).summary == "Counted 41 and 7 more"  # nothing yet
    # Click 2: restore, with a reason.
    form = preview.context["form"]
    data = {
        "reason": "The agency withdrew its correction",
        "loaded_version": form["loaded_version"].value(),
        "figure_versions": form["figure_versions"].value(),
    }
    assert boss.post(restore_url(claim, record), data).status_code == 302
    claim.refresh_from_db()
    assert claim.summary == "Counted 40"
    assert [str(figure) for figure in claim.figures.all()] == ["40 people"]
    latest = claim.history.order_by("-history_date").first()
    assert latest.history_change_reason.startswith("Restored to version 1")
    assert "The agency withdrew its correction" in latest.history_change_reason
    assert claim.history.count() == 3  # created, revised, restored: nothing lost


def test_a_figure_deleted_since_comes_back(revised_claim):
    boss = superuser_client()
    claim = revised_claim
    Figure.objects.filter(claim=claim).delete()
    record = first_version(claim)
    preview = boss.get(restore_url(claim, record))
    assert "Bring back 40 people" in preview.content.decode()
    form = preview.context["form"]
    boss.post(
        restore_url(claim, record),
        {
            "reason": "Deleted by mistake",
            "loaded_version": form["loaded_version"].value(),
            "figure_versions": form["figure_versions"].value(),
        },
    )
    assert [str(figure) for figure in claim.figures.all()] == ["40 people"]


def test_a_restore_on_a_stale_preview_is_refused(revised_claim):
    boss = superuser_client()
    claim, record = revised_claim, first_version(revised_claim)
    form = boss.get(restore_url(claim, record)).context["form"]
    claim.summary = "Changed while the preview was open"
    claim.save()
    response = boss.post(
        restore_url(claim, record),
        {
            "reason": "Too late",
            "loaded_version": form["loaded_version"].value(),
            "figure_versions": form["figure_versions"].value(),
        },
    )
    assert "Not saved: someone saved this claim" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).summary == "Changed while the preview was open"


def test_a_restore_the_role_does_not_allow_is_refused_with_why(revised_claim):
    ensure_roles()
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    client = Client()
    client.force_login(user)
    claim, record = revised_claim, first_version(revised_claim)
    page = client.get(restore_url(claim, record)).content.decode()
    assert "Your role does not allow this restore: it would delete 1 figure" in page
    response = client.post(
        restore_url(claim, record),
        {"reason": "x", "loaded_version": claim.version, "figure_versions": "{}"},
    )
    assert "does not allow you to delete 1 figure" in response.content.decode()
    assert claim.figures.count() == 2


@pytest.mark.parametrize(
    "url",
    [
        "/admin/claims/claim/{pk}/change/history/",
        "/admin/claims/claim/not-a-number/history/",
        "/admin/claims/claim/{pk}/restore/999999/",
        "/admin/claims/figure/{pk}x/history/",
    ],
)
def test_malformed_history_and_restore_addresses_are_not_found(revised_claim, url):
    response = superuser_client().get(url.format(pk=revised_claim.pk))
    assert response.status_code == 404


def test_an_editors_restore_of_a_published_claim_waits_for_a_second_editor(db):
    """Restoring is an edit like any other: readers keep the published claim until another
    editor approves, and the figure it changes back is a correction readers are told of."""
    from claims import changes
    from claims.models import Correction, PendingChange

    ensure_roles()
    claim = make_claim(question=make_question(slug="count"), summary="Counted 40")
    figure = make_figure(claim, low=40)
    claim.summary = "Counted 41"
    claim.save()
    figure.low = 41
    figure.save()
    author, reviewer = (
        User.objects.create_user(name, password="x", is_staff=True) for name in ("ana", "ben")
    )
    for user in (author, reviewer):
        user.groups.add(Group.objects.get(name=EDITORS))
    client = Client()
    client.force_login(author)
    record = first_version(claim)
    preview = client.get(restore_url(claim, record))
    assert "the restore will wait for a second editor" in preview.content.decode()
    form = preview.context["form"]
    response = client.post(
        restore_url(claim, record),
        {
            "reason": "The agency withdrew its correction",
            "loaded_version": form["loaded_version"].value(),
            "figure_versions": form["figure_versions"].value(),
        },
    )
    change = PendingChange.objects.get(claim=claim)
    assert response.status_code == 302 and response.url == change.get_absolute_url()
    claim.refresh_from_db()
    assert claim.summary == "Counted 41"
    assert [str(figure) for figure in claim.figures.all()] == ["41 people"]

    changes.approve(change, reviewer, kind=Correction.Kind.CORRECTION, note="The count was 40")
    claim.refresh_from_db()
    assert claim.summary == "Counted 40"
    assert [str(figure) for figure in claim.figures.all()] == ["40 people"]
    assert Correction.objects.get(claim=claim).what_changed == "40, not 41"
