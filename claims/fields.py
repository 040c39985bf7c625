"""Form fields shared by the admin and the desk."""

import re
from decimal import Decimal

from django import forms
from django.contrib.admin.widgets import AdminDateWidget

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
