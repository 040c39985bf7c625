"""A link instead of a paste: the worker fetches an article's page, reads it and keeps it, or
refuses it in words and makes nothing.

The pages are saved in tests/pages/ (fictional outlets and people) and served by a server of the
test's own on this machine (tests/page_server.py), which the desk may reach only with
DESK_FETCH_ALLOW_PRIVATE on.
"""

import hashlib
import io
import socket
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.models import Article, FetchedPage, Job
from claims.roles import ADMINS, EDITORS, VIEWERS
from desk import fetching
from desk.fetching import Refused, article_from, fetch_page, is_public
from tests.page_server import FLOOD_PAGE
from tests.test_desk import user_in


@pytest.fixture(autouse=True)
def fetching_settings(settings):
    settings.DESK_FETCH_ALLOW_PRIVATE = True  # the pages are served from this machine
    settings.DESK_FETCH_TIMEOUT_SECONDS = 1
    settings.DESK_FETCH_MAX_BYTES = 50_000


def refusal(url):
    with pytest.raises(Refused) as refused:
        fetch_page(url)
    return str(refused.value)


# Reading a page


@pytest.mark.django_db
def test_a_saved_article_page_becomes_an_article_with_title_outlet_date_author_and_text(page_site):
    article = article_from(f"{page_site}/pages/harbour-courier-flood.html")
    assert article.title == "Flood waters reach Lowtown as the Esk breaks its banks"
    assert article.outlet == "The Harbour Courier"
    assert article.author == "Mira Quillfeather"
    assert article.published_on.isoformat() == "2024-03-14"
    assert article.language == "en-GB"
    assert article.url == f"{page_site}/pages/harbour-courier-flood.html"
    assert '"At least 1,200 homes are under water," said Pell Arvid' in article.text
    assert "Subscribe" not in article.text and "Most read" not in article.text
    assert article.slug.startswith("flood-waters-reach-lowtown")


@pytest.mark.django_db
def test_the_page_is_kept_as_it_came_with_its_sha256(page_site):
    article = article_from(f"{page_site}/pages/harbour-courier-flood.html")
    page = FetchedPage.objects.get(article=article)
    assert bytes(page.content) == FLOOD_PAGE
    assert page.sha256 == hashlib.sha256(FLOOD_PAGE).hexdigest()
    assert page.size == len(FLOOD_PAGE) and page.content_type == "text/html"


@pytest.mark.django_db
def test_a_page_in_another_script_and_its_metadata_in_json_ld_are_read(page_site):
    article = article_from(f"{page_site}/pages/valley-gazette-bridge.html")
    assert article.title == "إغلاق جسر الوادي بعد تصدعات"
    assert article.outlet == "جريدة الوادي" and article.author == "سلمى النجار"
    assert article.published_on.isoformat() == "2023-11-02"
    assert article.language == "ar" and article.text_direction == "rtl"


@pytest.mark.django_db
def test_a_page_in_a_legacy_encoding_is_decoded_as_it_declares(page_site):
    article = article_from(f"{page_site}/pages/brumeville-cafe-latin1.html")
    assert article.title == "Le café du port rouvre ses portes"
    assert article.outlet == "L'Écho de Brumeville" and article.author == "Anaïs Verlaine"
    assert "les travaux ont coûté environ 85 000 euros" in article.text


@pytest.mark.django_db
def test_a_page_with_no_article_text_is_refused_and_nothing_is_made(page_site):
    with pytest.raises(Refused, match="No article text could be read"):
        article_from(f"{page_site}/pages/no-article.html")
    assert not Article.objects.exists() and not FetchedPage.objects.exists()


@pytest.mark.django_db
def test_a_redirect_is_followed_to_the_article_and_the_article_cites_where_it_ended(page_site):
    article = article_from(f"{page_site}/redirect?to=/pages/harbour-courier-flood.html")
    assert article.url == f"{page_site}/pages/harbour-courier-flood.html"
    assert article.fetched_page.url == article.url


# Refusals


def test_an_address_on_this_machine_is_refused_unless_the_setting_allows_it(
    page_site, page_server, settings
):
    settings.DESK_FETCH_ALLOW_PRIVATE = False
    message = refusal(f"{page_site}/pages/harbour-courier-flood.html")
    assert "127.0.0.1 is at a private or reserved address" in message
    by_name = page_site.replace("127.0.0.1", "localhost")
    assert "private or reserved" in refusal(f"{by_name}/pages/harbour-courier-flood.html")
    assert not page_server.asked, "refused before connecting"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",  # loopback
        "10.1.2.3",  # private
        "172.16.0.9",
        "192.168.1.20",
        "169.254.169.254",  # link-local: where cloud servers give out their credentials
        "100.64.0.1",  # shared (carrier-grade NAT)
        "0.0.0.0",
        "240.0.0.1",  # reserved
        "224.0.0.251",  # multicast
        "192.0.2.10",  # documentation
        "::1",
        "fe80::1",
        "fd00::5",
        "::ffff:127.0.0.1",  # IPv4 inside IPv6
        "2002:a00:1::",  # 6to4 of 10.0.0.1
        "not an address",
    ],
)
def test_private_loopback_link_local_and_reserved_addresses_are_not_public(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", ["1.1.1.1", "203.0.114.7", "2606:4700::1111"])
def test_addresses_on_the_public_internet_are_public(address):
    assert is_public(address)


def test_a_name_with_any_private_address_among_its_addresses_is_refused(settings, monkeypatch):
    settings.DESK_FETCH_ALLOW_PRIVATE = False

    def resolves_to_both(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("1.1.1.1", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolves_to_both)
    assert "10.0.0.7" in refusal("https://news.example/story")


def test_each_redirect_is_checked_again(page_site, settings, monkeypatch):
    """The first address passes (the test's server stands in for a public one); the address
    it sends the reader on to, a cloud server's metadata service, does not."""
    settings.DESK_FETCH_ALLOW_PRIVATE = False
    monkeypatch.setattr(
        fetching, "is_public", lambda address: address == "127.0.0.1" or is_public(address)
    )
    message = refusal(f"{page_site}/redirect?to=http://169.254.169.254/latest/meta-data/")
    assert "169.254.169.254 is at a private or reserved address" in message


def test_redirects_are_followed_a_few_times_only(page_site):
    assert "more than 5 times" in refusal(f"{page_site}/round")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://files.example/a.html", "gopher://x"])
def test_only_web_addresses_are_fetched(url):
    assert "Only web addresses (http or https)" in refusal(url)


def test_a_redirect_to_a_file_is_refused(page_site):
    assert "Only web addresses" in refusal(f"{page_site}/redirect?to=file:///etc/passwd")


def test_an_unknown_host_is_refused():
    assert "No server answers to the name" in refusal("https://no-such-host.invalid/story")


@pytest.mark.parametrize("path", ["/big", "/big-unannounced"])
def test_a_page_larger_than_the_cap_is_refused(page_site, path):
    assert "larger than 50,000 bytes" in refusal(page_site + path)


@pytest.mark.parametrize("path", ["/slow", "/trickle"])
def test_a_page_that_does_not_arrive_in_time_is_refused(page_site, path):
    started = time.monotonic()
    assert "did not arrive within 1 seconds" in refusal(page_site + path)
    assert time.monotonic() - started < 2, "cut off at the deadline, not when the page ends"


def test_what_is_not_a_web_page_is_refused(page_site):
    assert "gives image/png, not a web page" in refusal(f"{page_site}/picture.png")


def test_an_error_page_is_refused(page_site):
    assert "answered 404 Not Found" in refusal(f"{page_site}/gone")


# At the desk


def run_worker():
    call_command("db_worker", batch=True, reload=False, startup_delay=False, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_an_address_given_at_the_desk_is_read_by_the_worker_and_opens_at_the_desk(
    page_site, django_assert_max_num_queries
):
    editor = user_in(EDITORS, "editor")
    home = editor.get(reverse("desk:home")).content.decode()
    assert 'action="/desk/fetch/"' in home and 'name="address"' in home

    address = f"{page_site}/pages/harbour-courier-flood.html"
    response = editor.post(reverse("desk:fetch"), {"address": address})
    job = Job.objects.get(kind=Job.Kind.FETCH)
    assert response["Location"] == job.get_absolute_url()
    with django_assert_max_num_queries(8):
        page = editor.get(job.get_absolute_url()).content.decode()
    assert "Fetching and reading" in page and "Waiting for a worker" in page
    assert "js/job.js" in page
    assert not Article.objects.exists(), "nothing is made before the worker runs"

    run_worker()
    article = Article.objects.get()
    opened = editor.get(job.get_absolute_url())
    assert opened["Location"] == reverse("desk:article", args=[article.slug])
    desk = editor.get(opened["Location"]).content.decode()
    assert "At least 1,200 homes are under water" in desk
    assert article.history.get().history_user.username == "editor"


@pytest.mark.django_db(transaction=True)
def test_a_refused_address_says_why_on_its_page_and_makes_nothing(page_site):
    editor = user_in(EDITORS, "editor")
    editor.post(reverse("desk:fetch"), {"address": f"{page_site}/picture.png"})
    run_worker()
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    page = editor.get(job.get_absolute_url()).content.decode()
    assert "Nothing was made from this address" in page
    assert "gives image/png, not a web page" in page
    assert f'value="{page_site}/picture.png"' in page, "the address is offered again, to correct"
    assert "js/job.js" not in page
    assert not Article.objects.exists() and not FetchedPage.objects.exists()


@pytest.mark.django_db
def test_an_address_that_is_not_a_web_address_is_refused_at_once():
    editor = user_in(EDITORS, "editor")
    response = editor.post(reverse("desk:fetch"), {"address": "javascript:alert(1)"})
    assert response.status_code == 200
    assert "Enter a web address (http or https)." in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_only_those_who_may_add_articles_fetch_them_and_each_sees_only_their_own(page_site):
    viewer = user_in(VIEWERS, "viewer")
    address = f"{page_site}/pages/harbour-courier-flood.html"
    assert viewer.post(reverse("desk:fetch"), {"address": address}).status_code == 403
    editor = user_in(EDITORS, "editor")
    editor.post(reverse("desk:fetch"), {"address": address})
    job = Job.objects.get()
    other = user_in(ADMINS, "other-editor")
    assert other.get(job.get_absolute_url()).status_code == 404
    status_url = reverse("desk:fetch-job-status", args=[job.public_id])
    assert other.get(status_url).status_code == 404


@pytest.mark.django_db
def test_the_article_page_shows_the_page_kept_and_staff_download_it_as_it_came(page_site, client):
    article = article_from(f"{page_site}/pages/harbour-courier-flood.html")
    sha256 = hashlib.sha256(FLOOD_PAGE).hexdigest()
    download = reverse("desk:fetched-page", args=[article.slug])

    public = client.get(article.get_absolute_url()).content.decode()
    assert f"SHA-256 <code>{sha256}</code>" in public and article.url in public
    assert download not in public
    assert client.get(download).status_code == 302, "the copy itself is for staff"

    editor = user_in(EDITORS, "editor")
    assert download in editor.get(article.get_absolute_url()).content.decode()
    response = editor.get(download)
    assert response.content == FLOOD_PAGE
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
