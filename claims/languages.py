"""Languages of the data: the tag a quote or an article is written in, and its direction.

A tag is a BCP 47 language tag as the web uses it (`lang="ar"`): a language subtag of two or
three letters, then optionally a script ("Cyrl"), a region ("SY", "419") and variants. Tags are
kept in their conventional case ("ar-SY", "zh-Hant"), so the same language is stored one way.
A blank tag means the newsroom's own language, `settings.CONTENT_LANGUAGE`, in which editors
write summaries, questions and names.

Direction comes from the script where the tag names one, else from the language: Arabic,
Hebrew, Persian, Urdu and the others below are written right to left.
"""

import functools
import html
import re

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

TAG = re.compile(
    r"^(?P<language>[a-z]{2,3})"
    r"(-(?P<script>[a-z]{4}))?"
    r"(-(?P<region>[a-z]{2}|\d{3}))?"
    r"(?P<variants>(-([a-z\d]{5,8}|\d[a-z\d]{3}))*)$",
    re.IGNORECASE,
)
RIGHT_TO_LEFT_LANGUAGES = {
    "ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku-arab", "pnb", "ps", "sd", "syr", "ug", "ur",
    "yi",
}  # fmt: skip
RIGHT_TO_LEFT_SCRIPTS = {"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"}
LEFT_TO_RIGHT_SCRIPTS = {"latn", "cyrl", "grek", "deva", "hani", "hans", "hant", "jpan", "kore"}


def normalized_tag(tag):
    """The tag in its conventional case: "AR-sy" -> "ar-SY"; "" when blank."""
    match = TAG.match(tag.strip())
    if not match:
        return tag.strip()
    parts = [match["language"].lower()]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    parts += [variant.lower() for variant in match["variants"].split("-") if variant]
    return "-".join(parts)


def validate_language_tag(value):
    if value and not TAG.match(value.strip()):
        raise ValidationError(
            _('Enter a language tag such as "ar", "ru" or "en-GB" (BCP 47), not “%(value)s”.'),
            code="invalid",
            params={"value": value},
        )


# The blocks of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic,
# their extensions and presentation forms, and the historic ones): a regular expression, since
# every name and summary of a page of hundreds of cells passes through has_right_to_left.
RIGHT_TO_LEFT_LETTER = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def has_right_to_left(text):
    return RIGHT_TO_LEFT_LETTER.search(text) is not None


def isolated(text):
    """`text` between Unicode's first-strong isolate marks when it holds right-to-left letters,
    so it keeps its own direction inside a line of another, where no markup can say so (an SVG
    chart's labels). Text without them is left as it is."""
    if has_right_to_left(text):
        return f"\u2068{text}\u2069"
    return text


def same_language(tag, other):
    return tag.split("-")[0].lower() == other.split("-")[0].lower()


def data_html(value, lang="", escaped=False):
    """Text from the data (a name, a summary, a title) isolated in its own direction inside
    the page's line, so an Arabic name keeps its order and its punctuation in an English
    sentence and the other way round; marked with its language where the interface is in
    another (a screen reader then reads it in the right voice).

    Called for every name and summary of a page of hundreds of cells: the choice is worked
    out once per pair of languages."""
    return isolated_html(value, data_opening(lang), escaped)


def data_opening(lang="", interface=None):
    """What data_html opens data in `lang` (blank: the newsroom's) with on this page, in the
    `interface` language (None: the active one): worked out once, for a piece of the page that
    isolates many values (isolated_html)."""
    if interface is None:
        interface = get_language()
    return bdi_for(lang or content_language(), interface or "")


def isolated_html(value, opening, escaped=False):
    """data_html with its opening tag (data_opening) already worked out."""
    text = value if escaped else html.escape(str(value))
    if opening is None:  # left-to-right text in a left-to-right page of its own language
        if not has_right_to_left(str(value)):
            return text
        opening = "<bdi>"
    return f"{opening}{text}</bdi>"


def data_html_writer(lang=""):
    """data_html for the many values of one piece of a page (a cell, a list), the languages
    looked up once rather than for each value: the same HTML as data_html."""
    opening = data_opening(lang)
    return lambda value: isolated_html(value, opening)


@functools.lru_cache(maxsize=64)
def bdi_for(lang, interface):
    """The opening tag data in `lang` needs in a page in `interface`, or None when only text
    in another direction needs one."""
    if not same_language(lang, interface):
        return f'<bdi lang="{html.escape(lang)}">'
    if interface.split("-")[0] in settings.LANGUAGES_BIDI:
        return "<bdi>"
    return None


def data_attributes(always=False):
    """' lang="en" dir="ltr"' for a block of the newsroom's text (a quote, a translation) where
    the interface is in another language or direction, so its punctuation stays with it; ""
    where the page already reads that way, unless `always`."""
    lang = content_language()
    if always or bdi_for(lang, get_language() or "") is not None:
        return f' lang="{html.escape(lang)}" dir="{direction("")}"'
    return ""


def is_interface_language(code):
    """Whether the interface is offered in this language (settings.LANGUAGES)."""
    return code in dict(settings.LANGUAGES)


def content_language():
    return settings.CONTENT_LANGUAGE


def language_of(tag):
    """The tag to put in `lang`: the given one, or the newsroom's language when blank."""
    return tag or content_language()


def direction(tag):
    """ "rtl" or "ltr" for text in the language `tag` names (blank: the newsroom's)."""
    match = TAG.match(language_of(tag))
    if not match:
        return "ltr"
    script = (match["script"] or "").lower()
    if script in RIGHT_TO_LEFT_SCRIPTS:
        return "rtl"
    if script in LEFT_TO_RIGHT_SCRIPTS:
        return "ltr"
    return "rtl" if match["language"].lower() in RIGHT_TO_LEFT_LANGUAGES else "ltr"


def language_name(tag):
    """The language's name in the interface's language and in itself, where Django knows it
    ("Arabic (العربيّة)"), else the tag."""
    tag = language_of(tag)
    info = LANG_INFO.get(tag.lower()) or LANG_INFO.get(tag.split("-")[0].lower())
    if not info or "name" not in info:
        return tag
    name = gettext(info["name"])
    if info["name_local"] == name:
        return name
    return f"{name} ({info['name_local']})"


def known_languages():
    """[(tag, name)] for every language Django names, by name in the interface's language:
    the choices of a language asked for in words ("Arabic (العربيّة)", not "ar")."""
    tags = {normalized_tag(code) for code, info in LANG_INFO.items() if "name" in info}
    return sorted(((tag, language_name(tag)) for tag in tags), key=lambda pair: pair[1].casefold())
