"""The site's header, on every page: drawn here rather than by templates.

As templates (the language switch an include of its own), the header's links and words were
about half of what base.html cost a claim page: URLs reversed and words translated on every
page, each a node of the template engine. Here they are worked out once per language and
audience; each page only adds how many claims wait for a staff member in review and the
language switch's way back to the page. Every value passes through escape().
"""

import functools

from django import template
from django.conf import settings
from django.template.defaultfilters import urlencode
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from .claims_extras import escape

register = template.Library()


@register.simple_tag(takes_context=True)
def site_header(context):
    """The site's name, its main links (the newsroom's own too for staff, with how many claims
    wait for them in review) and the language switch."""
    request, user = context.get("request"), context.get("user")
    staff = bool(user is not None and user.is_staff)
    words = header_words(get_language(), staff, get_script_prefix(), settings.ROOT_URLCONF)
    links = words["links"]
    if staff:
        waiting = context.get("review_notices")
        badge = ""
        if waiting:
            badge = (
                f' <span class="count-badge">{escape(waiting)}'
                f'<span class="visually-hidden"> {words["waiting"]}</span></span>'
            )
        links = links.replace(BADGE, badge)
    back = escape(urlencode(request.get_full_path())) if request is not None else ""
    return mark_safe(
        f"{words['brand']}\n"
        f"    {words['main']}\n      <ul>\n{links}      </ul>\n    </nav>\n"
        f'    {words["languages"]}\n      <ul class="language-switch">\n'
        f"{words['switch'].replace(BACK, back)}      </ul>\n    </nav>"
    )


# Where a page's own values go in what header_words keeps.
BADGE, BACK = "\x00badge\x00", "\x00back\x00"


@functools.lru_cache(maxsize=16)
def header_words(language, staff, script_prefix, urlconf):
    """What of the header depends only on the interface's language and the audience (and on
    where the app is served from), escaped."""
    linked = [
        ("claims:home", _("Events"), ""),
        ("claims:source-list", _("Sources"), ""),
        ("claims:claim-list", _("Claims"), ""),
    ]
    if staff:  # The newsroom's own pages: a reader has no use for their login.
        linked += [
            ("desk:home", _("Desk"), ""),
            ("review:queue", _("Review"), BADGE),
            ("admin:index", _("Data entry"), ""),
        ]
    switch = []
    for code, _name in settings.LANGUAGES:
        current = ' aria-current="true"' if code == language else ""
        name = get_language_info(code)["name_local"]  # each language named in itself
        address = reverse("claims:language", args=[code])
        # Links, not a form: a cached page may not carry a visitor's CSRF token.
        switch.append(
            f'        <li><a href="{escape(address)}?next={BACK}" lang="{escape(code)}"'
            f' hreflang="{escape(code)}"{current}>{escape(name)}</a></li>\n'
        )
    return {
        "brand": f'<a class="brand" href="{escape(reverse("claims:home"))}">'
        f"{escape(_('Claim tracker'))}</a>",
        "main": f'<nav aria-label="{escape(_("Main"))}">',
        "links": "".join(
            f'        <li><a href="{escape(reverse(name))}">{escape(text)}{badge}</a></li>\n'
            for name, text, badge in linked
        ),
        "waiting": escape(_("waiting for you")),
        "languages": f'<nav class="language-nav" aria-label="{escape(_("Language"))}">',
        "switch": "".join(switch),
    }
