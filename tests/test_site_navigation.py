"""The site's header on every page: what it offers a reader, and what only the newsroom."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template import TemplateSyntaxError, engines
from django.urls import get_script_prefix, reverse, set_script_prefix

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


def test_the_newsroom_links_drawn_for_staff_never_reach_a_reader(client, django_user_model):
    # The header's links are worked out once per language and audience, then kept.
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    client.force_login(staff)
    assert f'href="{reverse("desk:home")}"' in client.get(reverse("claims:home")).content.decode()
    client.logout()
    page = client.get(reverse("claims:home")).content.decode()
    for name in NEWSROOM_LINKS:
        assert f'href="{reverse(name)}"' not in page


def test_the_language_switch_leads_back_to_the_page_and_its_query(client):
    page = client.get(reverse("claims:claim-list"), {"q": "safe passage"}).content.decode()
    back = "?next=/claims/%3Fq%3Dsafe%2Bpassage"  # the query as the reader sent it
    assert f'<a href="/language/en/{back}" lang="en" hreflang="en" aria-current="true">' in page
    assert f'<a href="/language/ar/{back}" lang="ar" hreflang="ar">العربيّة</a>' in page


def test_the_header_is_in_the_readers_language(client):
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("claims:home")).content.decode()
    assert '<a href="/language/ar/?next=/" lang="ar" hreflang="ar" aria-current="true">' in page
    assert '<a href="/language/en/?next=/" lang="en" hreflang="en">English</a>' in page
    assert '<nav aria-label="Main">' not in page  # named in Arabic


@pytest.mark.parametrize("url_name", ["claims:home", "admin:login"])
def test_every_page_names_the_sites_icon(client, url_name):
    page = client.get(reverse(url_name)).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    icon = finders.find("favicon.svg")
    assert icon and Path(icon).read_text().startswith("<svg")


def test_the_footer_kept_from_an_english_page_is_drawn_in_arabic_for_an_arabic_reader(client):
    english = client.get(reverse("claims:home")).content.decode()
    client.cookies["django_language"] = "ar"
    arabic = client.get(reverse("claims:home")).content.decode()
    assert '<a href="/corrections/">Corrections</a>' in english
    assert '<a href="/corrections/">Corrections</a>' not in arabic
    assert '<a href="/corrections/">' in arabic
    assert 'class="skip-link" href="#main">Skip to content</a>' not in arabic


def test_a_kept_part_of_a_template_follows_the_address_the_app_is_served_from():
    kept = engines["django"].from_string(
        "{% load site %}{% unchanging %}{% url 'claims:corrections' %}{% endunchanging %}"
    )
    served_from = get_script_prefix()
    try:
        at_the_root = kept.render({})
        set_script_prefix("/tracker/")
        under_a_prefix = kept.render({})
    finally:
        set_script_prefix(served_from)
    assert (at_the_root, under_a_prefix) == ("/corrections/", "/tracker/corrections/")


@pytest.mark.parametrize(
    "inside",
    [
        "{{ claim.summary }}",
        "{% translate summary %}",
        "{% translate 'Corrections' as word %}",
        "{% url 'claims:claim-detail' claim.pk %}",
        "{% static path %}",
        "{% translate 'Claims'|default:summary %}",
        "{% if claim %}x{% endif %}",
    ],
)
def test_a_kept_part_that_would_read_the_page_is_refused_when_the_template_is_read(inside):
    source = "{% load i18n static site %}{% unchanging %}<p>" + inside + "</p>{% endunchanging %}"
    with pytest.raises(TemplateSyntaxError, match="reads the page"):
        engines["django"].from_string(source)


def test_a_kept_part_of_fixed_words_links_and_files_is_drawn_whole():
    source = (
        "{% load i18n static site %}{% unchanging %}<a href=\"{% url 'claims:corrections' %}\">"
        "{% translate 'Corrections' context 'a link' %}</a>"
        '<img src="{% static \'favicon.svg\' %}" alt="">{% endunchanging %}'
    )
    drawn = engines["django"].from_string(source).render({})
    assert drawn == '<a href="/corrections/">Corrections</a><img src="/static/favicon.svg" alt="">'
