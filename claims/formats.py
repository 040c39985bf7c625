"""The shapes of the files the claim tracker reads and writes, shared by imports and exports."""

# The interchange JSON: docs/interchange-format.md.
FORMAT_NAME = "claimtracker"
FORMAT_VERSION = 1

CSV_COLUMNS = [
    "claim",
    "event",
    "question",
    "source",
    "source kind",
    "speaker",
    "speaker role",
    "via",
    "stance",
    "summary",
    "quote",
    "qualifier",
    "low",
    "high",
    "unit",
    "counted",
    "place",
    "period",
    "period start",
    "period end",
    "stated on",
    "stated when",
    "article title",
    "outlet",
    "url",
]

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
