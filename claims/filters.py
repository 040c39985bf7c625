import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from claimtracker.caching import kept_while_data_unchanged

from .fields import WrittenDateField
from .forms import FixedSelect, QuickSelect, QuickTextInput, input_html
from .models import Claim, ClaimCount, Event, Figure, Question, Source
from .roles import is_staff
from .search import SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS, search_claims


class DateRangeInputs(django_filters.widgets.DateRangeWidget):
    """Two text boxes for dates as the site writes them ("17 Oct 2016"), each labelled for
    screen readers: a browser's own date box would show its locale's "mm/dd/yyyy"."""

    def __init__(self):
        super().__init__(attrs={"size": 12})
        self.widgets[0].attrs["aria-label"] = _("From")
        self.widgets[1].attrs["aria-label"] = _("To")

    def render(self, name, value, attrs=None, renderer=None):
        # As django-filter's template writes the pair, without a template per box.
        after, before = self.get_context(name, value, attrs)["widget"]["subwidgets"]
        return mark_safe(f"{input_html(after)}\n-{input_html(before)}")


class WrittenDateRangeField(django_filters.fields.DateRangeField):
    """A from–to range of dates, each typed as the site writes it, or as ISO."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = (WrittenDateField(required=False), WrittenDateField(required=False))

    def compress(self, data_list):
        # A box holding only spaces is read as empty, and two empty boxes are no range at all:
        # an open slice would reach the query as a date to match.
        if data_list and all(day is None for day in data_list):
            return None
        return super().compress(data_list)


class WrittenDateRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = WrittenDateRangeField


class EventField(forms.CharField):
    """An event named by its slug or its title: a text box, as there may be thousands.

    Only `events` (a queryset, or a function giving one) are found: the filter gives those its
    reader may see."""

    widget = QuickTextInput

    def __init__(self, *args, events=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._events = events

    @property
    def events(self):
        # Made only when an event is looked up: most pages of the claim browser name none, and
        # the rule's query took a fifth of setting up the filters.
        if self._events is None:
            return Event.objects.visible_to(AnonymousUser())
        return self._events() if callable(self._events) else self._events

    @events.setter
    def events(self, events):
        self._events = events

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        event = self.events.filter(slug=value).first()
        event = event or self.events.filter(title__iexact=value).order_by("-starts_on").first()
        if event is None:
            # The value as a parameter, never in the message: a "%" in it would break formatting.
            raise forms.ValidationError(
                _("No event has the slug or title “%(value)s”."), params={"value": value}
            )
        return event


class EventFilter(django_filters.Filter):
    field_class = EventField


class SourceClaimFilter(django_filters.FilterSet):
    """Filters a source's claims; the claim browser adds source and text filters."""

    event = EventFilter(field_name="question__event", label=_("Event (slug or title)"))
    kind = django_filters.ChoiceFilter(
        field_name="question__kind",
        choices=Question.Kind.choices,
        label=_("Question kind"),
        empty_label=_("Any kind"),
        widget=FixedSelect,
    )
    # Labels given here, never worked out from the model: django-filter keeps the first one it
    # works out, in whichever language that request had.
    stance = django_filters.ChoiceFilter(
        choices=Claim.Stance.choices,
        label=_("Stance"),
        empty_label=_("Any stance"),
        widget=FixedSelect,
    )
    stated = WrittenDateRangeFilter(
        field_name="stated_on",
        label=_("Said between"),
        help_text=_("Dates such as 17 Oct 2016 or 2016-10-17."),
        widget=DateRangeInputs(),
    )
    has_figure = django_filters.ChoiceFilter(
        method="filter_has_figure",
        label=_("Has a figure"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        empty_label=_("Either"),
        widget=FixedSelect,
    )
    retracted = django_filters.ChoiceFilter(
        method="filter_retracted",
        label=_("Retracted claims"),
        choices=[("include", _("Include them")), ("only", _("Only them"))],
        empty_label=_("Leave them out"),
        widget=FixedSelect,
    )
    # Orders an index can serve, so sorting a million claims reads 25 of them.
    sort = django_filters.OrderingFilter(
        fields=[("stated_on", "stated"), ("id", "entered")],
        field_labels={
            "stated_on": _("Date said (earliest first)"),
            "-stated_on": _("Date said (latest first)"),
            "id": _("Date entered (earliest first)"),
            "-id": _("Date entered (latest first)"),
        },
        label=_("Sort by"),
        empty_label=_("Default"),
        widget=FixedSelect,
    )

    class Meta:
        model = Claim
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        """`user` (or else the request's, or else the public) is who reads the filter: it
        finds and offers only the events and sources they may see."""
        super().__init__(*args, **kwargs)
        self.user = user or getattr(self.request, "user", None) or AnonymousUser()

    def get_form_class(self):
        """The form's class, made once for each class of filters: django-filter made it, and
        each of its fields, for every page of the claim browser (a tenth of a search's time
        in Python). Its fields are the same for every reader; what differs, the events and
        sources the reader may see, is given to each form (`for_reader`)."""
        filters_class = type(self)
        if "_form_class" not in filters_class.__dict__:
            filters_class._form_class = super().get_form_class()
        return filters_class._form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            self.for_reader(super().form)
        return self._form

    def for_reader(self, form):
        """Have the form find only the events the reader may see."""
        form.fields["event"].events = lambda: Event.objects.visible_to(self.user)

    def filter_queryset(self, queryset):
        # Retracted claims are left out unless asked for: the filter's empty value means that.
        if not self.form.cleaned_data.get("retracted"):
            queryset = queryset.current()
        return super().filter_queryset(queryset)

    def filter_retracted(self, queryset, name, value):
        return queryset.filter(retracted_on__isnull=False) if value == "only" else queryset

    def filter_has_figure(self, queryset, name, value):
        has_figure = Exists(Figure.objects.filter(claim=OuterRef("pk")))
        return queryset.filter(has_figure if value == "yes" else ~has_figure)


def bounded_search(text):
    if len(text.split()) > SEARCH_MAX_WORDS:
        raise forms.ValidationError(
            _("Search for at most %(count)s words; a claim matches when it has them all."),
            params={"count": SEARCH_MAX_WORDS},
        )


class SourceMenuChoices(django_filters.fields.ModelChoiceIterator):
    """The source menu's options as (slug, name) pairs: no Source is built for each of its
    hundreds of options, nor read through a server-side cursor."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for _pk, slug, name in self.field.menu_rows():
            yield (slug, name)


class SourceMenuField(django_filters.fields.ModelChoiceField):
    """A menu of sources, offered and checked from one list of (id, slug, name) rows: `menu`
    gives them (else they are read from the queryset), read once for both."""

    iterator = SourceMenuChoices

    def __init__(self, *args, menu=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.menu = menu
        self._rows = None

    def menu_rows(self):
        if self._rows is None:
            if self.menu is not None:
                self._rows = self.menu()
            else:
                self._rows = list(self.queryset.values_list("pk", self.to_field_name, "name"))
        return self._rows

    def to_python(self, value):
        """The chosen source, found in the menu rather than read again: with its id, slug and
        name, as `queryset.only("name", "slug").get()` would give it."""
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        for pk, slug, name in self.menu_rows():
            if slug == value:
                return Source.from_db(self.queryset.db, ["id", "name", "slug"], [pk, name, slug])
        raise forms.ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class SourceMenuFilter(django_filters.ModelChoiceFilter):
    field_class = SourceMenuField


def source_menu(user):
    """The sources `user` may pick in the claim browser, as (id, slug, name) rows by name: one
    query, kept in the process until the claim data changes (the menu lists every source, on
    every page of the browser)."""
    audience = "staff" if is_staff(user) else "public"

    def read():
        sources = Source.objects.visible_to(user).order_by("name")
        return list(sources.values_list("pk", "slug", "name"))

    return kept_while_data_unchanged(("source menu", audience), read)


class ClaimFilter(SourceClaimFilter):
    q = django_filters.CharFilter(
        method="search",
        label=_("Text"),
        max_length=SEARCH_MAX_LENGTH,
        widget=QuickTextInput,
        validators=[bounded_search],
    )
    source = SourceMenuFilter(
        queryset=Source.objects.none(),  # none but the menu's, given to each form (for_reader)
        to_field_name="slug",
        label=_("Source"),
        empty_label=_("Any source"),
        widget=QuickSelect,
    )
    source_kind = django_filters.ChoiceFilter(
        field_name="source__kind",
        choices=Source.Kind.choices,
        label=_("Source kind"),
        empty_label=_("Any kind"),
        widget=FixedSelect,
    )

    FIELD_ORDER = [
        "q",
        "event",
        "source",
        "source_kind",
        "kind",
        "stance",
        "stated",
        "has_figure",
        "retracted",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        order = [*self.FIELD_ORDER, "sort"]
        self.filters = {name: self.filters[name] for name in order if name in self.filters}

    def for_reader(self, form):
        super().for_reader(form)
        # The sources offered and accepted are the menu's: those the reader may see.
        form.fields["source"].menu = lambda: source_menu(self.user)

    def search(self, queryset, name, value):
        return search_claims(queryset, value)

    def kept_counts(self):
        """The kept counts of the results' published claims (`claims.counts`), as a queryset
        of `ClaimCount` rows, when the reader is the public, a source or an event is chosen
        (so the rows are few), and every filter set is one the counts keep. None otherwise:
        the results are then counted from the claims."""
        if is_staff(self.user) or not self.is_valid():
            return None
        chosen = {name for name, value in self.form.cleaned_data.items() if is_set(value)}
        if not chosen <= COUNTED_FILTERS or not chosen & {"source", "event"}:
            return None
        data = self.form.cleaned_data
        rows = ClaimCount.objects.filter(claims__gt=0)
        for name, lookup in (
            ("source", "source"),
            ("source_kind", "source__kind"),
            ("event", "event"),
            ("kind", "kind"),
            ("stance", "stance"),
        ):
            if name in chosen:
                rows = rows.filter(**{lookup: data[name]})
        if data.get("retracted") != "include":
            rows = rows.filter(retracted=data.get("retracted") == "only")
        return rows


# The filters the published claims' counts are kept by; sorting changes no count.
COUNTED_FILTERS = {"source", "source_kind", "event", "kind", "stance", "retracted", "sort"}


def is_set(value):
    if isinstance(value, slice):  # a date range: set when either end is
        return value.start is not None or value.stop is not None
    return value not in (None, "", [])
