"""What every page draws the same way: the site's header, and the parts of templates that are
the same on every page in a language (`{% unchanging %}`).

As templates (the language switch an include of its own), the header's links and words were
about half of what base.html cost a claim page: URLs reversed and words translated on every
page, each a node of the template engine. Here they are worked out once per language and
audience; each page only adds how many claims wait for a staff member in review and the
language switch's way back to the page. Every value passes through escape().
"""

import functools

from django import template
from django.conf import settings
from django.template.base import TextNode, Variable
from django.template.defaultfilters import urlencode
from django.template.defaulttags import URLNode
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
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


@register.tag
def unchanging(parser, token):
    """`{% unchanging %}…{% endunchanging %}`: a part of a template made only of words to
    translate, links to named pages and static files' addresses, as base.html's head and
    footer. It is drawn once per language (and per address the app is served from), then
    kept: drawn on every page, its nodes cost a claim page as much as a query. A node that
    reads anything of the page's own is refused when the template is read."""
    nodelist = parser.parse(("endunchanging",))
    parser.delete_first_token()
    for node in nodelist:
        if not reads_nothing_of_the_page(node):
            raise template.TemplateSyntaxError(
                "{% unchanging %} holds only text, {% translate %}, {% url %} and {% static %}"
                f" of fixed values; {{% {node.token.contents} %}} reads the page."
            )
    return UnchangingNode(nodelist)


def reads_nothing_of_the_page(node):
    if isinstance(node, TextNode):
        return True
    if isinstance(node, TranslateNode):
        expressions, named = [node.filter_expression, node.message_context], node.asvar
    elif isinstance(node, URLNode):
        expressions = [node.view_name, *node.args, *node.kwargs.values()]
        named = node.asvar
    elif isinstance(node, StaticNode):
        expressions, named = [node.path], node.varname
    else:
        return False
    return named is None and all(is_fixed(expression) for expression in expressions)


def is_fixed(expression):
    """Whether a template expression (a value and its filters' arguments) names no variable."""
    if expression is None:
        return True
    if isinstance(expression.var, Variable) and expression.var.lookups is not None:
        return False
    return not any(lookup for _filter, arguments in expression.filters for lookup, _ in arguments)


class UnchangingNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.drawn = {}

    def render(self, context):
        key = (
            get_language(),
            context.autoescape,
            get_script_prefix(),
            settings.ROOT_URLCONF,
            settings.STATIC_URL,
        )
        drawn = self.drawn.get(key)
        if drawn is None:
            drawn = self.drawn[key] = self.nodelist.render(context)
        return drawn
