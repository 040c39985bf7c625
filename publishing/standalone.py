"""The comparison of one event as one self-contained HTML page: it opens offline and prints."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from claims.charts import charts_for
from claims.comparison import compare_event

from .json_ld import event_json_ld


def standalone_css():
    """The site's stylesheet, to inline: the exported page fetches nothing."""
    with open(finders.find("css/site.css"), encoding="utf-8") as stylesheet:
        return stylesheet.read()


def event_html(event, site_url, exported_at, user, include_retracted=False):
    """The page of what `user` may see, with its links pointing at the app at `site_url`."""
    questions, claims = event.questions_and_claims(user, include_retracted)
    comparison = compare_event(questions, claims)
    site_url = site_url.rstrip("/")
    context = {
        "event": event,
        "comparison": comparison,
        "figure_sections": charts_for(comparison.rows),
        "css": standalone_css(),
        "link_base": site_url,
        "event_url": site_url + event.get_absolute_url(),
        "exported_at": exported_at,
        "json_ld": event_json_ld(comparison, site_url),
    }
    return render_to_string("publishing/event_export.html", context)
