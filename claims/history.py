"""A claim's edit history as an editor reads it: who changed what, when, and why."""

from dataclasses import dataclass, field

from .models import Figure

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
# Bookkeeping, not content: a reader never needs to see these change.
IGNORED_FIELDS = ["created_at", "updated_at", "position", "version"]


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    date: object
    user: object
    action: str
    subject: str  # "claim" or the figure as text
    reason: str
    changes: list = field(default_factory=list)


def changes_between(older, newer):
    """What differs between two history records of one object, field by field."""
    model = newer.instance_type
    return [
        Change(model._meta.get_field(change.field).verbose_name, change.old, change.new)
        for change in newer.diff_against(older, excluded_fields=IGNORED_FIELDS).changes
    ]


def _entries(records, subject_of):
    """History entries for one object's records, each compared with the version before it."""
    entries = []
    previous = {}
    for record in records:
        before = previous.get(record.id)
        changes = []
        if before is not None and record.history_type == "~":
            changes = changes_between(before, record)
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


def change_log(claim):
    """Every version of the claim and of its figures, newest first. Two queries."""
    claim_records = claim.history.select_related("history_user").order_by("history_date")
    figure_records = (
        Figure.history.filter(claim_id=claim.pk)
        .select_related("history_user")
        .order_by("history_date")
    )
    entries = _entries(claim_records, lambda record: "claim") + _entries(
        figure_records, lambda record: f"figure: {record.instance.as_text()}"
    )
    return sorted(entries, key=lambda entry: entry.date, reverse=True)
