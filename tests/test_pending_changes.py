"""Published stays published while it is being changed: an editor's edit of a published claim
waits, as a pending change, until a second editor approves it; readers keep the published claim."""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from claims import changes
from claims.interchange import InvalidDocument, import_data
from claims.models import Claim, Figure, PendingChange
from claims.roles import ADMINS, EDITORS, ensure_roles
from tests.factories import make_claim, make_event, make_figure, make_question, make_source
from tests.rendered_forms import opened_change_form

pytestmark = pytest.mark.django_db


def staff(name, role=EDITORS):
    user = User.objects.create_user(name, f"{name}@example.org", "unused", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def published(db):
    """A published figure claim: Source 17 counted 431 people."""
    ensure_roles()
    event = make_event(title="Event 42", slug="event-42")
    question = make_question(event=event, slug="killed", text="How many were killed?")
    source = make_source(name="Source 17", slug="source-17")
    claim = make_claim(question=question, source=source, slug="count", summary="Counted 431")
    make_figure(claim, low=431)
    return claim


def edit_in_admin(client, claim, **changed):
    """Open the claim's change form, change some fields, and post it back."""
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = opened_change_form(client, url)
    data.update(changed)
    return client.post(url, data)


def published_figures(claim):
    return [figure.low for figure in Figure.objects.filter(claim=claim)]


def test_an_editors_edit_leaves_the_public_page_unchanged_until_a_second_editor_approves(
    client, published
):
    alice, bruno = staff("alice"), staff("bruno")
    response = edit_in_admin(
        logged_in(alice), published, **{"figures-0-low": "413", "summary": "Counted 413"}
    )
    assert response.status_code == 302
    change = PendingChange.objects.get()
    assert response["Location"] == change.get_absolute_url()
    published.refresh_from_db()
    assert published.summary == "Counted 431"
    assert published_figures(published) == [431]
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Counted 431" in page and "413" not in page
    assert "Corrected" not in page

    changes.approve(change, bruno, "correction", "as the report said")

    published.refresh_from_db()
    assert published.summary == "Counted 413"
    assert published_figures(published) == [413]
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Counted 413" in page


def test_the_author_cannot_approve_their_own_change(published):
    alice = staff("alice")
    response = edit_in_admin(logged_in(alice), published, summary="Counted 413")
    change = PendingChange.objects.get()
    with pytest.raises(ValidationError, match="another editor"):
        changes.approve(change, alice)
    page = logged_in(alice).post(change.get_absolute_url(), {"approve": "1"})
    assert "You proposed this change" in page.content.decode()
    published.refresh_from_db()
    assert published.summary == "Counted 431"
    assert response.status_code == 302
    assert PendingChange.objects.get().state == PendingChange.State.PENDING


def test_approval_applies_the_change_and_history_shows_both_editors(published):
    alice, bruno = staff("alice"), staff("bruno")
    edit_in_admin(
        logged_in(alice), published, summary="Counted 431 civilians", change_reason="Wording"
    )
    change = PendingChange.objects.get()
    page = logged_in(bruno).post(change.get_absolute_url(), {"approve": "1"})
    assert page.status_code == 302
    latest = published.history.order_by("-history_date", "-history_id").first()
    assert latest.summary == "Counted 431 civilians"
    assert latest.history_user == alice
    assert latest.history_change_reason == "Wording"
    staff_page = logged_in(bruno).get(published.get_absolute_url()).content.decode()
    assert "Proposed by alice" in staff_page
    assert "by bruno" in staff_page
    public_page = Client().get(published.get_absolute_url()).content.decode()
    assert "bruno" not in public_page and "Proposed by" not in public_page


def test_staff_see_that_a_claim_has_a_change_waiting(published):
    alice, bruno = staff("alice"), staff("bruno")
    edit_in_admin(logged_in(alice), published, summary="Counted 413")
    change = PendingChange.objects.get()
    claim_page = logged_in(bruno).get(published.get_absolute_url()).content.decode()
    assert change.get_absolute_url() in claim_page
    form = logged_in(bruno).get(reverse("admin:claims_claim_change", args=[published.pk]))
    assert "waits for review" in form.content.decode()
    listing = logged_in(bruno).get(reverse("admin:claims_claim_changelist"))
    assert listing.context["cl"].result_list[0].has_change_waiting
    assert (
        change.get_absolute_url() not in Client().get(published.get_absolute_url()).content.decode()
    )


def test_a_second_change_waits_until_the_first_is_decided(published):
    alice = staff("alice")
    edit_in_admin(logged_in(alice), published, summary="Counted 413")
    response = edit_in_admin(logged_in(staff("carla")), published, summary="Counted 400")
    assert response.status_code == 200
    assert "already waits for review" in response.content.decode()
    assert PendingChange.objects.count() == 1


def test_an_admin_publishes_directly(published):
    boss = staff("boss", ADMINS)
    response = edit_in_admin(logged_in(boss), published, summary="Counted 413")
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.summary == "Counted 413"
    assert not PendingChange.objects.exists()


def import_of(claim, figure_low, summary):
    document = {
        "format": "claimtracker",
        "version": 2,
        "sources": [{"slug": "source-17", "name": "Source 17"}],
        "events": [
            {
                "slug": "event-42",
                "title": "Event 42",
                "claims": [
                    {
                        "slug": claim.slug,
                        "question": claim.question.slug,
                        "source": "source-17",
                        "summary": summary,
                        "figures": [{"qualifier": "exact", "low": figure_low}],
                    }
                ],
            }
        ],
    }
    return json.dumps(document).encode()


def test_an_editors_import_that_changes_a_published_claim_waits_for_review(client, published):
    alice, bruno = staff("alice"), staff("bruno")
    preview = import_data(
        import_of(published, 413, "Counted 413"), "a.json", user=alice, dry_run=True
    )
    assert "Propose changes to 1 claim" in " ".join(preview.actions())
    assert not PendingChange.objects.exists()  # a preview keeps nothing
    report = import_data(import_of(published, 413, "Counted 413"), "a.json", user=alice)
    assert report.proposed
    published.refresh_from_db()
    assert (published.summary, published_figures(published)) == ("Counted 431", [431])
    assert "413" not in client.get(published.question.event.get_absolute_url()).content.decode()

    change = PendingChange.objects.get()
    assert change.author == alice
    changes.approve(change, bruno, "correction", "as the report said")
    published.refresh_from_db()
    assert (published.summary, published_figures(published)) == ("Counted 413", [413])


def test_an_admins_import_changes_the_claim_at_once(published):
    import_data(import_of(published, 413, "Counted 413"), "a.json", user=staff("boss", ADMINS))
    assert published_figures(published) == [413]
    assert not PendingChange.objects.exists()


def test_an_import_changing_a_claim_with_a_change_waiting_is_refused(published):
    import_data(import_of(published, 413, "Counted 413"), "a.json", user=staff("alice"))
    with pytest.raises(InvalidDocument, match="already waits for review"):
        import_data(import_of(published, 400, "Counted 400"), "b.json", user=staff("carla"))


def test_a_change_to_a_figure_needs_correction_or_clarification_and_a_note(published):
    edit_in_admin(logged_in(staff("alice")), published, **{"figures-0-low": "413"})
    change = PendingChange.objects.get()
    bruno = logged_in(staff("bruno"))
    page = bruno.post(change.get_absolute_url(), {"approve": "1"})
    assert "correction or a clarification" in page.content.decode()
    page = bruno.post(change.get_absolute_url(), {"approve": "1", "kind": "correction"})
    assert "note readers will see" in page.content.decode()
    assert published_figures(published) == [431]


def test_rejecting_needs_a_comment_leaves_the_claim_and_tells_the_author(
    published, mailoutbox, django_capture_on_commit_callbacks
):
    edit_in_admin(logged_in(staff("alice")), published, summary="Counted 413")
    change = PendingChange.objects.get()
    bruno = logged_in(staff("bruno"))
    page = bruno.post(change.get_absolute_url(), {"reject": "1"})
    assert "Say why" in page.content.decode()
    with pytest.raises(ValidationError):
        changes.reject(change, User.objects.get(username="alice"), "mine")
    with pytest.raises(ValidationError):
        changes.approve(change, User.objects.get(username="alice"))
    with django_capture_on_commit_callbacks(execute=True):
        bruno.post(change.get_absolute_url(), {"reject": "1", "comment": "The report says 431."})
    change.refresh_from_db()
    assert change.state == PendingChange.State.REJECTED
    assert Claim.objects.get(pk=published.pk).summary == "Counted 431"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.org"]
    assert "The report says 431." in mailoutbox[0].body
    mine = logged_in(User.objects.get(username="alice")).get(
        reverse("admin:claims_pendingchange_changelist") + "?proposed_by=me"
    )
    assert "The report says 431." in mine.content.decode()


def test_an_approved_change_is_mailed_to_its_author(
    published, mailoutbox, django_capture_on_commit_callbacks
):
    edit_in_admin(logged_in(staff("alice")), published, summary="Counted 431 people")
    with django_capture_on_commit_callbacks(execute=True):
        changes.approve(PendingChange.objects.get(), staff("bruno"))
    assert [message.to for message in mailoutbox] == [["alice@example.org"]]
    assert "approved" in mailoutbox[0].body


def test_approving_over_a_later_edit_is_refused(published):
    edit_in_admin(logged_in(staff("alice")), published, summary="Counted 413")
    edit_in_admin(logged_in(staff("boss", ADMINS)), published, speaker_name="Speaker 9")
    with pytest.raises(ValidationError, match="changed since"):
        changes.approve(PendingChange.objects.get(), staff("bruno"))
    assert Claim.objects.get(pk=published.pk).summary == "Counted 431"


def test_comparison_verdicts_and_counts_keep_the_published_figures(client, published):
    other = make_claim(question=published.question, slug="other", summary="Counted 430")
    make_figure(other, low=430)
    # 431 against 430: exact figures that differ are in conflict.
    event_page = published.question.event.get_absolute_url()
    assert 'class="row-conflict' in client.get(event_page).content.decode()
    edit_in_admin(logged_in(staff("alice")), other, **{"figures-0-low": "431"})
    assert 'class="row-conflict' in client.get(event_page).content.decode()
    changes.approve(PendingChange.objects.get(), staff("bruno"), "correction", "a typing error")
    assert 'class="row-conflict' not in client.get(event_page).content.decode()


def test_a_published_claims_figures_change_only_through_its_claims_form(published):
    editor = logged_in(staff("editor"))
    figure = Figure.objects.get(claim=published)
    change_url = reverse("admin:claims_figure_change", args=[figure.pk])
    opened = opened_change_form(editor, change_url)  # shown to read, not to change
    assert editor.post(change_url, {**opened, "low": "999"}).status_code == 403
    delete_url = reverse("admin:claims_figure_delete", args=[figure.pk])
    assert editor.post(delete_url, {"post": "yes"}).status_code == 403
    add_url = reverse("admin:claims_figure_add")
    added = {**opened_change_form(editor, add_url), "claim": published.pk, "qualifier": "exact"}
    added.update(low="5", measure=figure.measure_id, position="2")
    assert editor.post(add_url, added).status_code == 403
    assert published_figures(published) == [431]
    admin = logged_in(staff("admin", ADMINS))
    edited = {**opened_change_form(admin, change_url), "low": "432"}
    assert admin.post(change_url, edited).status_code == 302
    assert published_figures(published) == [432]


def test_staff_see_a_claims_change_waiting_for_review_on_its_page_and_readers_do_not(
    client, published
):
    alice, bruno = staff("alice"), staff("bruno")
    edit_in_admin(logged_in(alice), published, summary="Counted 413")
    change = PendingChange.objects.get()

    for_staff = logged_in(bruno).get(published.get_absolute_url()).content.decode()
    for_readers = client.get(published.get_absolute_url()).content.decode()

    assert "Changes for review" in for_staff and "Proposed by alice" in for_staff
    assert f'<a href="{change.get_absolute_url()}">Review the change</a>' in for_staff
    assert "Changes for review" not in for_readers and "alice" not in for_readers
