from django import forms
from django.forms import formset_factory
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.fields import LanguageField, WrittenDateField
from claims.models import Article, Claim, Figure, web_url

# The longest text the desk takes: far beyond any article, and short enough that a pasted one
# stays under Django's 2.5 MB limit on a form (DATA_UPLOAD_MAX_MEMORY_SIZE).
LONGEST_ARTICLE = 2_000_000  # characters


class ArticleForm(forms.ModelForm):
    """A new article: where it was published, and its text, pasted."""

    published_on = WrittenDateField(
        required=False, label=_("Date"), help_text=_("As the site writes it: 17 Oct 2016.")
    )
    url = forms.URLField(
        required=False, max_length=500, assume_scheme="https", validators=[web_url], label=_("URL")
    )
    language = LanguageField(
        label=_("Language of the article"),
        help_text=_("The language it is written in, if not the newsroom's."),
    )

    class Meta:
        model = Article
        fields = ["title", "outlet", "url", "published_on", "author", "language", "text"]
        # dir="auto": an Arabic or Hebrew text reads right to left as it is pasted.
        widgets = {"text": forms.Textarea(attrs={"rows": 24, "dir": "auto"})}
        help_texts = {"text": _("Paste the article's text; claims made from it keep their place.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = True
        if self.is_bound:
            self.fields["language"].bound_choice(self.data.get(self.add_prefix("language"), ""))

    def clean_text(self):
        # Browsers send a textarea's lines with \r\n: kept as \n, so offsets mean one thing.
        text = self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n")
        if len(text) > LONGEST_ARTICLE:
            message = gettext(
                "This text is %(length)s characters long: the desk takes articles of up to "
                "%(longest)s characters (about 2 MB). Paste the part with the claims."
            )
            raise forms.ValidationError(
                message
                % {
                    "length": number_format(len(text), force_grouping=True),
                    "longest": number_format(LONGEST_ARTICLE, force_grouping=True),
                }
            )
        return text


class WebAddressField(forms.URLField):
    """An http or https address, and one message for anything else."""

    default_validators = [web_url]
    default_error_messages = {"invalid": _("Enter a web address (http or https).")}


class FetchForm(forms.Form):
    """An article's address instead of its text: the worker fetches and reads its page."""

    address = WebAddressField(
        max_length=500,
        assume_scheme="https",
        label=_("Address"),
        help_text=_("The article's page is fetched, read and kept with the article."),
    )


class EventChoiceForm(forms.Form):
    # One-time: the save it makes is recorded under it, so the form sent twice saves once.
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    event = forms.CharField(
        label=_("Event"),
        max_length=200,
        help_text=_("An event's title or slug; a new title creates the event."),
        widget=forms.TextInput(attrs={"list": "known-events", "autocomplete": "off"}),
    )


STANCES = [("", "—"), *Claim.Stance.choices]
QUALIFIERS = [("", _("No figure")), *Figure.Qualifier.choices]


class ClaimRowForm(forms.Form):
    """One claim at the desk, prefilled from the suggestion for its sentence.

    A row shows what is corrected most (its question, source, speaker, stance and figure); the
    rest, usually right as suggested, waits behind "more" (`in_more`)."""

    # Shown behind "more", in this order.
    MORE = [
        "summary",
        "via",
        "quote",
        "quote_translation",
        "translated_by",
        "counted",
        "other_measure",
        "place",
        "period",
        "period_start",
        "period_end",
    ]

    keep = forms.BooleanField(required=False, initial=True, label=_("Enter this claim"))
    sentence = forms.IntegerField(widget=forms.HiddenInput)
    text_start = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text_end = forms.IntegerField(widget=forms.HiddenInput, required=False)
    question = forms.CharField(
        max_length=300,
        required=False,
        label=_("Question"),
        help_text=_("The question it answers: one of the event's, or a new one."),
        widget=forms.TextInput(attrs={"list": "known-questions", "autocomplete": "off"}),
    )
    source = forms.CharField(
        max_length=200,
        required=False,
        label=_("Source"),
        help_text=_("A source's name or alias; a new name creates it."),
        widget=forms.TextInput(attrs={"list": "known-sources", "autocomplete": "off"}),
    )
    stance = forms.ChoiceField(choices=STANCES, required=False, label=_("Stance"))
    summary = forms.CharField(max_length=300, required=False, label=_("Summary"))
    speaker_name = forms.CharField(max_length=200, required=False, label=_("Speaker"))
    speaker_role = forms.CharField(max_length=200, required=False, label=_("Role"))
    # Translators: through whom the claim was reported (an agency, a newspaper).
    via = forms.CharField(max_length=200, required=False, label=_("Reported"))
    quote = forms.CharField(
        required=False, label=_("Quote"), widget=forms.Textarea(attrs={"rows": 2})
    )
    quote_translation = forms.CharField(
        required=False,
        label=_("Translation"),
        help_text=_("When the article is in another language: the quote in the newsroom's."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    translated_by = forms.CharField(max_length=200, required=False, label=_("Translated by"))
    # Translators: a number a claim gives (how it is qualified: exactly, at least, about…).
    qualifier = forms.ChoiceField(choices=QUALIFIERS, required=False, label=_("Figure"))
    low = forms.DecimalField(max_digits=20, decimal_places=4, required=False, label=_("Value"))
    high = forms.DecimalField(
        max_digits=20, decimal_places=4, required=False, label=_("to (for a range)")
    )
    unit = forms.CharField(max_length=50, required=False, label=_("Unit"))
    counted = forms.CharField(max_length=200, required=False, label=_("What is counted"))
    other_measure = forms.BooleanField(required=False, label=_("Counts something else"))
    place = forms.CharField(max_length=200, required=False, label=_("Place"))
    # Translators: the time a figure covers, in words ("in 2016", "this week").
    period = forms.CharField(max_length=200, required=False, label=_("Period"))
    # Translators: the first day of the period a figure covers.
    period_start = WrittenDateField(required=False, label=_("Since"))
    # Translators: the date a figure was true on.
    period_end = WrittenDateField(required=False, label=_("As of"))
    # Set by the button shown when the figure's unit is not its question's: the figure takes
    # the question's measure, whatever unit and counted thing the row words.
    use_question_measure = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, language="", text_length=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.text_length = text_length
        for field in self.fields.values():
            if isinstance(field.widget, forms.TextInput | forms.Textarea):
                field.widget.attrs["dir"] = "auto"  # names and words in any script
        if language:  # the article's: the quote is its words
            self.fields["quote"].widget.attrs["lang"] = language

    def in_view(self):
        """The row's visible fields but those behind "more"."""
        return [f for f in self.visible_fields() if f.name not in self.MORE and f.name != "keep"]

    def in_more(self):
        return [self[name] for name in self.MORE]

    def more_has_errors(self):
        return any(self.errors.get(name) for name in self.MORE)

    def clean(self):
        data = super().clean()
        if not data.get("keep"):
            return data
        self.check_place_in_text(data.get("text_start"), data.get("text_end"))
        for name in ("question", "source", "summary"):
            if not (data.get(name) or "").strip():
                self.add_error(name, gettext("Needed to enter this claim (or untick it)."))
        qualifier = data.get("qualifier")
        if qualifier and data.get("low") is None:
            self.add_error("low", gettext("Give the figure's value."))
        if qualifier == "at_most" and data.get("low") is not None:
            data["high"], data["low"] = data["low"], None  # "at most 50": the value is the bound
        return data

    def check_place_in_text(self, start, end):
        """The claim's words are text[start:end] of the article, or the row says what is wrong
        (the offsets are hidden: only a changed page or a changed article sends wrong ones)."""
        if start is None and end is None:
            return
        if start is None or end is None:
            self.add_error(None, gettext("The claim's place in the article lacks one of its ends."))
        elif self.text_length is not None and not 0 <= start < end <= self.text_length:
            message = gettext(
                "The claim's place in the article (characters %(start)s to %(end)s) is not "
                "within its text, which has %(length)s characters."
            )
            self.add_error(None, message % {"start": start, "end": end, "length": self.text_length})

    def figure(self):
        """The figure's own fields, for Figure(**…); None without a figure."""
        data = self.cleaned_data
        if not data.get("qualifier"):
            return None
        low, high = data.get("low"), data.get("high")
        if high is not None and data["qualifier"] not in ("between", "at_most"):
            data["qualifier"] = "between"
        return {
            "qualifier": data["qualifier"],
            "low": low,
            "high": high,
            "place": data.get("place", ""),
            "period": data.get("period", ""),
            "period_start": data.get("period_start"),
            "period_end": data.get("period_end"),
        }


ClaimRowFormSet = formset_factory(ClaimRowForm, extra=0)
