"""No lost update: an edit made on a stale copy of a record is refused, whoever makes it.

Every record counts its saves (`Versioned.version`). Every form and request that changes a
record carries the version it was made from; `check_version` compares it with the stored one,
holding the row until the save commits (on PostgreSQL), and refuses a stale or missing version
with a message saying who changed what since. The admin's forms, the import's confirmation and
the restore of a claim all use it. The save itself has the last word: it updates the row only
at the version its copy was loaded at, and raises `StaleRecord` otherwise.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.timezone import localtime

MISSING = (
    "This form does not say which version of the {what} it was opened at, so saving it could "
    "overwrite someone else's change. Reload the page and make your change again."
)


class StaleRecord(Exception):
    """A save refused by the write itself: the stored row is no longer at the version the
    saved copy was loaded at (`Versioned.save`)."""

    def __init__(self, model, pk, loaded_version):
        self.model, self.pk, self.loaded_version = model, pk, loaded_version
        super().__init__(f"{model._meta.label} {pk} changed since version {loaded_version}")

    @property
    def message(self):
        return stale_message(self.model, self.pk, self.loaded_version)


def stored_version(model, pk, lock=False):
    rows = model._default_manager.filter(pk=pk)
    if lock and transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()  # held until this save commits: no two at once
    return rows.values_list("version", flat=True).first()


def check_version(model, pk, loaded_version):
    """Refuse, with what changed, unless the stored row is still at `loaded_version`."""
    what = model._meta.verbose_name
    if loaded_version is None:
        raise ValidationError(MISSING.format(what=what), code="version_missing")
    current = stored_version(model, pk, lock=True)
    if current is not None and current != loaded_version:
        raise ValidationError(stale_message(model, pk, loaded_version), code="stale")


def stale_message(model, pk, loaded_version):
    """Who saved the record since `loaded_version` was read, and what they changed."""
    from .history import changes_between  # history reads the models, which read this module

    what = model._meta.verbose_name
    records = list(
        model.history.filter(id=pk, version__gte=loaded_version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    if len(records) < 2:
        return f"This {what} changed since you opened it. Reload it and make your change again."
    first, latest = records[0], records[-1]
    described = "; ".join(
        f"{change.field}: “{change.old}” → “{change.new}”"
        for change in changes_between(first, latest)
    )
    who = latest.history_user.get_username() if latest.history_user else "someone"
    when = localtime(latest.history_date).strftime("%d %b %Y %H:%M")
    return (
        f"Not saved: {who} saved this {what} at {when}, after you opened it. "
        f"They changed {described or 'nothing you can see'}. "
        "Reload the page to see their version, then make your change again."
    )
