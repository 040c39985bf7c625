"""The tables of docs/interchange-format.md, written from the schema.

The document's prose is written by hand; each table sits between two markers,
`<!-- table: claims -->` and `<!-- end of table -->`, and is replaced by what the schema says.
`manage.py write_format_docs` rewrites the file; a test fails when it is out of date.
"""

import re
from pathlib import Path

from django.conf import settings

from .schema import CSV_COLUMNS, FORMAT_VERSION, READABLE_VERSIONS, RECORDS

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "interchange-format.md"
TABLE = re.compile(r"(<!-- table: (?P<name>[\w ]+) -->\n).*?(<!-- end of table -->)", re.S)


def versions_note(versions):
    """ "" for every version, " (version 1 only)", " (since version 2)"."""
    if versions == READABLE_VERSIONS:
        return ""
    if versions[-1] == FORMAT_VERSION:
        return f" (since version {versions[0]})"
    return f" (version {', '.join(str(v) for v in versions)} only)"


def cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def record_table(record):
    lines = [
        "| key | type | when left out | meaning |",
        "|---|---|---|---|",
    ]
    for field in record.fields:
        left_out = field.default_text(record.model)
        if field.identity:
            left_out = "*always required*"
        elif field.required:
            left_out = "*required for a new record*; a stored one keeps its value"
        elif field.blank_keeps:
            left_out = "stored value kept (so is an empty one)"
        elif field.written:
            left_out = f"stored value kept; a new record takes {left_out}"
        else:
            left_out = "nothing is done"
        kind = field.type.doc + versions_note(field.versions)
        lines.append(f"| `{field.key}` | {cell(kind)} | {cell(left_out)} | {cell(field.doc)} |")
    for child in record.children:
        since = versions_note(child.versions)
        lines.append(
            f"| `{child.key}` | list of {child.record.name}s{since} | stored {child.key} kept "
            "| see below |"
        )
    lines.append("")
    lines.append(
        "Not in the format: "
        + "; ".join(f"`{name}` ({why})" for name, why in record.left_out)
        + "."
    )
    return "\n".join(lines) + "\n"


def csv_table():
    lines = ["| column | carries | meaning |", "|---|---|---|"]
    for column in CSV_COLUMNS:
        if column.field is not None:
            carries = f"the {column.record.name}'s `{column.field.key}`"
        else:
            carries = "—"
        meaning = column.doc or (column.field.doc if column.field else "")
        if not column.read:
            meaning += " (written only; an import ignores it)"
        if not column.written:
            meaning += " (read only: an export never writes it)"
        lines.append(f"| `{column.header}` | {carries} | {cell(meaning)} |")
    return "\n".join(lines) + "\n"


def tables():
    found = {record.key: record_table(record) for record in RECORDS}
    found["csv columns"] = csv_table()
    return found


def with_tables(text):
    """The document's text with every marked table written afresh from the schema."""
    written = tables()

    def replace(match):
        return match.group(1) + written[match.group("name")] + match.group(3)

    return TABLE.sub(replace, text)


def write_document(path=DOCUMENT):
    """Rewrite the tables in place; returns whether the file changed."""
    text = path.read_text(encoding="utf-8")
    updated = with_tables(text)
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text
