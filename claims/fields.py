"""Form fields shared by the admin and the desk."""

import re
from decimal import Decimal

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.utils.translation import gettext

from .languages import TAG, content_language, known_languages, language_name, normalized_tag

# Dates as the site writes them ("17 Oct 2016"), as ISO, and as British newsrooms type them.
WRITTEN_DATE_FORMATS = [
    "%Y-%m-%d",
    "%d %b %Y",
    "%d %B %Y",
    "%d %b, %Y",
    "%d %B, %Y",
    "%b %d %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%B %d, %Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
]


class WrittenDateField(forms.DateField):
    """A date typed as the site prints it ("17 Oct 2016", "17 October 2016") or as ISO."""

    input_formats = WRITTEN_DATE_FORMATS
    default_error_messages = {
        "invalid": "Enter a date such as 17 Oct 2016 or 2016-10-17.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(format="%d %b %Y"))  # shown as written
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = " ".join(re.sub(r"(?<=[A-Za-z])\.", "", value).split())  # "Oct. 17"
        return super().to_python(value)


class AdminWrittenDateField(WrittenDateField):
    """The same, with the admin's calendar (which writes the date its own way, also taken)."""

    def __init__(self, **kwargs):
        kwargs["widget"] = AdminDateWidget
        super().__init__(**kwargs)


# "13,000" and "1,250,000.5": commas that group thousands, never a decimal comma ("2,5").
GROUPED_NUMBER = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class WrittenNumberField(forms.DecimalField):
    """A figure's number as it was said: shown as written ("98", "13000", "2.5", never
    "98.0000"), and taken with or without commas between the thousands ("13,000")."""

    def __init__(self, **kwargs):
        kwargs["widget"] = forms.TextInput(attrs={"inputmode": "decimal", "size": 10})
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return written_number(value)
        return super().prepare_value(value)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "")
            if GROUPED_NUMBER.match(value):
                value = value.replace(",", "")
        return super().to_python(value)


def written_number(value):
    """A Decimal without its stored trailing zeros, in plain digits: 98.0000 -> "98"."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


class LanguageField(forms.ChoiceField):
    """The language of a text, chosen by its name; blank for the newsroom's own. A tag the list
    does not hold ("ru-RU", sent by a script or kept from before) is taken when well formed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=self.language_choices, **kwargs)

    @staticmethod
    def language_choices():
        # Translators: the first choice of a text's language; %(language)s is, e.g., "English".
        own = gettext("The newsroom's language (%(language)s)") % {
            "language": language_name(content_language())
        }
        return [("", own), *known_languages()]

    def to_python(self, value):
        return normalized_tag(super().to_python(value))

    def valid_value(self, value):
        return super().valid_value(value) or bool(TAG.match(value))

    def prepare_value(self, value):
        return normalized_tag(value) if isinstance(value, str) else value

    def bound_choice(self, value):
        """Make a well-formed tag the list lacks selectable, so a form shown again keeps it."""
        if value and value not in dict(self.choices) and TAG.match(value):
            self.choices = [*self.choices, (value, language_name(value))]
