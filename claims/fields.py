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

    def to_python(self, value):
        if isinstance(value, str):
            value = " ".join(re.sub(r"(?<=[A-Za-z])\.", "", value).split())  # "Oct. 17"
        return super().to_python(value)


class AdminWrittenDateField(WrittenDateField):
    widget = AdminDateWidget
