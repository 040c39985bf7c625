import html

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .languages import data_html_writer


class QuickSelect(forms.Select):
    """A <select> written out directly. Django renders each <option> through a template of its
    own, which cost the claim browser a third of its time with 200 sources in the menu; even
    one template for the whole menu (a loop over its options) took 3.5-4 ms more per 210
    options, 9-23% of the claim browser's time."""

    def render(self, name, value, attrs=None, renderer=None):
        # As Select.optgroups() chooses, without building a dict of attributes per option.
        chosen = self.format_value(value)
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        parts = [f'<select name="{html.escape(name)}"{attrs}>']
        has_selected = False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else option_value
            group_name = option_value if isinstance(label, (list, tuple)) else None
            if group_name:
                parts.append(f'<optgroup label="{html.escape(str(group_name))}">')
            for choice, text in label if group_name is not None else [(option_value, label)]:
                choice = str(choice)
                selected = not has_selected and choice in chosen
                has_selected |= selected
                parts.append(
                    f'<option value="{html.escape(choice)}"{" selected" if selected else ""}>'
                    f"{html.escape(str(text))}</option>"
                )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))


class FixedSelect(QuickSelect):
    """A QuickSelect of fixed choices (a kind, a stance, an order): each way it is drawn (its
    name, attributes, choice, language and options) written once per process, not for each
    page, where its labels' translations and attributes took 0.1 ms a menu, six on every page
    of the claim browser."""

    drawn = {}
    DRAWN_KEPT = 1024

    def render(self, name, value, attrs=None, renderer=None):
        options = tuple((option, id(label)) for option, label in self.choices)
        chosen = tuple(self.format_value(value))
        shown = tuple(sorted(self.build_attrs(self.attrs, attrs).items()))
        key = (name, chosen, shown, get_language(), options)
        html_ = self.drawn.get(key)
        if html_ is None:
            if len(self.drawn) >= self.DRAWN_KEPT:
                self.drawn.clear()
            html_ = self.drawn[key] = super().render(name, value, attrs, renderer)
        return html_


def input_html(widget):
    """An <input> from a widget's context, as Django's input.html and attrs.html write it."""
    parts = [f'<input type="{widget["type"]}" name="{html.escape(widget["name"])}"']
    if widget["value"] is not None:
        parts.append(f' value="{html.escape(str(widget["value"]))}"')
    for name, value in widget["attrs"].items():
        if value is True:
            parts.append(f" {html.escape(name)}")
        elif value is not False:
            parts.append(f' {html.escape(name)}="{html.escape(str(value))}"')
    parts.append(">")
    return mark_safe("".join(parts))


class QuickTextInput(forms.TextInput):
    """A text box written out directly rather than through two templates of Django's: the
    claim browser draws four on every page."""

    def render(self, name, value, attrs=None, renderer=None):
        return input_html(self.get_context(name, value, attrs)["widget"])


class QuickCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes written out directly, as QuickSelect writes its options: a large event offers
    80 of them on every page of its comparison, where one template looping over them cost
    3-6 ms and a template per box, as Django draws them, more."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        write = data_html_writer()
        box_id = widget["attrs"].get("id")
        parts = [f'<div id="{html.escape(box_id)}">' if box_id else "<div>"]
        for _group_name, options, _index in widget["optgroups"]:
            for option in options:
                option_attrs = option["attrs"]
                label = "<label"
                if option_attrs.get("id"):
                    label += f' for="{html.escape(str(option_attrs["id"]))}"'
                # Attributes with values by name, then the boolean ones, as flatatt writes them.
                parts.append(
                    f'<div>{label}><input type="checkbox" name="{html.escape(name)}"'
                    f' value="{html.escape(str(option["value"]))}"'
                    f"{flatatt(dict(sorted(option_attrs.items())))}>"
                    f" {write(option['label'])}</label></div>"
                )
        parts.append("</div>")
        return mark_safe("".join(parts))


class ComparisonForm(forms.Form):
    """Which sources and questions of an event the comparison shows; none ticked means all.

    Choices come from rows the page has already fetched, so the form costs no query.
    """

    sources = forms.MultipleChoiceField(required=False, widget=QuickCheckboxes, label=_("Sources"))
    questions = forms.MultipleChoiceField(
        required=False, widget=QuickCheckboxes, label=_("Questions")
    )
    retracted = forms.BooleanField(
        required=False, label=_("Show retracted claims (marked, and never counted)")
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
