"""Writing what a file holds into the database: one transaction, every error collected.

A reader (JSON or CSV) turns each record of a file into the values it gives, read by the schema,
and hands them here. Only values present in the file are applied to a stored record; a new
record takes defaults for the rest. A row is saved only if something differs, with the change
reason in its history. If any error is found the whole load is rolled back and `InvalidDocument`
lists every error with where it is (a JSON path or a CSV line); a dry run rolls back in any case,
and its report lists each change it would make, field by field, old → new.
"""

import gc
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Prefetch
from django.utils import timezone

from .. import activity
from ..bulk import ANALYZED_FROM_ROWS, analyze, insert_with_history
from ..changes import is_published, propose, publishes_directly
from ..counts import recount_claims
from ..models import (
    Article,
    Claim,
    Event,
    Figure,
    Measure,
    Question,
    Source,
    matching_measure,
    plain,
    unique_slug,
)
from ..permissions import refused_writes
from ..review import keeps_states_given
from ..versions import StaleRecord, stale_message
from .schema import CLAIM, EVENT, FIGURE, MEASURE, QUESTION, exact_number, shortened

# The history keeps a change reason of at most this many characters.
REASON_LENGTH = 100
# How many changes a preview lists one by one; the counts cover all of them.
LISTED_CHANGES = 500
# New rows wait to be written together, at most this many at a time.
BATCH_SIZE = 1000
# Stored records are read for this many questions a query.
QUESTIONS_PER_QUERY = 500


class InvalidDocument(Exception):
    """The file could not be loaded; `errors` lists (where, message) pairs."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(f"{where}: {message}" for where, message in errors))


def fitted_reason(text):
    """A change reason cut to fit the history's column, whatever a file name's length."""
    return text if len(text) <= REASON_LENGTH else text[: REASON_LENGTH - 1] + "…"


def shown(value):
    """A stored value as an editor reads it in a preview."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, models.Model):
        return getattr(value, "slug", None) or str(value)
    if hasattr(value, "as_tuple"):  # a Decimal
        return exact_number(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return shortened(value, 80)


@dataclass
class Change:
    """One record a load creates, changes or deletes; for a change, each field old → new."""

    action: str  # "Create", "Update" or "Delete"
    record: str  # "claim safe-passage/moscow-denies-safe-passage-deal"
    where: str  # where in the file: "$.events[0].claims[3]", "line 7"
    fields: list = field(default_factory=list)  # [(field, old, new)]


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    proposed: Counter = field(default_factory=Counter)  # changes to published records, held
    changes: list = field(default_factory=list)
    writes: Counter = field(default_factory=Counter)  # (action, model) -> how many
    versions: dict = field(default_factory=dict)  # version_key(row) -> the version it changes
    claims: list = field(default_factory=list)  # the claims the file gives, in its order
    new_states: Counter = field(default_factory=Counter)  # state -> new claims arriving in it
    # Each model's plural as the counts name it, translated once a load, not once a row.
    plurals: dict = field(default_factory=dict, repr=False)

    @property
    def changed_anything(self):
        return bool(self.created or self.updated or self.deleted or self.proposed)

    @property
    def listed_changes(self):
        return self.changes[:LISTED_CHANGES]

    @property
    def unlisted_changes(self):
        return max(len(self.changes) - LISTED_CHANGES, 0)

    def _phrases(self, counter):
        return [count_phrase(number, name) for name, number in sorted(counter.items())]

    def summary(self):
        """ "created: 1 article, 25 claims; unchanged: 11 sources" """
        parts = [
            f"{label}: {', '.join(self._phrases(counter))}"
            for label, counter in (
                ("created", self.created),
                ("updated", self.updated),
                ("deleted", self.deleted),
                ("changes proposed for review", self.proposed),
                ("unchanged", self.unchanged),
            )
            if counter
        ]
        return "; ".join(parts) or "nothing to load"

    def actions(self):
        """What the load did or would do, a sentence each: "Create 25 claims"."""
        return (
            [f"Create {phrase}" for phrase in self._phrases(self.created)]
            + [f"Update {phrase}" for phrase in self._phrases(self.updated)]
            + [f"Delete {phrase}" for phrase in self._phrases(self.deleted)]
            + [
                f"Propose changes to {phrase}, which wait for a second editor's approval"
                for phrase in self._phrases(self.proposed)
            ]
            + [f"Leave {phrase} unchanged" for phrase in self._phrases(self.unchanged)]
            + self.review_sentences()
        )

    def review_sentences(self):
        """What the public will see of the new claims, said plainly."""
        sentences = []
        published = self.new_states.get(Claim.State.PUBLISHED, 0)
        waiting = sum(self.new_states.values()) - published
        if published:
            sentences.append(
                f"Publish {count_phrase(published, 'claims')} at once, without review: "
                "an Admin's import keeps the states its file gives (earlier format versions: "
                "published)"
            )
        if waiting:
            sentences.append(
                f"Keep {count_phrase(waiting, 'claims')} from the public until another editor "
                "has reviewed and published them"
            )
        return sentences

    def as_preview(self):
        """What the preview page shows, as JSON a background check keeps for the editor."""
        return {
            "summary": self.summary(),
            "actions": self.actions(),
            "changes": len(self.changes),
            "listed_changes": [asdict(change) for change in self.listed_changes],
            "unlisted_changes": self.unlisted_changes,
            "changed_anything": self.changed_anything,
        }

    def plural(self, model):
        if model not in self.plurals:
            self.plurals[model] = str(model._meta.verbose_name_plural)
        return self.plurals[model]

    def count(self, action, model):
        counter = {"Create": self.created, "Update": self.updated, "Delete": self.deleted}
        counter[action][self.plural(model)] += 1
        self.writes[(action, model)] += 1


# What names a record within its scope, and the words a person gives it.
IDENTITIES = {
    Event: ((), "title"),
    Question: (("event_id",), "text"),
    Measure: (("question_id",), "unit"),
}


def made_meanwhile(instance):
    """The record someone else saved a moment ago with the new record's slug and its words (two
    editors entering the same new question at once), or None: that one is the same record."""
    model = type(instance)
    scope, words = IDENTITIES.get(model, ((), "name" if hasattr(instance, "name") else "title"))
    found = model._default_manager.filter(
        slug=instance.slug, **{name: getattr(instance, name) for name in scope}
    ).first()
    if found is not None and plain(getattr(found, words)) == plain(getattr(instance, words)):
        return found
    return None


@cache
def links_of(model):
    """The model's links to the rows it belongs to."""
    return [model_field for model_field in model._meta.fields if model_field.is_relation]


def parents_saved(row):
    """Point a row at the ids its parents have now (after a rolled-back batch they are saved
    again); False when one of them is not saved."""
    for model_field in links_of(type(row)):
        parent = row._state.fields_cache.get(model_field.name)
        if parent is not None:
            if parent.pk is None:
                return False
            setattr(row, model_field.attname, parent.pk)
    return True


# Values whose checks are remembered: equal values of one of these types check alike (not so
# decimals, whose digits count: 1.0 equals 1.00).
REMEMBERED_TYPES = {str, int, bool, date}


def checked_value(model_field, raw, instance):
    """(the value as the field cleans it, None) or (the value, the field's errors)."""
    try:
        return model_field.clean(raw, instance), None
    except ValidationError as error:
        return raw, error.error_list


def chunked(items, size):
    return [items[start : start + size] for start in range(0, len(items), size)]


def version_key(row):
    return f"{row._meta.label_lower}:{row.pk}"


def count_phrase(number, plural):
    """ "1 claim", "2 claims": every model here makes its plural with a final s."""
    return f"{number} {plural[:-1] if number == 1 else plural}"


class Loader:
    """Applies records read from a file; `at(where, key)` names a field in the file's terms.

    With a `user`, every change is theirs in the history, and the load is refused unless their
    role allows all it would write. Without one (seeds, an operator's command) it is the system's.
    """

    def __init__(self, change_reason, user=None, previewed_versions=None):
        self.user = user
        # An Admin's file (or the system's) keeps the review states it gives; anyone else's
        # new claims are their work, waiting for another editor's review.
        self.keeps_states = keeps_states_given(user)
        self.now = timezone.now()
        self.change_reason = fitted_reason(change_reason)
        # Confirming a preview: the versions the preview saw of each record it would change.
        self.previewed_versions = previewed_versions
        self.errors = []
        self.report = LoadReport()
        self.seen = {}  # (record name, identity) -> where it first appeared in the file
        self.measures = {}  # question id -> its measures, in order
        self.units_of_version_1 = {}  # question -> the unit a version 1 file gave it
        self.stored_claims = {}  # question id -> {slug: claim}, figures fetched
        self.new_questions = set()  # ids of those made by this load: nothing stored to read
        self.waiting = []  # new claims and figures, written together: [(row, where, label)]
        self.created_claims = []
        self.retracted_claims = []
        self.touched_questions = set()
        # model -> the fields a new row's own values are checked in, each with what checking
        # a value gave: {(type, value): (cleaned value, problems)}
        self.own_fields = {}
        # Edits of published claims wait for a second editor unless the user publishes directly.
        self.reviewed = user is not None and not publishes_directly(user)
        # While a claim's edit is held for review, what it would write:
        # [(action, row, label, [(field, old, new)])].
        self.holding = None
        self.placed_figures = []

    def error(self, where, message):
        self.errors.append((where, message))

    def at(self, where, key):
        return f"{where}.{key}"

    def progress(self):
        """Called after each claim; the command line draws a progress bar here."""

    def first_time(self, record, identity, where):
        """False, with an error, when the file gave this record before."""
        key = (record.name, identity)
        if key in self.seen:
            self.error(where, f"the same {record.label} as at {self.seen[key]}: give it once")
            return False
        self.seen[key] = where
        return True

    def apply(self, record, instance, values, where, label, changes=(), together=False):
        """Set the values a file gives on a new or stored row; save it if anything differs.

        `values` holds only what the file gives, by field name, read and with references
        resolved to rows; `changes` are those already made on the row (its place in a list).
        A new row written `together` waits to be written with others (see `write_waiting`).
        Returns the row, or None after reporting what is wrong.
        """
        is_new = instance.pk is None
        model = record.model
        if is_new:
            missing = [f for f in record.fields if f.required and f.name not in values]
            for missing_field in missing:
                self.error(self.at(where, missing_field.key), "missing field")
            if missing:
                return None
        changes = list(changes)
        for name, value in values.items():
            schema_field = record.field(name)
            if not schema_field.written:
                continue  # an instruction, handled by the record's own loader
            if schema_field.blank_keeps and value in (None, ""):
                continue
            model_field = model._meta.get_field(name)
            if model_field.is_relation:
                old_id = getattr(instance, model_field.attname)
                unsaved = value is not None and value.pk is None  # new in this file, waiting
                if unsaved or old_id != (value.pk if value else None):
                    changes.append((name, getattr(instance, name) if old_id else None, value))
                    setattr(instance, name, value)
                continue
            old = getattr(instance, name)
            if value is None and not model_field.null:
                value = ""
            if old != value:
                changes.append((name, old, value))
                setattr(instance, name, value)
        if not (is_new or changes):
            self.report.unchanged[self.report.plural(model)] += 1
            return instance
        if self.holding is not None and model in (Claim, Figure):
            return self.hold(instance, changes, where, label, is_new)
        if is_new and together:
            return self.wait(instance, where, label)
        return self.save(model, instance, changes, where, label, is_new)

    def still_as_previewed(self, instance, where, label):
        """When confirming a preview, whether the record is as the preview saw it; records what
        this load changes, by the version it changes, for a preview to be confirmed later."""
        key = version_key(instance)
        self.report.versions[key] = instance.version
        if self.previewed_versions is None:
            return True
        previewed = self.previewed_versions.get(key)
        if previewed == instance.version:
            return True
        if previewed is None:
            self.error(where, f"{label} was changed since your preview: preview the file again")
        else:
            self.error(where, stale_message(type(instance), instance.pk, previewed))
        return False

    def save(self, model, instance, changes, where, label, is_new):
        if not is_new and not self.still_as_previewed(instance, where, label):
            return None
        try:
            instance.full_clean()
        except ValidationError as error:
            if is_new and self.stands_for_one_made_meanwhile(instance):
                return instance
            for name, messages in error.message_dict.items():
                self.error(where if name == "__all__" else self.at(where, name), " ".join(messages))
            return None
        instance._change_reason = self.change_reason
        instance._history_user = self.user
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError as error:
            if is_new and self.stands_for_one_made_meanwhile(instance):
                return instance
            self.error(where, f"refused by the database: {error}")
            return None
        except StaleRecord as stale:
            self.error(where, stale.message)
            return None
        self.written(instance, where, label, changes, is_new)
        return instance

    def stands_for_one_made_meanwhile(self, instance):
        """Whether someone else saved this new record a moment ago (see `made_meanwhile`); the
        copy then stands for theirs."""
        made = made_meanwhile(instance)
        if made is None:
            return False
        instance.pk, instance.version, instance._state.adding = made.pk, made.version, False
        self.report.unchanged[self.report.plural(type(instance))] += 1
        return True

    def written(self, instance, where, label, changes=(), is_new=True):
        """Count and list a row written, and note what it means for the feeds."""
        model = type(instance)
        action = "Create" if is_new else "Update"
        self.report.count(action, model)
        listed = [] if is_new else [(name, shown(old), shown(new)) for name, old, new in changes]
        self.report.changes.append(Change(action, label, where, listed))
        if model is Question and is_new:
            self.new_questions.add(instance.pk)
        elif model is Claim:
            self.touched_questions.add(instance.question_id)
            if is_new:
                self.report.new_states[instance.state] += 1
            if not instance.is_published:
                return  # the feeds hear of it once it is published (claims.review)
            if is_new or any(name == "state" for name, _, _ in changes):
                self.created_claims.append(instance)
            elif any(name == "retracted_on" and not old and new for name, old, new in changes):
                self.retracted_claims.append(instance)

    # New rows, written many at a time. ---------------------------------------------------------

    def wait(self, instance, where, label):
        """Check a new row as far as it can be alone, and keep it to be written with others.

        Its references were resolved by the loader, and its identity checked against the file
        and the stored rows it read, so neither is asked of the database again; what only the
        database can tell (a row saved at the same moment by someone else) is found when the
        rows are written."""
        if not self.checked_alone(instance, where):
            return None
        self.waiting.append((instance, where, label))
        if len(self.waiting) >= BATCH_SIZE:
            self.write_waiting()
        return instance

    def field_errors(self, instance):
        """What `clean_fields()` finds wrong with a row's own fields (not its links to others),
        by field name. Each text, number or date is checked once a load for each field: a file
        repeats most of its values (stances, speakers, dates, units), and a field's checks of a
        value do not depend on the row."""
        model = type(instance)
        if model not in self.own_fields:
            self.own_fields[model] = [
                (f, {}) for f in model._meta.fields if not (f.is_relation or f.generated)
            ]
        errors = {}
        for model_field, checked in self.own_fields[model]:
            raw = getattr(instance, model_field.attname)
            if model_field.blank and raw in model_field.empty_values:
                continue
            if type(raw) in REMEMBERED_TYPES:
                key = (type(raw), raw)
                if key not in checked:
                    checked[key] = checked_value(model_field, raw, instance)
                cleaned, problems = checked[key]
            else:
                cleaned, problems = checked_value(model_field, raw, instance)
            if problems:
                errors[model_field.name] = problems
            else:
                setattr(instance, model_field.attname, cleaned)
        return errors

    def write_waiting(self):
        """Write the waiting rows with their history, each kind before the rows that point at
        it; if the database refuses any, write them one at a time to say which and why."""
        waiting, self.waiting = self.waiting, []
        by_model = {Source: [], Article: [], Question: [], Measure: [], Claim: [], Figure: []}
        for instance, _, _ in waiting:
            by_model[type(instance)].append(instance)
        try:
            with transaction.atomic():
                for model, rows in by_model.items():
                    # Not a row whose parent was refused (its reason is given).
                    rows[:] = [row for row in rows if parents_saved(row)]
                    insert_with_history(model, rows, self.user, self.change_reason)
                # Written in bulk, around the claims' own saves that keep the counts.
                recount_claims(by_model[Claim])
        except IntegrityError:
            self.write_one_at_a_time(waiting)
            return
        for instance, where, label in waiting:
            if instance.pk is not None:
                self.written(instance, where, label)

    def write_one_at_a_time(self, waiting):
        for instance, where, label in waiting:
            instance.pk, instance._state.adding = None, True  # the batch was rolled back
            if not parents_saved(instance):
                continue  # what it belongs to was refused, with the reason
            model = type(instance)
            self.save(model, instance, [], where, label, is_new=True)

    def finish(self, dry_run=False):
        """Write what waits, and record what the load did for the feeds (a dry run, rolled
        back whatever it finds, records nothing)."""
        self.write_waiting()
        if self.errors or dry_run:
            return
        activity.claims_written(self.created_claims, self.retracted_claims, verdicts=False)
        # A question this load made has only the claims it made, all at hand.
        at_hand = {question_id: [] for question_id in self.new_questions}
        for claim in self.created_claims:
            if claim.question_id in at_hand and not claim.is_retracted:
                claim.__dict__.setdefault("figure_list", [])
                at_hand[claim.question_id].append(claim)
        activity.verdicts_may_change(self.touched_questions, at_hand)

    def delete(self, instance, where, label):
        if not self.still_as_previewed(instance, where, label):
            return
        if self.holding is not None:
            self.holding.append(("Delete", instance, label, [("deleted", instance.as_text(), "")]))
            return
        instance._change_reason = self.change_reason
        instance._history_user = self.user
        instance.delete()
        self.report.count("Delete", type(instance))
        self.report.changes.append(Change("Delete", label, where))

    # Records that belong to an event: questions, claims and their figures. --------------------

    def load_event(self, values, where):
        slug = values.pop("slug")
        if not self.first_time(EVENT, slug, where):
            return None
        event = Event.objects.filter(slug=slug).first() or Event(slug=slug)
        return self.apply(EVENT, event, values, where, f"event {slug}")

    def load_questions(self, event, listed):
        """Questions as the file lists them: [(values, where)]. Returns {slug: question}.

        When the file lists every question the event has, their order becomes the file's;
        otherwise the stored ones keep their places and new ones go after them.
        """
        stored = {question.slug: question for question in event.questions.all()}
        place = Placing(stored, listed)
        questions = dict(stored)
        with_measures = []
        for index, (values, where) in enumerate(listed):
            slug = values.pop("slug")
            if not self.first_time(QUESTION, (event.slug, slug), where):
                continue
            question = stored.get(slug) or Question(event=event, slug=slug)
            moved = place(question, index)
            label = f"question {event.slug}/{slug}"
            measures = values.pop("measures", None)
            unit = values.pop("unit", None)
            saved = self.apply(QUESTION, question, values, where, label, moved, together=True)
            if saved is None:
                continue
            questions[slug] = saved
            with_measures.append((saved, measures, unit, where))
        self.write_waiting()  # the questions' ids, for their measures and claims
        self.read_measures(question for question, measures, _, _ in with_measures if measures)
        for question, measures, unit, where in with_measures:
            if question.pk is None:
                continue  # refused by the database, with the reason
            if measures is not None:
                self.load_measures(question, measures)
            if unit:
                self.units_of_version_1[question] = (unit, where)
        self.write_waiting()
        return questions

    def measures_of(self, question):
        if question.pk in self.new_questions:
            return self.measures.setdefault(question.pk, [])
        if question.pk not in self.measures:
            self.read_measures([question])
        return self.measures[question.pk]

    def read_measures(self, questions):
        """Read the stored measures of these questions, in order, a query per 500 questions."""
        unread = {
            question.pk: question
            for question in questions
            if question.pk is not None
            and question.pk not in self.new_questions
            and question.pk not in self.measures
        }
        for chunk in chunked(list(unread), QUESTIONS_PER_QUERY):
            for question_id in chunk:
                self.measures[question_id] = []
            for measure in Measure.objects.filter(question__in=chunk).order_by(
                "question_id", "position", "id"
            ):
                measure.question = unread[measure.question_id]
                self.measures[measure.question_id].append(measure)

    def load_measures(self, question, listed):
        """A question's measures as the file lists them: [(values, where)], in order."""
        stored = {measure.slug: measure for measure in self.measures_of(question)}
        place = Placing(stored, listed)
        for index, (values, where) in enumerate(listed):
            slug = values.pop("slug")
            if not self.first_time(MEASURE, (question.pk, slug), where):
                continue
            measure = stored.get(slug) or Measure(question=question, slug=slug)
            moved = place(measure, index)
            label = f"measure {question.slug}/{slug}"
            saved = self.apply(MEASURE, measure, values, where, label, moved, together=True)
            if saved is not None:
                stored[slug] = saved
        # In their new order; one refused is left out, with its reason.
        self.measures[question.pk] = sorted(stored.values(), key=lambda m: (m.position, m.pk or 0))

    def new_measure(self, question, unit, counted, where):
        """A further measure for a wording that matches none of the question's, made visible."""
        measures = self.measures_of(question)
        slug = unique_slug(counted or unit, {measure.slug for measure in measures})
        position = max((m.position for m in measures), default=-1) + 1
        measure = Measure(question=question, slug=slug, position=position)
        label = f"measure {question.slug}/{slug}"
        saved = self.apply(MEASURE, measure, {"unit": unit, "counted": counted}, where, label)
        if saved is not None:
            measures.append(saved)
        return saved

    def figure_measure(self, question, values, figure, where):
        """The measure a figure of the file belongs to; False after reporting why there is none.

        A figure names its measure by slug (version 2), or words it by unit and counted thing
        (version 1 and the CSV), which is matched to the question's measures and never guessed:
        a wording that matches none makes a further measure, shown as such in the comparison.
        Given neither, a new figure takes the question's first measure; a stored one keeps its.
        """
        measures = self.measures_of(question)
        if "measure" in values:
            wording = values.pop("unit", None), values.pop("counted", None)
            slug = values.pop("measure")
            if slug is None:
                return measures[0] if measures else self.no_measure(question, where)
            found = next((m for m in measures if m.slug == slug), None)
            if found is None:
                self.error(
                    self.at(where, "measure"),
                    f"unknown measure {shortened(repr(slug))} of question {question.slug}",
                )
                return False
            return self.worded_as_named(found, *wording, where)
        if values.get("unit") or values.get("counted"):
            unit = values.pop("unit", None) or (
                figure.measure.unit if figure.pk else measures[0].unit if measures else ""
            )
            counted = values.pop("counted", "") or ""
            if not unit:
                self.error(self.at(where, "unit"), "missing field")
                return False
            found = matching_measure(measures, unit, counted)
            return found or self.new_measure(question, unit, counted, where) or False
        values.pop("unit", None), values.pop("counted", None)
        if figure.pk:
            return None
        return measures[0] if measures else self.no_measure(question, where)

    def worded_as_named(self, measure, unit, counted, where):
        """A measure named by slug, unless the figure also words it otherwise (a unit or counted
        thing retyped in a spreadsheet): that edit would be lost, so it is refused, saying how
        to make it. False after reporting that."""
        for name, given in (("unit", unit), ("counted", counted)):
            stored = getattr(measure, name)
            if given and plain(given) != plain(stored):
                message = self.other_measure_message(measure, name, given, stored)
                self.error(self.at(where, name), message)
                return False
        return measure

    def refusal_message(self, refused):
        return f"does not allow you to {refused}"

    def other_measure_message(self, measure, name, given, stored):
        return (
            f"{shortened(repr(given))} is not the {name} of measure {measure.slug} "
            f"({shortened(repr(stored))}): to give the figure another measure, change "
            "its measure slug; to change what the measure is, edit it in the admin"
        )

    def no_measure(self, question, where):
        self.error(
            where,
            f"question {question.slug} has no measure yet: give it one (its unit and what it "
            "counts) in its `measures`",
        )
        return False

    def finish_version_1_questions(self):
        """A version 1 question that gave a unit and still has no measure gets one in it."""
        for question, (unit, where) in self.units_of_version_1.items():
            if not self.measures_of(question):
                self.new_measure(question, unit, "", where)
        self.units_of_version_1 = {}

    def claims_of(self, question):
        """{slug: claim} of a question's stored claims, with their figures: read once a load."""
        if question.pk is None or question.pk in self.new_questions:
            return self.stored_claims.setdefault(question.pk, {})
        if question.pk not in self.stored_claims:
            self.read_claims([question])
        return self.stored_claims[question.pk]

    def read_claims(self, questions):
        """Read the stored claims of these questions with their figures, and their measures:
        a few queries per 500 questions, so a file's claims cost no query each."""
        questions = list(questions)
        self.read_measures(questions)
        unread = {
            question.pk: question
            for question in questions
            if question.pk is not None
            and question.pk not in self.new_questions
            and question.pk not in self.stored_claims
        }
        figures = Prefetch("figures", Figure.objects.in_order(), to_attr="figure_list")
        for chunk in chunked(list(unread), QUESTIONS_PER_QUERY):
            for question_id in chunk:
                self.stored_claims[question_id] = {}
            for claim in Claim.objects.filter(question__in=chunk).prefetch_related(figures):
                claim.question = unread[claim.question_id]
                self.stored_claims[claim.question_id][claim.slug] = claim

    def set_review_state(self, claim, values):
        """A new claim is its importer's work: from an Admin (or the system) in the state the
        file gives, published when it gives none (earlier versions); from anyone else, waiting
        for review, whatever the file says. A stored claim's state moves only by an Admin's
        file; anyone else's edit leaves it as it is."""
        given = values.pop("state", None)
        if claim.pk is not None:
            if given is not None and self.keeps_states:
                values["state"] = given
            return
        claim.author = self.user
        if self.keeps_states:
            claim.state = given or Claim.State.PUBLISHED
        else:
            claim.state = Claim.State.IN_REVIEW
        if claim.state == Claim.State.IN_REVIEW:
            claim.submitted_at = self.now

    def load_claim(self, question, values, where, figures=None):
        """One claim and, if the file gives its figures, exactly those figures.

        `figures` is [(values, where)] in order, or None when the file says nothing of them.
        """
        self.progress()
        slug = values.pop("slug")
        if not self.first_time(CLAIM, (question.pk, slug), where):
            return None
        if figures and not question.is_figure:
            self.error(
                self.at(where, "figures"), "figures belong only to claims on figure questions"
            )
            return None
        claim = self.claims_of(question).get(slug) or Claim(question=question, slug=slug)
        if self.reviewed and is_published(claim):
            return self.held_for_review(question, claim, values, where, figures)
        return self.write_claim(question, claim, values, where, figures)

    def write_claim(self, question, claim, values, where, figures):
        slug = claim.slug
        self.set_review_state(claim, values)
        withdrawn = []
        if values.pop("withdraw_retraction", False) and claim.is_retracted:
            if values.get("retracted_on") or values.get("retraction_reason"):
                self.error(where, "a claim cannot be retracted and have its retraction withdrawn")
                return None
            withdrawn = [("retraction", f"retracted on {shown(claim.retracted_on)}", "withdrawn")]
            claim.retracted_on, claim.retraction_reason = None, ""
        label = f"claim {question.slug}/{slug}"
        saved = self.apply(CLAIM, claim, values, where, label, withdrawn, together=True)
        if saved is not None:
            self.report.claims.append(saved)
        if saved is None or figures is None:
            return saved
        self.touched_questions.add(question.pk)  # its figures may change its verdict
        existing = list(saved.figure_list) if saved.pk else []
        if saved.pk is None:
            saved.figure_list = []  # what it will have: its verdict is worked out from memory
        self.placed_figures = []
        for position, (figure_values, figure_where) in enumerate(figures):
            figure = existing[position] if position < len(existing) else Figure(claim=saved)
            measure = self.figure_measure(question, figure_values, figure, figure_where)
            if measure is False:
                continue
            self.placed_figures.append(figure)
            if measure is not None:
                figure_values["measure"] = measure
            moved = []
            if figure.pk and figure.position != position:
                moved = [("position", figure.position + 1, position + 1)]
            figure.position = position
            figure_label = f"figure {position + 1} of {label}"
            applied = self.apply(
                FIGURE, figure, figure_values, figure_where, figure_label, moved, together=True
            )
            if applied is not None and not existing:
                saved.figure_list.append(applied)
        for position, surplus in enumerate(existing[len(figures) :], start=len(figures)):
            self.delete(surplus, where, f"figure {position + 1} of {label}")
        return saved

    def held_for_review(self, question, claim, values, where, figures):
        """A published claim's edit, checked as if it were written, then kept as a pending
        change for a second editor (claims/changes.py): the claim itself is not written."""
        version = claim.version
        stored_figures = list(claim.figure_list)
        self.holding = []
        try:
            edited = self.write_claim(question, claim, values, where, figures)
        finally:
            held, self.holding = self.holding, None
        if edited is None or not held:
            return edited
        placed = stored_figures if figures is None else self.placed_figures
        try:
            change = propose(edited, placed, self.user, self.change_reason, claim_version=version)
        except ValidationError as error:
            self.error(where, " ".join(error.messages))
            return None
        if change is not None:
            label = f"claim {question.slug}/{claim.slug}"
            listed = [
                (name if record == label else f"{record}: {name}", shown(old), shown(new))
                for _, _, record, changes in held
                for name, old, new in changes
            ]
            self.report.changes.append(Change("Propose", label, where, listed))
            self.report.proposed[self.report.plural(Claim)] += 1
            # The role must allow what approving it would write.
            self.report.writes[("Update", Claim)] += 1
            for action, instance, _, _ in held:
                if type(instance) is Figure:
                    self.report.writes[(action, Figure)] += 1
        return edited

    def checked_alone(self, instance, where):
        """Whether the row passes its fields' and its model's checks; each problem reported."""
        errors = self.field_errors(instance)
        try:
            instance.clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not errors:
            return True
        for name, messages in ValidationError(errors).message_dict.items():
            self.error(where if name == "__all__" else self.at(where, name), " ".join(messages))
        return False

    def hold(self, instance, changes, where, label, is_new):
        """Check a row of an edit held for review as it would be checked when written."""
        if not is_new and not self.still_as_previewed(instance, where, label):
            return None
        if not self.checked_alone(instance, where):
            return None
        if is_new:
            changes = [("created", "", instance.as_text())]
        self.holding.append(("Create" if is_new else "Update", instance, label, changes))
        return instance


class Placing:
    """Places in an ordered list (an event's questions, a question's measures) as a file gives
    them. When the file lists every stored record, the order becomes the file's; otherwise the
    stored ones keep their places and new ones go after them."""

    def __init__(self, stored, listed):
        self.follows_file = set(stored) <= {values["slug"] for values, _ in listed}
        self.next = max((record.position for record in stored.values()), default=-1) + 1

    def __call__(self, record, index):
        """Set the record's position; returns the change, as (field, old, new), if it moved."""
        if self.follows_file:
            position = index
        elif record.pk is None:
            position, self.next = self.next, self.next + 1
        else:
            position = record.position
        moved = []
        if record.pk and record.position != position:
            moved = [("position", record.position + 1, position + 1)]
        record.position = position
        return moved


@contextmanager
def collection_paused():
    """Python's cycle collector paused while a file is read and loaded. It runs every few
    hundred new objects and, now and then, walks every object alive; a load makes hundreds of
    thousands (the parsed file, its rows) and keeps them to its end, so each walk was longer and
    found almost nothing: about a tenth of a large import's time. It runs as usual after."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def run_loader(loader, load, dry_run=False):
    """Run a load in one transaction; roll it all back and raise if anything was wrong.

    A dry run rolls back in any case: its report says what a real run would do.
    """
    with collection_paused(), transaction.atomic():
        load()
        loader.finish(dry_run)
        if loader.user is not None and not loader.errors:
            for refused in refused_writes(loader.user, loader.report.writes):
                loader.error("your role", loader.refusal_message(refused))
        if loader.errors or dry_run:
            transaction.set_rollback(True)
    if loader.errors:
        raise InvalidDocument(loader.errors)
    written = loader.report.writes
    if not dry_run and sum(written.values()) >= ANALYZED_FROM_ROWS:
        # Once the rows are there for every reader: a search planned on the table as it was
        # before a large first import would take it for nearly empty.
        transaction.on_commit(lambda: analyze({model for _, model in written}))
    return loader.report
