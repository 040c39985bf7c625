from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from claims.languages import data_html_writer

register = template.Library()


@register.simple_tag
def embed_choice_items(choices):
    """Each question's embed code on the event page, as list items: written here rather than
    by a template loop, as a large event offers fifty of them on every page of its comparison.
    Every value passes through escape(); a snippet is escaped to be shown as text."""
    write = data_html_writer()
    paste = escape(_("HTML to paste"))
    oembed = escape(_("oEmbed address"))
    preview = escape(_("Preview this embed"))
    items = []
    for choice in choices:
        slug = escape(choice.question.slug)
        items.append(
            "<li><details>\n"
            f"      <summary>{write(choice.question.text)}</summary>\n"
            f'      <label for="embed-code-{slug}">{paste}</label>\n'
            f'      <textarea id="embed-code-{slug}" rows="3" readonly>'
            f"{escape(choice.snippet)}</textarea>\n"
            f'      <label for="oembed-{slug}">{oembed}</label>\n'
            f'      <input id="oembed-{slug}" type="url" value="{escape(choice.oembed_url)}"'
            " readonly>\n"
            f'      <p><a href="{escape(choice.preview_url)}">{preview}</a></p>\n'
            "    </details></li>"
        )
    return mark_safe("\n    ".join(items))
