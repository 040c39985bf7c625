"""An axe-core scan of the main pages and the desk in Chromium finds no violation, in both
interface languages."""

import pytest

from claims.models import Claim
from tests.browser.chromium import log_in
from tests.browser.conftest import AXE


def violations(page, url):
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}×, e.g. "
        f"{violation['nodes'][0]['target']})"
        for violation in found
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/events/aleppo-december-2016/",
        "/sources/syrian-observatory-for-human-rights/",
        "/claims/",
        "claim",
        "/articles/human-rights-monitor-says-battle-for-aleppo-has-reached-its-end/",
    ],
)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_accessibility_violations(axe_page, seeded_live_server, path, language):
    choose_language(axe_page, seeded_live_server.url, language)
    if path == "claim":
        path = Claim.objects.get(slug="moscow-denies-safe-passage-deal").get_absolute_url()
    assert violations(axe_page, seeded_live_server.url + path) == []


def choose_language(page, base_url, language):
    """As a reader does: the switch in the header sets the language for the visit."""
    page.goto(f"{base_url}/language/{language}/?next=/healthz")


@pytest.mark.parametrize(
    "path",
    ["/desk/", "/desk/articles/human-rights-monitor-says-battle-for-aleppo-has-reached-its-end/"],
)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_accessibility_violations_at_the_desk(
    axe_page, seeded_live_server, django_user_model, path, language
):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "editor-pass-1")
    log_in(axe_page, seeded_live_server.url, "editor", "editor-pass-1")
    choose_language(axe_page, seeded_live_server.url, language)
    assert violations(axe_page, seeded_live_server.url + path) == []


def test_no_accessibility_violations_on_a_background_exports_pages(
    axe_page, seeded_live_server, settings
):
    from django.http import QueryDict

    from claims.filters import ClaimFilter
    from claims.jobs import export_job

    settings.EXPORT_IN_REQUEST_CLAIMS = 1
    assert violations(axe_page, seeded_live_server.url + "/claims/export.csv?stance=denies") == []
    job = export_job(ClaimFilter(QueryDict("stance=denies")), "csv")
    assert violations(axe_page, seeded_live_server.url + job.get_absolute_url()) == []
