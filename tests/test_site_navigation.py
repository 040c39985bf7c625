"""The site's header on every page: what it offers a reader, and what only the newsroom."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db

NEWSROOM_LINKS = ["desk:home", "review:queue", "admin:index"]


def test_a_reader_is_offered_no_newsroom_pages(client):
    page = client.get(reverse("claims:claim-list")).content.decode()
    assert f'href="{reverse("claims:source-list")}"' in page
    for name in NEWSROOM_LINKS:
        assert f'href="{reverse(name)}"' not in page


def test_staff_find_the_desk_review_and_data_entry(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("staff", is_staff=True))
    page = client.get(reverse("claims:claim-list")).content.decode()
    for name in NEWSROOM_LINKS:
        assert f'href="{reverse(name)}"' in page


@pytest.mark.parametrize("url_name", ["claims:home", "admin:login"])
def test_every_page_names_the_sites_icon(client, url_name):
    page = client.get(reverse(url_name)).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    icon = finders.find("favicon.svg")
    assert icon and Path(icon).read_text().startswith("<svg")
