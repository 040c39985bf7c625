"""Form fields shared by the admin and the desk."""

import re

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
