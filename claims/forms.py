from django import forms


class ComparisonForm(forms.Form):
    """Which sources and questions of an event the comparison shows; none ticked means all.

    Choices come from rows the page has already fetched, so the form costs no query.
    """

    sources = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Sources"
    )
    questions = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Questions"
    )
    retracted = forms.BooleanField(
        required=False, label="Show retracted claims (marked, and never counted)"
    )

    @classmethod
    def wants_retracted(cls, data):
        """Whether the request asks to show retracted claims; read before the claims are."""
        field = cls.base_fields["retracted"]
        return bool(field.clean(field.widget.value_from_datadict(data, {}, "retracted")))

    def __init__(self, data, *, sources, questions):
        super().__init__(data)
        self.all_sources = sources
        self.all_questions = questions
        self.fields["sources"].choices = [(source.slug, source.name) for source in sources]
        self.fields["questions"].choices = [(q.slug, q.text) for q in questions]

    def selection(self):
        """(sources, questions) to show: the ticked ones, or all when none are or input is bad."""
        if not self.is_valid():
            return self.all_sources, self.all_questions
        sources = set(self.cleaned_data["sources"])
        questions = set(self.cleaned_data["questions"])
        return (
            [s for s in self.all_sources if s.slug in sources] or self.all_sources,
            [q for q in self.all_questions if q.slug in questions] or self.all_questions,
        )

    @property
    def is_filtered(self):
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())
