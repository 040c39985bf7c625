from difflib import SequenceMatcher

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.timezone import now
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import activity, changes, jobs
from .fields import AdminWrittenDateField, WrittenNumberField
from .interchange import InvalidDocument, import_data
from .models import (
    Article,
    Claim,
    Correction,
    Event,
    Figure,
    ImportUpload,
    Job,
    Measure,
    PendingChange,
    Question,
    Source,
    plain,
)
from .restore import apply_restore, plan_restore, propose_restore
from .versions import check_version, stored_version

SIMILARITY = 0.85
SLUG_FIELDSET = (
    _("Name in files and addresses"),
    {
        "fields": ["slug"],
        "classes": ["collapse"],
        "description": _("Made for you from the name as you type it; change it only if you must."),
    },
)
# An address typed without a scheme is taken as https, as browsers now do.
WEB_ADDRESS_FIELDS = {models.URLField: {"assume_scheme": "https"}}
# Dates typed as the site prints them ("17 Oct 2016"), or as ISO.
WRITTEN_DATES = {models.DateField: {"form_class": AdminWrittenDateField}}
# Figures as they were said ("98", "13,000"), not as stored ("98.0000").
WRITTEN_NUMBERS = {models.DecimalField: {"form_class": WrittenNumberField}}


def titled(filter_class, title):
    """A list filter with its own title, for two filters whose fields share a name ("kind")."""

    class TitledFilter(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledFilter


CHANGE_REASON_HELP = _(
    "Why you make this change (“figure corrected by the agency”); kept in history."
)


class EditForm(forms.ModelForm):
    """Every admin form: why the change is made (kept in history), and the version of the record
    it was opened at, so that a save made on a stale copy is refused (claims/versions.py)."""

    change_reason = forms.CharField(
        required=False, max_length=100, label=_("Change reason"), help_text=CHANGE_REASON_HELP
    )
    loaded_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, label=_("Loaded version")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The stored version, not the instance's: a form that reverts to an old version
            # is still made from today's record.
            model = type(self.instance)
            self.fields["loaded_version"].initial = stored_version(model, self.instance.pk)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            check_version(type(self.instance), self.instance.pk, cleaned_data.get("loaded_version"))
        return cleaned_data


class SimilarNameForm(EditForm):
    """Warns, with a link, before a new name close to an existing one is saved: the same
    event or source entered twice splits its claims in two."""

    name_field = "name"
    save_anyway = forms.BooleanField(
        required=False,
        label=_("Save anyway"),
        help_text=_("It is not the same as the one named above."),
    )

    @classmethod
    def named_by(cls, field_name):
        return type(f"SimilarNameForm_{field_name}", (cls,), {"name_field": field_name})

    def clean(self):
        cleaned_data = super().clean()
        name = cleaned_data.get(self.name_field)
        changed = self.instance.pk is None or self.name_field in self.changed_data
        if name and changed and not cleaned_data.get("save_anyway"):
            close = similar_records(type(self.instance), self.name_field, name, self.instance.pk)
            if close:
                links = format_html_join(
                    ", ",
                    '<a href="{}">{}</a>',
                    ((admin_url(record), getattr(record, self.name_field)) for record in close),
                )
                raise ValidationError(
                    format_html(
                        gettext(
                            # Translators: {links} are links to the records; “Save anyway” is
                            # the label of the box to tick.
                            "Already here under a close name: {links}. "
                            "Use it, or tick “Save anyway”."
                        ),
                        links=links,
                    )
                )
        return cleaned_data


def similar_records(model, field_name, name, exclude_pk=None):
    """Records whose name reads nearly the same (case, spacing and small typos aside)."""
    wanted = plain(name)
    close = []
    for pk, other in model.objects.exclude(pk=exclude_pk).values_list("pk", field_name):
        matcher = SequenceMatcher(None, wanted, plain(other))
        if matcher.real_quick_ratio() >= SIMILARITY and matcher.ratio() >= SIMILARITY:
            close.append(pk)
    return list(model.objects.filter(pk__in=close[:5]))


def admin_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


class InlineEditForm(forms.ModelForm):
    """A row of an inline (a claim's figure, an event's question), checked like EditForm when it
    is changed or deleted; a row left alone is not saved, so it cannot overwrite anything."""

    loaded_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, label=_("Loaded version")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    @property
    def changed_data(self):
        return [name for name in super().changed_data if name != "loaded_version"]

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and self.has_changed():
            check_version(type(self.instance), self.instance.pk, cleaned_data.get("loaded_version"))
        return cleaned_data


class VersionedInline(admin.TabularInline):
    """Rows of versioned records, each carrying the version it was shown at: the admin renders
    only the fields an inline lists, and a changed row posted without its version is refused."""

    form = InlineEditForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if "loaded_version" in fields else [*fields, "loaded_version"]


class HistoryAdmin(SimpleHistoryAdmin):
    """Every form asks why a change is made, and the history keeps the answer."""

    form = EditForm
    formfield_overrides = {**WEB_ADDRESS_FIELDS, **WRITTEN_DATES, **WRITTEN_NUMBERS}

    def get_fieldsets(self, request, obj=None):
        """The slug, made from the name as the editor types it, is shown only on request."""
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets:
            return fieldsets
        fields = [name for name in fieldsets[0][1]["fields"] if name != "slug"]
        if len(fields) == len(fieldsets[0][1]["fields"]):
            return fieldsets
        return [(None, {"fields": fields}), SLUG_FIELDSET]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_model(request, obj, form, change)

    def history_view(self, request, object_id, extra_context=None):
        # simple-history looks the id up as given: "3/change" would be a server error.
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        return super().history_view(request, object_id, extra_context)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            inline_form.instance._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_formset(request, form, formset, change)


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    form = SimilarNameForm.named_by("name")
    list_display = ["name", "kind", "affiliation", "based_in", "parent", "claim_count"]
    list_filter = ["kind", "affiliation"]
    search_fields = ["name", "slug", "affiliation", "based_in"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    # Meta.ordering does not apply to the grouped query the claim count makes.
    ordering = ["name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .annotate(number_of_claims=Count("claims"))
        )

    @admin.display(description=_("claims"), ordering="number_of_claims")
    def claim_count(self, source):
        return source.number_of_claims


class QuestionInline(VersionedInline):
    model = Question
    fields = ["position", "text", "slug", "kind"]
    prepopulated_fields = {"slug": ["text"]}
    extra = 0
    show_change_link = True


@admin.register(Event)
class EventAdmin(HistoryAdmin):
    form = SimilarNameForm.named_by("title")
    list_display = ["title", "place", "starts_on", "ends_on", "question_count", "claim_count"]
    list_filter = ["starts_on"]
    search_fields = ["title", "slug", "place", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_on"
    inlines = [QuestionInline]
    ordering = ["-starts_on", "title"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts(request.user)

    @admin.display(description=_("questions"), ordering="question_count")
    def question_count(self, event):
        return event.question_count

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, event):
        return event.claim_count


class MeasureInline(VersionedInline):
    model = Measure
    fields = ["position", "unit", "counted", "slug"]
    prepopulated_fields = {"slug": ["counted"]}
    extra = 1
    verbose_name_plural = _("measures: what its figures count (the first is the question's own)")


@admin.register(Question)
class QuestionAdmin(HistoryAdmin):
    list_display = ["text", "event", "kind", "measures_text", "position"]
    list_filter = ["kind", "event"]
    search_fields = ["text", "slug", "event__title"]
    autocomplete_fields = ["event"]
    prepopulated_fields = {"slug": ["text"]}
    list_select_related = ["event"]
    inlines = [MeasureInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("measures")

    @admin.display(description=_("measures"))
    def measures_text(self, question):
        return "; ".join(str(measure) for measure in question.measures.all()) or "—"


@admin.register(Measure)
class MeasureAdmin(HistoryAdmin):
    list_display = ["__str__", "question", "position"]
    search_fields = ["unit", "counted", "question__text"]
    autocomplete_fields = ["question"]
    list_select_related = ["question__event"]


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    list_display = ["title", "outlet_or_unknown", "published_on", "author"]
    list_filter = ["outlet", "published_on"]
    search_fields = ["title", "outlet", "author", "url"]
    prepopulated_fields = {"slug": ["title"]}

    @admin.display(description=_("outlet"), ordering="outlet")
    def outlet_or_unknown(self, article):
        # Translators: in the outlet column, for an article whose outlet is not known.
        return article.outlet or gettext("unknown")


class FigureInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        question = getattr(self.instance, "question", None)
        if question is None:
            return
        if question.is_figure:
            self.give_figures_a_measure(question)
            return
        has_figures = any(
            form.cleaned_data and not form.cleaned_data.get("DELETE") for form in self.forms
        )
        if has_figures:
            raise ValidationError(
                gettext(
                    "“%(question)s” is a statement question: its claims take a stance, not "
                    "figures. Remove the figures or choose a figure question."
                ),
                params={"question": question.text},
            )

    def give_figures_a_measure(self, question):
        """A figure left without a measure takes its question's first; one of another
        question's measures is refused by name."""
        measures = list(question.measures.all())
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            measure = data.get("measure")
            if measure is None:
                if not measures:
                    message = gettext("“%(question)s” has no measure yet: add one first.")
                    form.add_error(None, message % {"question": question.text})
                    continue
                form.instance.measure = data["measure"] = measures[0]
            elif measure.question_id != question.pk:
                form.add_error("measure", gettext("Choose one of this question's measures."))


class FigureInlineForm(InlineEditForm):
    """A figure row: one value field for every qualifier (a range adds its upper end), and a
    measure that may be left for the question's own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].required = False
        self.fields["low"].label = gettext("Value")
        self.fields["low"].help_text = gettext("The number; for a range, its lower end.")
        # Translators: the upper end of a range of figures.
        self.fields["high"].label = gettext("Up to")
        self.fields["high"].help_text = gettext("Only for a range (between).")
        # Translators: the date a figure was true on.
        self.fields["period_end"].label = gettext("As of")
        if self.instance.qualifier == Figure.Qualifier.AT_MOST and self.instance.high is not None:
            self.initial["low"], self.initial["high"] = self.instance.high, None

    def clean(self):
        data = self.cleaned_data
        if data.get("qualifier") == Figure.Qualifier.AT_MOST and data.get("high") is None:
            # "At most 50": the one value typed is the bound.
            data["high"], data["low"] = data.get("low"), None
            self.instance.high, self.instance.low = data["high"], None
        return super().clean()


class FigureInline(VersionedInline):
    """A claim's figures, each on three short lines (the number, where, when) that fit a
    laptop's screen beside the admin's menu; a row is added only when asked for."""

    model = Figure
    form = FigureInlineForm
    formset = FigureInlineFormSet
    template = "admin/edit_inline/stacked.html"
    fields = [
        ("qualifier", "low", "high", "measure"),
        ("place", "period"),
        ("period_start", "period_end"),
    ]
    extra = 0
    formfield_overrides = {**WRITTEN_DATES, **WRITTEN_NUMBERS}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("measure")  # each row's heading

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "measure":
            field.queryset = Measure.objects.select_related("question")
            # Translators: the measure a figure counts when none is chosen.
            field.empty_label = gettext("The question's own")
            # Read once for every row's menu, not once a row.
            field.choices = list(field.choices)
        return field


class ClaimAdminForm(EditForm):
    # Set by ClaimAdmin.get_form: whether saving keeps the edit for a second editor's review.
    held_for_review = False

    class Meta:
        model = Claim
        fields = Claim.EDITED_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        question = self.chosen_question()
        if question is not None and question.is_figure:
            # A figure question's claim gives figures, not a stance: nothing to choose. A
            # question changed to a statement one brings the stance back when the form
            # returns with the error that asks for it.
            self.fields["stance"].widget = forms.HiddenInput()

    def chosen_question(self):
        """The question as posted, else the claim's own; None while none is chosen."""
        if self.is_bound:
            pk = self.data.get(self.add_prefix("question"))
            if not pk:
                return None
            try:
                return Question.objects.filter(pk=pk).first()
            except (ValueError, ValidationError):
                return None
        return self.instance.question if self.instance.question_id else None

    def clean(self):
        cleaned_data = super().clean()
        question = cleaned_data.get("question")
        if question is not None and question.is_figure:
            # Chosen before the question was, the stance is not this claim's to keep.
            cleaned_data["stance"] = ""
        if self.held_for_review and self.instance.pending_changes.waiting().exists():
            raise ValidationError(
                gettext(
                    "A change to this claim already waits for review: it must be approved or "
                    "rejected before another is made."
                )
            )
        return cleaned_data


REVIEW_FIELDS = ["state", "author", "reviewer", "review_comment"]


def answer_proposal(request, claim, proposal, waits):
    """Where an edit held for review leads: back to the claim when it changed nothing, else to
    the pending change, saying that it waits (`waits`)."""
    if proposal is None:
        messages.info(request, gettext("Nothing was changed."))
        return redirect("admin:claims_claim_change", claim.pk)
    messages.success(request, waits)
    return redirect(proposal.get_absolute_url())


@admin.register(Claim)
class ClaimAdmin(HistoryAdmin):
    form = ClaimAdminForm
    list_display = [
        "source",
        "question_text",
        "stance",
        "figures_text",
        "speaker_text",
        "stated",
        "change_waiting",
        "state",
    ]
    list_filter = [
        "state",
        ("question__event", titled(admin.RelatedFieldListFilter, _("event"))),
        ("question__kind", titled(admin.ChoicesFieldListFilter, _("question kind"))),
        "stance",
        ("source__kind", titled(admin.ChoicesFieldListFilter, _("source kind"))),
        "source",
        "stated_on",
        ("retracted_on", admin.EmptyFieldListFilter),
    ]
    search_fields = [
        "summary",
        "quote",
        "quote_translation",
        "speaker_name",
        "speaker_role",
        "source__name",
        "slug",
    ]
    autocomplete_fields = ["question", "source", "article"]
    prepopulated_fields = {"slug": ["summary"]}
    list_select_related = ["source", "question__event"]
    inlines = [FigureInline]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_urls(self):
        import_url = path(
            "import/",
            self.admin_site.admin_view(lambda request: import_claims_view(self, request)),
            name="claims_claim_import",
        )
        restore_url = path(
            "<int:object_id>/restore/<int:history_id>/",
            self.admin_site.admin_view(self.restore_view),
            name="claims_claim_restore",
        )
        return [import_url, restore_url, *super().get_urls()]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A version picked in the history opens the whole restore, figures included."""
        return redirect("admin:claims_claim_restore", object_id, version_id)

    def restore_view(self, request, object_id, history_id):
        """What restoring this version would change, figures included; then, with a reason,
        the restore itself, in one step."""
        claim = get_object_or_404(Claim, pk=object_id)
        if not self.has_change_permission(request, claim):
            raise PermissionDenied
        plan = plan_restore(claim, history_id)
        form = RestoreForm(request.POST or None)
        if (
            request.method == "POST"
            and form.is_valid()
            and changes.waits_for_review(claim, request.user)
        ):
            try:
                proposal = propose_restore(
                    plan,
                    request.user,
                    form.cleaned_data["reason"],
                    form.cleaned_data["loaded_version"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return answer_proposal(
                    request,
                    claim,
                    proposal,
                    gettext(
                        "Your restore waits for a second editor's approval; readers see the "
                        "published claim until then."
                    ),
                )
        elif request.method == "POST" and form.is_valid():
            try:
                apply_restore(
                    plan,
                    request.user,
                    form.cleaned_data["reason"],
                    form.cleaned_data["loaded_version"],
                    form.cleaned_data["figure_versions"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    gettext("Restored %(claim)s to %(version)s.")
                    % {"claim": claim, "version": plan.label},
                )
                return redirect("admin:claims_claim_change", claim.pk)
        if request.method == "GET":
            form = RestoreForm(
                initial={"loaded_version": claim.version, "figure_versions": plan.figure_versions}
            )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Restore %(version)s") % {"version": plan.label},
            "opts": self.model._meta,
            "claim": claim,
            "plan": plan,
            "refused": plan.refused_for(request.user),
            "held_for_review": changes.waits_for_review(claim, request.user),
            "form": form,
        }
        return render(request, "admin/claims/claim/restore.html", context)

    fieldsets = [
        (None, {"fields": ["question", "source", "stance", "summary"]}),
        (
            _("The quote"),
            {
                "fields": ["quote", "quote_language", "quote_translation", "translated_by"],
                "description": _(
                    "The words as they were said, in their own language, and the "
                    "newsroom's translation when that language is another."
                ),
            },
        ),
        (_("Who said it, and when"), {"fields": ["speaker_name", "speaker_role", "via"]}),
        (
            _("When and where it was reported"),
            {"fields": ["stated_on", "stated_when", "article"]},
        ),
        (
            _("Retraction"),
            {
                "fields": ["retracted_on", "retraction_reason"],
                "description": _(
                    "A retracted claim stays visible, marked, and leaves comparisons. "
                    "Claims are never deleted."
                ),
            },
        ),
        (_("Review"), {"fields": REVIEW_FIELDS}),
        (None, {"fields": ["change_reason", "loaded_version"]}),
        SLUG_FIELDSET,
    ]

    def has_delete_permission(self, request, obj=None):
        return False  # retract instead: a claim is never lost

    # An edit of a published claim by anyone but an Admin waits for review (claims/changes.py).

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.held_for_review = obj is not None and changes.waits_for_review(obj, request.user)
        return form

    def change_view(self, request, object_id, form_url="", extra_context=None):
        waiting = PendingChange.objects.waiting().filter(claim_id=object_id).first()
        extra_context = {**(extra_context or {}), "change_waiting": waiting}
        if waiting is None and request.method == "GET":
            claim = Claim.objects.filter(pk=object_id).first()
            if claim is not None and changes.waits_for_review(claim, request.user):
                extra_context["edits_wait"] = True
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        if not form.held_for_review:
            super().save_related(request, form, formsets, change)
            return
        request.pending_change = changes.propose(
            form.instance,
            figures_in(formsets),
            request.user,
            form.cleaned_data.get("change_reason") or "",
            claim_version=form.cleaned_data.get("loaded_version"),
        )

    def construct_change_message(self, request, form, formsets, add=False):
        if hasattr(request, "pending_change"):
            return ""  # the formsets saved nothing to describe
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if not hasattr(request, "pending_change"):
            return super().log_change(request, obj, message)
        return None  # nothing changed yet: the pending change keeps who proposed what

    def response_change(self, request, obj):
        if not hasattr(request, "pending_change"):
            return super().response_change(request, obj)
        return answer_proposal(
            request,
            obj,
            request.pending_change,
            gettext(
                "Your change waits for a second editor's approval; readers see the published "
                "claim until then."
            ),
        )

    def get_readonly_fields(self, request, obj=None):
        # The review queue moves a claim's state (claims.review), never this form.
        return [*super().get_readonly_fields(request, obj), *REVIEW_FIELDS]

    def save_model(self, request, obj, form, change):
        if form.held_for_review:
            return  # kept as a pending change by save_related, not written
        retracting = obj.retracted_on is not None and form.initial.get("retracted_on") is None
        if not change:
            # Entered here, as anywhere: the author's work, waiting for another's review.
            obj.author, obj.state, obj.submitted_at = request.user, Claim.State.IN_REVIEW, now()
        super().save_model(request, obj, form, change)
        if retracting and obj.is_published:
            activity.claims_written(retracted=[obj])
        activity.verdicts_may_change({obj.question_id, form.initial.get("question")} - {None})

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            activity.verdicts_may_change({form.instance.question_id})

    def get_queryset(self, request):
        waiting = PendingChange.objects.waiting().filter(claim=models.OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .prefetch_related("figures")
            .annotate(has_change_waiting=models.Exists(waiting))
        )

    @admin.display(description=_("change waiting"), boolean=True)
    def change_waiting(self, claim):
        return claim.has_change_waiting

    @admin.display(description=_("question"), ordering="question__text")
    def question_text(self, claim):
        return claim.question.text

    @admin.display(description=_("figures"))
    def figures_text(self, claim):
        return "; ".join(figure.as_text() for figure in claim.figures.all()) or "—"

    @admin.display(description=_("speaker"))
    def speaker_text(self, claim):
        return claim.speaker

    # Translators: the column of when a claim was made.
    @admin.display(description=_("stated"), ordering="stated_on")
    def stated(self, claim):
        return claim.stated_on or claim.stated_when or "—"


@admin.register(Figure)
class FigureAdmin(HistoryAdmin):
    list_display = ["__str__", "measure", "place", "period", "claim"]
    list_filter = ["qualifier", "measure__unit"]
    search_fields = [
        "measure__counted",
        "place",
        "period",
        "claim__summary",
        "claim__source__name",
    ]
    autocomplete_fields = ["claim", "measure"]
    list_select_related = ["claim__source", "measure"]

    # A published claim's figures change in its claim's form, where an edit waits for a second
    # editor (claims/changes.py): here only those whose edits publish directly change them.

    def has_change_permission(self, request, obj=None):
        if obj is not None and changes.waits_for_review(obj.claim, request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and changes.waits_for_review(obj.claim, request.user):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not changes.publishes_directly(request.user):
            actions.pop("delete_selected", None)  # it would reach published claims' figures
        return actions

    def save_model(self, request, obj, form, change):
        if changes.waits_for_review(obj.claim, request.user):
            raise PermissionDenied  # a figure added to a published claim: in its claim's form
        super().save_model(request, obj, form, change)
        activity.verdicts_may_change({obj.claim.question_id})

    def delete_model(self, request, obj):
        question_id = obj.claim.question_id
        super().delete_model(request, obj)
        activity.verdicts_may_change({question_id})

    def delete_queryset(self, request, queryset):
        question_ids = set(queryset.values_list("claim__question_id", flat=True))
        super().delete_queryset(request, queryset)
        activity.verdicts_may_change(question_ids)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("Interchange JSON (.json) or CSV in the export's columns (.csv), UTF-8."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                gettext(
                    "This file is larger than the %(limit)s MB an import takes. "
                    "Split it, or import it on the command line (manage.py import_claims)."
                ),
                params={"limit": f"{limit / 1_000_000:g}"},
            )
        return upload


class RestoreForm(forms.Form):
    reason = forms.CharField(
        max_length=60,
        label=_("Reason"),
        help_text=_("Why this version comes back; kept in the history."),
    )
    loaded_version = forms.IntegerField(widget=forms.HiddenInput)
    figure_versions = forms.JSONField(widget=forms.HiddenInput, required=False)  # {} for none


class ConfirmImportForm(forms.Form):
    """Names the previewed file by the token of its content."""

    token = forms.CharField(max_length=64)


def import_claims_view(model_admin, request):
    """Upload a file, see what it would change, then confirm. Nothing is written before that."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Import claims"),
        "in_request_limit": f"{settings.IMPORT_IN_REQUEST_BYTES / 1_000_000:g}",
    }
    if request.method == "POST" and "confirm" in request.POST:
        return confirm_import(request, context)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        if len(data) > settings.IMPORT_IN_REQUEST_BYTES:
            # Too long to check while the editor waits: the worker checks it, and the job's
            # page shows the same preview to confirm.
            kept = ImportUpload.objects.keep(request.user, upload.name, data, {})
            job = jobs.check_import(request.user, kept)
            return redirect(job.get_absolute_url())
        context.update(file_name=upload.name)
        try:
            preview = import_data(data, upload.name, dry_run=True, user=request.user)
        except InvalidDocument as error:
            context["errors"] = error.errors
        else:
            kept = ImportUpload.objects.keep(request.user, upload.name, data, preview.versions)
            context["preview"] = preview
            context.update(upload=kept, confirm_fields={"token": kept.token})
    context["form"] = form
    return render(request, "admin/claims/claim/import.html", context)


def confirm_import(request, context):
    form = ConfirmImportForm(request.POST)
    upload = form.is_valid() and ImportUpload.objects.confirmed(
        request.user, form.cleaned_data["token"]
    )
    if not upload:
        messages.error(request, gettext("That upload is no longer here: upload the file again."))
        return redirect("admin:claims_claim_import")
    reason = f"Imported from {upload.name}"
    try:
        report = import_data(
            bytes(upload.data),
            upload.name,
            reason,
            user=request.user,
            previewed_versions=upload.versions,
        )
    except InvalidDocument as error:
        # Records changed since the preview, or the data changed so that the file is wrong now.
        context.update(form=ImportForm(), file_name=upload.name, errors=error.errors)
        return render(request, "admin/claims/claim/import.html", context)
    finally:
        upload.delete()
    messages.success(
        request,
        gettext("Imported %(file_name)s: %(summary)s.")
        % {"file_name": upload.name, "summary": report.summary()},
    )
    return redirect("admin:claims_claim_changelist")


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Background jobs: each one's page shows its progress, then its result or every error.

    Staff see the jobs they started (a superuser sees all); nobody edits one.
    """

    list_display = ["name", "kind", "state_now", "started_by", "created_at", "finished_at"]
    list_filter = ["kind", "state"]
    list_select_related = ["started_by"]

    @admin.display(description=_("state"), ordering="state")
    def state_now(self, job):
        """The stored state, unless a running job's worker has gone (read from the cache)."""
        return gettext("Stopped") if jobs.is_stopped(job) else job.get_state_display()

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if not self.has_module_permission(request):
            return False
        return obj is None or request.user.is_superuser or obj.started_by_id == request.user.pk

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        status_url = path(
            "<path:object_id>/status/",
            self.admin_site.admin_view(self.status_view),
            name="claims_job_status",
        )
        return [status_url, *super().get_urls()]

    def visible_job(self, request, object_id):
        job = self.get_object(request, unquote(object_id))
        if job is None or not self.has_view_permission(request, job):
            raise Http404("No such job.")
        return job

    def status_view(self, request, object_id):
        """Where the job stands, for its page to show while it runs (static/js/job.js)."""
        job = self.visible_job(request, object_id)
        change_url = reverse("admin:claims_job_change", args=[job.pk])
        context = jobs.standing(job, request.path, retry_url=change_url)
        return render(request, "claims/includes/job_progress.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.visible_job(request, object_id)
        if request.method == "POST" and "confirm" in request.POST:
            return confirm_checked_import(self, request, job)
        if request.method == "POST" and "retry" in request.POST:
            jobs.retry(job)
            return redirect(request.path)
        status_url = reverse("admin:claims_job_status", args=[job.pk])
        context = {
            **self.admin_site.each_context(request),
            **jobs.standing(job, status_url, retry_url=request.path),
            "title": str(job),
            "opts": self.model._meta,
            "import_still_possible": job.kind == Job.Kind.CHECK
            and job.upload_id is not None
            and not Job.objects.filter(kind=Job.Kind.IMPORT, upload=job.upload_id).exists(),
        }
        return render(request, "admin/claims/job/detail.html", context)


def confirm_checked_import(model_admin, request, check):
    """The editor has read the check's preview: the worker imports exactly that file."""
    if not model_admin.admin_site.get_model_admin(Claim).has_add_permission(request):
        raise PermissionDenied
    job = jobs.import_checked(check, request.user)
    if job is None:
        messages.error(request, gettext("That upload is no longer here: upload the file again."))
        return redirect("admin:claims_claim_import")
    return redirect(job.get_absolute_url())


def figures_in(formsets):
    """The figures a claim's form leaves it with, in order, as edited and not saved."""
    figures = []
    for formset in formsets:
        if formset.model is not Figure:
            continue
        deleted = set(map(id, formset.deleted_forms))
        for inline_form in formset.forms:
            if id(inline_form) in deleted:
                continue
            if inline_form.instance.pk is None and not inline_form.has_changed():
                continue  # an empty row
            figures.append(inline_form.instance)
    return figures


class MyChangesFilter(admin.SimpleListFilter):
    title = _("proposed by")
    parameter_name = "proposed_by"

    def lookups(self, request, model_admin):
        return [("me", _("me")), ("others", _("others"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(author=request.user)
        if self.value() == "others":
            return queryset.exclude(author=request.user)
        return queryset


class DecisionForm(forms.Form):
    """Approve a pending change (saying, when it alters what readers were shown, whether it
    corrects or clarifies), or send it back with a comment."""

    kind = forms.ChoiceField(
        choices=Correction.Kind.choices,
        required=False,
        widget=forms.RadioSelect,
        label=_("For readers, this is a"),
    )
    note = forms.CharField(
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Note for readers"),
        help_text=_("Shown after what changed: “as the report said”."),
    )
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Comment for its author"),
        help_text=_("Needed to send it back: say what to fix."),
    )


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    """Changes to published claims waiting for a second editor, and those decided. Each one's
    page shows what it would change and lets another editor approve or reject it."""

    list_display = ["claim", "author", "proposed_at", "state", "decided_by", "comment"]
    list_filter = ["state", MyChangesFilter]
    list_select_related = ["claim__source", "author", "decided_by"]
    search_fields = ["claim__summary", "claim__source__name", "reason", "comment"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("claims.change_claim")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("claims.view_claim")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "decided_by")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self.get_object(request, unquote(object_id))
        if change is None or not self.has_view_permission(request, change):
            raise Http404("No such change.")
        form = DecisionForm(request.POST or None)
        if request.method == "POST":
            if not self.has_change_permission(request, change):
                raise PermissionDenied
            if form.is_valid():
                decided = self.decide(request, change, form)
                if decided is not None:
                    return redirect(decided.get_absolute_url())
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Change to %(claim)s") % {"claim": change.claim},
            "opts": self.model._meta,
            "change": change,
            "rows": changes.changed_fields(change) if change.is_pending else [],
            "differences": changes.what_readers_see_change(change) if change.is_pending else [],
            "own": change.author_id == request.user.pk,
            "can_decide": self.has_change_permission(request, change),
            "form": form,
        }
        return render(request, "admin/claims/pendingchange/decide.html", context)

    def decide(self, request, change, form):
        data = form.cleaned_data
        try:
            if "reject" in request.POST:
                decided = changes.reject(change, request.user, data["comment"])
                messages.success(request, gettext("The change went back to its author."))
            else:
                decided = changes.approve(change, request.user, data["kind"], data["note"])
                messages.success(request, gettext("The change is published."))
        except ValidationError as error:
            form.add_error(None, error)
            return None
        return decided
