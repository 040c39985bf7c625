"""A link instead of a paste: the worker fetches an article's page, reads it and keeps it.

Fetching the page an editor names is a request this server makes for them, so it goes only
where a reader's browser on the open internet could:

- http or https, to addresses on the public internet: never this machine, the newsroom's own
  network, link-local addresses (where cloud servers hand out their credentials), shared or
  reserved ranges. Every address the name resolves to is checked, and the connection is made to
  the address checked, so a name that answers differently the second time cannot slip through.
  DESK_FETCH_ALLOW_PRIVATE turns the check off (tests, or a newsroom reading its own intranet).
- At most MOST_REDIRECTS redirects, each new address checked the same way.
- Connecting and the whole page within DESK_FETCH_TIMEOUT_SECONDS, and at most
  DESK_FETCH_MAX_BYTES of it: a page that trickles or never ends is cut off.
- A web page (HTML) that answered 200.

The page is read with trafilatura (text, title, outlet, author) and htmldate (the date it was
first published), then checked by the same form as a pasted article. The article keeps the bytes
as they came, with their SHA-256 (`claims.models.FetchedPage`). Whatever is refused raises
`Refused`, with a sentence for the editor, and nothing is written.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import htmldate
import trafilatura
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from claims.languages import validate_language_tag
from claims.models import Article, FetchedPage, unique_slug

from .forms import ArticleForm

MOST_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
CHUNK_BYTES = 64 * 1024
# Some news sites turn away clients that do not name themselves.
USER_AGENT = "Mozilla/5.0 (compatible; claimtracker desk)"


class Refused(Exception):
    """The page cannot be made an article; the message says why, for the editor."""


@dataclass(frozen=True)
class Page:
    url: str  # where it came from, after any redirects
    content: bytes
    content_type: str  # as the server sent it


def article_from(url, user=None):
    """Fetch the page at `url`, read it and save it as a new article, with the page kept.

    Raises `Refused`, having written nothing, if the page cannot be fetched or read.
    """
    page = fetch_page(url)
    fields = read_article(page)
    # Cited by where the page was found, unless that is too long to keep.
    fields["url"] = page.url if len(page.url) <= 500 else url
    form = ArticleForm(data=fields)
    if not form.is_valid():
        problems = [
            f"{form.fields[name].label}: {message}" if name in form.fields else message
            for name, errors in form.errors.items()
            for message in errors
        ]
        raise Refused(" ".join(problems))
    with transaction.atomic():
        article = form.save(commit=False)
        article.slug = unique_slug(
            f"{article.title} {article.outlet}",
            lambda slug: Article.objects.filter(slug=slug).exists(),
            length=140,
        )
        article._change_reason = "Read from its address at the desk"
        article._history_user = user
        article.save()
        FetchedPage.of(article, page.url, page.content, page.content_type).save()
    return article


def read_article(page):
    """The article's fields as its page gives them, as a pasted article's form takes them."""
    tree = trafilatura.load_html(page.content)
    # trafilatura prunes a tree it is given: it reads the bytes anew. Precision over recall:
    # a menu or a "most read" list taken for the article would come back as suggested claims,
    # and a paragraph it leaves out can still be pasted.
    document = tree is not None and trafilatura.bare_extraction(
        page.content,
        url=page.url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if not document or not (document.text or "").strip():
        raise Refused(
            _(
                "No article text could be read on this page: it may be an index, a video, or a "
                "page its scripts fill in. Paste the article's text instead."
            )
        )
    language = language_tag(tree.get("lang") or "")
    published_on = htmldate.find_date(
        tree, url=page.url, original_date=True, extensive_search=False
    )
    return {
        "title": (document.title or page.url)[:300],
        "outlet": (document.sitename or "")[:200],
        "author": (document.author or "")[:200],
        "published_on": published_on or "",
        "language": language,
        "text": document.text,
    }


def language_tag(declared):
    """The page's declared language as a tag the article takes, or "" when it is not one."""
    tag = declared.strip().replace("_", "-")
    try:
        validate_language_tag(tag)
    except ValidationError:
        return ""
    return tag


def fetch_page(url):
    """The page at `url`, following a few redirects; raises `Refused`."""
    deadline = time.monotonic() + settings.DESK_FETCH_TIMEOUT_SECONDS
    for _hop in range(MOST_REDIRECTS + 1):
        connection, response = request_page(url, deadline)
        try:
            location = response.getheader("Location")
            if response.status in REDIRECT_STATUSES and location:
                url = urljoin(url, location.strip())
                continue
            return Page(url, read_body(connection, response, deadline), content_type(response))
        finally:
            connection.close()
    message = _(
        "The address sends the reader on more than %(most)s times: give the address of the "
        "article's page itself."
    )
    raise Refused(message % {"most": MOST_REDIRECTS})


def request_page(url, deadline):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        message = _("Only web addresses (http or https) can be read, not %(url)s.")
        raise Refused(message % {"url": url})
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise Refused(_("%(url)s has no valid port.") % {"url": url}) from error
    address = checked_address(parts.hostname, port)
    kind = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
    connection = kind(parts.hostname, port, address, timeout=time_left(deadline))
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        # The page is kept as it came; a compressed copy would be another page's hash.
        "Accept-Encoding": "identity",
    }
    try:
        connection.request("GET", target, headers=headers)
        return connection, connection.getresponse()
    except TimeoutError as error:
        connection.close()
        raise too_slow() from error
    except (OSError, http.client.HTTPException) as error:
        connection.close()
        message = _("The page at %(url)s could not be fetched (%(error)s).")
        raise Refused(message % {"url": url, "error": error}) from error


def checked_address(host, port):
    """The address to connect to for `host`: refused if any it resolves to is not public."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise Refused(_("No server answers to the name %(host)s.") % {"host": host}) from error
    addresses = [info[4][0] for info in found]
    if not settings.DESK_FETCH_ALLOW_PRIVATE:
        for address in addresses:
            if not is_public(address):
                message = _(
                    "%(host)s is at a private or reserved address (%(address)s): the desk reads "
                    "only pages on the public internet."
                )
                raise Refused(message % {"host": host, "address": address})
    return addresses[0]


def is_public(address):
    """Whether an IP address is on the public internet: not loopback, private, link-local,
    shared, reserved or multicast, nor one of those inside an IPv6 address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and (ip.ipv4_mapped or ip.sixtofour):
        ip = ip.ipv4_mapped or ip.sixtofour
    return ip.is_global and not ip.is_multicast


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address already checked, whatever the name resolves to now; the name
    still goes in the Host header. Its `socket` stays at hand for the response's reads, which
    http.client takes off the connection once a response is under way."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self.address = address

    def connect(self):
        self.sock = self.socket = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """The same over TLS: the certificate is checked against the name, as a browser would."""

    def __init__(self, host, port, address, **kwargs):
        self.tls = ssl.create_default_context()
        super().__init__(host, port, context=self.tls, **kwargs)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.socket = self.tls.wrap_socket(sock, server_hostname=self.host)


def content_type(response):
    return (response.getheader("Content-Type") or "").strip()


def read_body(connection, response, deadline):
    """The page's bytes, cut off past the size cap or the deadline."""
    if response.status != 200:
        message = _("The page answered %(status)s %(reason)s instead of the article.")
        raise Refused(message % {"status": response.status, "reason": response.reason})
    media_type = content_type(response).split(";")[0].strip().lower()
    if media_type not in HTML_TYPES:
        message = _(
            "This address gives %(type)s, not a web page: give the address of the article's page."
        )
        raise Refused(message % {"type": media_type or _("content of no stated type")})
    most = settings.DESK_FETCH_MAX_BYTES
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > most:
        raise too_big(most)
    chunks, size = [], 0
    while True:
        connection.socket.settimeout(time_left(deadline))
        try:
            # read1: whatever has arrived, so a page that trickles is cut off on time.
            chunk = response.read1(CHUNK_BYTES)
        except TimeoutError as error:
            raise too_slow() from error
        except (OSError, http.client.HTTPException) as error:
            message = _("The page stopped arriving (%(error)s).")
            raise Refused(message % {"error": error}) from error
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > most:
            raise too_big(most)
        chunks.append(chunk)


def time_left(deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        raise too_slow()
    return left


def too_slow():
    message = _(
        "The page did not arrive within %(seconds)s seconds. Try again later, or paste its text."
    )
    return Refused(message % {"seconds": f"{settings.DESK_FETCH_TIMEOUT_SECONDS:g}"})


def too_big(most):
    message = _(
        "The page is larger than %(most)s bytes, the most the desk fetches. Paste the article's "
        "text instead."
    )
    return Refused(message % {"most": number_format(most, force_grouping=True)})
