"""Bringing claims in: interchange JSON (seeds, re-imports) and CSV from a spreadsheet.

The same functions serve the command line, the admin and the tests.
"""

from functools import partial
from pathlib import Path

from ..formats import FORMAT_NAME, FORMAT_VERSION
from .document import (
    DocumentLoader,
    InvalidDocument,
    LoadReport,
    decode,
    load_document,
    parse_json,
    run_loader,
)
from .spreadsheet import SpreadsheetLoader, read_csv

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "InvalidDocument",
    "LoadReport",
    "import_data",
    "load_document",
    "load_file",
    "load_seed_files",
]


def import_data(data, name, change_reason=None, progress=None, dry_run=False):
    """Import a file's bytes: CSV if its name ends in .csv, interchange JSON otherwise.

    `progress` is called with no argument after each claim. Raises InvalidDocument, having
    written nothing, if anything in the file is wrong. A dry run writes nothing either way.
    """
    change_reason = change_reason or f"Imported from {name}"
    text = decode(data, name)
    if name.lower().endswith(".csv"):
        loader = SpreadsheetLoader(change_reason)
        load = partial(loader.load_rows, read_csv(text))
    else:
        loader = DocumentLoader(change_reason)
        load = partial(loader.load, parse_json(text, name))
    if progress:
        loader.progress = progress
    return run_loader(loader, load, dry_run)


def load_file(path, progress=None):
    path = Path(path)
    return import_data(path.read_bytes(), path.name, f"Loaded from {path.name}", progress)


def load_seed_files(directory):
    """Load every *.json file in the seed folder, in name order. Returns [(path, LoadReport)]."""
    return [(path, load_file(path)) for path in sorted(Path(directory).glob("*.json"))]
