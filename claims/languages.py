"""Languages of the data: the tag a quote or an article is written in, and its direction.

A tag is a BCP 47 language tag as the web uses it (`lang="ar"`): a language subtag of two or
three letters, then optionally a script ("Cyrl"), a region ("SY", "419") and variants. Tags are
kept in their conventional case ("ar-SY", "zh-Hant"), so the same language is stored one way.
A blank tag means the newsroom's own language, `settings.CONTENT_LANGUAGE`, in which editors
write summaries, questions and names.

Direction comes from the script where the tag names one, else from the language: Arabic,
Hebrew, Persian, Urdu and the others below are written right to left.
"""

import html
import re
import unicodedata

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, get_language_bidi, gettext
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


def text_direction(text):
    """ "rtl" or "ltr" by the first letter of `text` with a direction (as dir="auto" does),
    "" when none has."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return ""


def has_right_to_left(text):
    return any(unicodedata.bidirectional(character) in ("R", "AL") for character in text)


def isolated(text):
    """`text` between Unicode's first-strong isolate marks when it holds right-to-left letters,
    so it keeps its own direction inside a line of another, where no markup can say so (an SVG
    label, a feed title). Text without them is left as it is."""
    if has_right_to_left(text):
        return f"\u2068{text}\u2069"
    return text


def same_language(tag, other):
    return tag.split("-")[0].lower() == other.split("-")[0].lower()


def data_html(value, lang="", escaped=False):
    """Text from the data (a name, a summary, a title) isolated in its own direction inside
    the page's line, so an Arabic name keeps its order and its punctuation in an English
    sentence and the other way round; marked with its language where the interface is in
    another (a screen reader then reads it in the right voice)."""
    lang = lang or content_language()
    text = value if escaped else html.escape(str(value))
    if not same_language(lang, get_language() or ""):
        return f'<bdi lang="{html.escape(lang)}">{text}</bdi>'
    if get_language_bidi() or has_right_to_left(str(value)):
        return f"<bdi>{text}</bdi>"
    return text  # left-to-right text in a left-to-right page of its own language


def data_attributes(always=False):
    """' lang="en" dir="ltr"' for a block of the newsroom's text (a quote, a translation) where
    the interface is in another language or direction, so its punctuation stays with it; ""
    where the page already reads that way, unless `always`."""
    lang = content_language()
    if always or not same_language(lang, get_language() or "") or get_language_bidi():
        return f' lang="{html.escape(lang)}" dir="{direction("")}"'
    return ""


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
