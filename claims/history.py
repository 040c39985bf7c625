"""A claim's edit history as an editor reads it: who changed what, when, and why."""

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .compiled import CompiledQuery
from .models import HistoricalClaim, HistoricalFigure, Measure, format_number

ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
# Bookkeeping, not content: a reader never needs to see these change.
IGNORED_FIELDS = ["created_at", "updated_at", "position", "version"]
# Imports once ended their reason with the importer's user name ("Imported from a.json by zed").
IMPORTER_NAMED = re.compile(r"^(?P<reason>Imported .+) by (?P<name>[\w.@+-]+)$")


@dataclass
class Change:
    field: str
    old: object
    new: object
    linked_model: object = None  # for a link to another record: its model (old and new are ids)


@dataclass
class HistoryEntry:
    date: object
    user: object
    action: str
    subject: str  # "claim" or the figure as text
    reason: str
    changes: list = field(default_factory=list)

    @property
    def public_reason(self):
        """The reason without a staff member's name, which the history keeps for staff only."""
        return reason_for_public(self.reason, self.user)


def reason_for_public(reason, user):
    """An import's reason written with its importer's name loses the name.

    The tail goes when it names the change's user, or when the change has no user left (one
    deleted since): a file name's own " by" ("a by b.json") then goes too, which costs less
    than showing a name. Reasons are written without names now (history keeps the user).
    """
    named = IMPORTER_NAMED.match(reason)
    if named and (user is None or named["name"] == user.get_username()):
        return named["reason"]
    return reason


def changes_between(older, newer):
    """What differs between two history records of one object, field by field.

    A changed link names the records it pointed at ("Source: Reuters → AP"): one query per
    kind of record linked, however many changes there are.
    """
    changes = _raw_changes(older, newer)
    name_linked_records(changes)
    return changes


def _raw_changes(older, newer):
    model = newer.instance_type
    changes = []
    for change in newer.diff_against(older, excluded_fields=IGNORED_FIELDS).changes:
        model_field = model._meta.get_field(change.field)
        linked = model_field.related_model if model_field.is_relation else None
        old, new = readable(change.old), readable(change.new)
        changes.append(Change(model_field.verbose_name, old, new, linked))
    return changes


def readable(value):
    """A stored value as an editor reads it: 413.0000 is 413."""
    return format_number(value) if isinstance(value, Decimal) else value


def record_name(row):
    """How a linked record is named in a history: a question by its text, others as usual."""
    return getattr(row, "text", None) or str(row)


def name_linked_records(changes):
    """Replace the ids of changed links by the names of the records they point at."""
    wanted = defaultdict(set)
    for change in changes:
        if change.linked_model is not None:
            wanted[change.linked_model] |= {change.old, change.new} - {None}
    names = {
        model: {row.pk: record_name(row) for row in model.objects.filter(pk__in=ids)}
        for model, ids in wanted.items()
    }
    for change in changes:
        if change.linked_model is not None:
            known = names[change.linked_model]
            change.old = known.get(change.old, change.old)
            change.new = known.get(change.new, change.new)


def _entries(records, subject_of, before=()):
    """History entries for one object's records, each compared with the version before it.

    `before` are older records, not shown, that the oldest shown are compared with. Links are
    left as ids here; `change_log` names them all at once.
    """
    entries = []
    previous = {record.id: record for record in before}
    for record in records:
        before = previous.get(record.id)
        changes = []
        if before is not None and record.history_type == "~":
            changes = _raw_changes(before, record)
        entries.append(
            HistoryEntry(
                date=record.history_date,
                user=record.history_user,
                action=ACTIONS[record.history_type],
                subject=subject_of(record),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous[record.id] = record
    return entries


# A claim's page shows this many of its latest versions, and as many of its figures': a claim
# edited a thousand times costs its page what one edited fifty times does.
VERSIONS_SHOWN = 50


@dataclass
class ChangeLog:
    entries: list  # newest first
    older_not_shown: bool = False  # the claim or its figures have older versions than these

    def __iter__(self):
        return iter(self.entries)

    def __len__(self):
        return len(self.entries)


def latest_records(newest, limit):
    """(the latest `limit` records oldest first, the older ones their first is compared with,
    whether older records were left out), from the newest `limit` + 1 records, newest first:
    the extra one only to show what the oldest shown changed. An object with several records
    among them (a claim's figures) may find its previous version cut: its oldest shown change
    is then listed without what it changed."""
    newest = list(reversed(newest))
    if len(newest) > limit:
        return newest[1:], newest[:1], True
    return newest, [], False


@functools.cache
def newest_versions(limit):
    """The queries of a claim's newest `limit` + 1 records, and of its figures', compiled
    once (see claims.compiled): each with who made it, a figure's with its measure."""
    newest = ("-history_date", "-history_id")
    # The history models' plain managers: `claim.history` builds a manager class each time.
    claim_versions = CompiledQuery(
        lambda user, claim: (
            HistoricalClaim.objects.filter(id=claim)
            .select_related("history_user")
            .order_by(*newest)[: limit + 1]
        )
    )
    figure_versions = CompiledQuery(
        lambda user, claim: (
            HistoricalFigure.objects.filter(claim_id=claim)
            .select_related("history_user", "measure")
            .order_by(*newest)[: limit + 1]
        )
    )
    return claim_versions, figure_versions


def change_log(claim, limit=None, had_figures=True):
    """The latest versions of the claim and of its figures, newest first: up to `limit` of
    each kind.

    Two queries (the claim's history with who made each version; its figures' with their
    measures), and one more per kind of record a changed link points at. `had_figures` False
    says the claim never had a figure (its page reads that with the claim): one query then.
    """
    limit = limit or VERSIONS_SHOWN
    claim_versions, figure_versions = newest_versions(limit)
    claim_records, claim_before, claim_cut = latest_records(
        claim_versions(None, claim=claim.pk), limit
    )
    figure_records, figure_before, figures_cut = latest_records(
        figure_versions(None, claim=claim.pk) if had_figures else [], limit
    )

    def figure_text(record):
        figure = record.instance
        figure.measure = record.measure or Measure(unit="")  # read with the record
        return _("figure: %(figure)s") % {"figure": figure.as_text()}

    entries = _entries(claim_records, lambda record: _("claim"), claim_before) + _entries(
        figure_records, figure_text, figure_before
    )
    name_linked_records([change for entry in entries for change in entry.changes])
    entries.sort(key=lambda entry: entry.date, reverse=True)
    return ChangeLog(entries, claim_cut or figures_cut)
