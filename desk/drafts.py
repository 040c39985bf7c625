"""Articles pasted at the desk and not yet stored, kept in the editor's session.

An article is stored with its claims, in the save that enters them, or not at all: until then
it is a draft of this session, under a key of its own. A saved draft keeps only the slug it was
stored under, so the same form sent again finds the claims it made.
"""

import uuid

from claims.models import Article

SESSION_KEY = "desk-drafts"
# Drafts a session keeps, the latest; each can hold an article of 2,000,000 characters.
DRAFTS_KEPT = 5
KEPT_FIELDS = [
    field
    for field in Article._meta.concrete_fields
    if not field.primary_key and field.name not in ("version",)
]


def keep_draft(session, article):
    """Keep the unsaved article in the session; returns its key."""
    key = str(uuid.uuid4())
    values = {
        field.attname: None
        if field.value_from_object(article) is None
        else field.value_to_string(article)
        for field in KEPT_FIELDS
    }
    drafts = session.get(SESSION_KEY, {})
    drafts[key] = {"article": values}
    session[SESSION_KEY] = dict(list(drafts.items())[-DRAFTS_KEPT:])
    return key


def draft_in(session, key):
    """(the unsaved article, None) of the draft, or (None, the slug it was saved under), or
    (None, None) when the session has no such draft."""
    draft = session.get(SESSION_KEY, {}).get(str(key))
    if draft is None:
        return None, None
    if "saved_as" in draft:
        return None, draft["saved_as"]
    values = {
        field.attname: field.to_python(draft["article"].get(field.attname))
        for field in KEPT_FIELDS
        if field.attname in draft["article"]
    }
    return Article(**values), None


def mark_saved(session, key, article):
    """The draft was stored as `article`: forget its text, remember where it went."""
    drafts = session.get(SESSION_KEY, {})
    drafts[str(key)] = {"saved_as": article.slug}
    session[SESSION_KEY] = drafts


def drafts_in(session):
    """[(key, title)] of the session's unsaved drafts, the latest first."""
    drafts = session.get(SESSION_KEY, {}).items()
    return [(key, d["article"].get("title", "")) for key, d in reversed(drafts) if "article" in d]
