"""The interchange format: claims in and out as JSON and CSV, described once in `schema`.

The same functions serve the admin, the command line, the seeds and the tests:

- `import_data(bytes, name)` reads a file (CSV if its name ends in .csv, JSON otherwise) into
  the database, all or nothing; `load_document` loads an already parsed JSON document.
- `stream_document(claims)` and `stream_csv(claims)` write claims out, in chunks of text.
"""

from functools import partial
from pathlib import Path

from .csv_format import SpreadsheetLoader, read_csv, stream_csv
from .json_format import DocumentLoader, parse_json, stream_document
from .loading import InvalidDocument, LoadReport, run_loader
from .schema import CSV_HEADERS, FORMAT_NAME, FORMAT_VERSION

__all__ = [
    "CSV_HEADERS",
    "DocumentLoader",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "InvalidDocument",
    "LoadReport",
    "estimated_claims",
    "import_data",
    "load_document",
    "load_file",
    "load_seed_files",
    "parse_json",
    "stream_csv",
    "stream_document",
]


def decode(data, name):
    """Bytes as text; UTF-8 (with or without a byte-order mark) is the only encoding taken."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidDocument(
            [(f"{name}:{line}", "not UTF-8 text: save the file as UTF-8 and try again")]
        ) from None


def estimated_claims(data, name):
    """Roughly how many claims a file holds, for the progress bar: rows, or claim objects."""
    if name.lower().endswith(".csv"):
        return max(data.count(b"\n") - 1, 1)
    return max(data.count(b'"summary"'), 1)


def import_data(
    data,
    name,
    change_reason=None,
    progress=None,
    dry_run=False,
    user=None,
    previewed_versions=None,
):
    """Import a file's bytes: CSV if its name ends in .csv, interchange JSON otherwise.

    `progress` is called with no argument after each claim. Raises InvalidDocument, having
    written nothing, if anything in the file is wrong, or if `user` (when given) may not make
    every change it holds. A dry run writes nothing either way; its report lists what a real
    run would change, and the version of each record it would change: confirming it with
    `previewed_versions` refuses the import if any of them was changed since.
    """
    change_reason = change_reason or f"Imported from {name}"
    text = decode(data, name)
    if name.lower().endswith(".csv"):
        loader = SpreadsheetLoader(change_reason, user, previewed_versions)
        load = partial(loader.load_rows, read_csv(text))
    else:
        loader = DocumentLoader(change_reason, user, previewed_versions)
        load = partial(loader.load, parse_json(text, name))
    if progress:
        loader.progress = progress
    return run_loader(loader, load, dry_run)


def load_document(document, change_reason="Imported", user=None, loader_class=DocumentLoader):
    """Load one interchange document (already parsed from JSON), as `user` when given (the
    desk builds one from what an editor entered). Returns a LoadReport.

    Raises InvalidDocument, having written nothing, if any part of it is wrong.
    """
    loader = loader_class(change_reason, user)
    return run_loader(loader, lambda: loader.load(document))


def load_file(path, progress=None):
    path = Path(path)
    return import_data(path.read_bytes(), path.name, f"Loaded from {path.name}", progress)


def load_seed_files(directory):
    """Load every *.json file in the seed folder, in name order. Returns [(path, LoadReport)]."""
    return [(path, load_file(path)) for path in sorted(Path(directory).glob("*.json"))]
