"""Addresses of one kind of page for many objects, reversing the URL pattern once.

A comparison links each of its 1,500 claims several times; `reverse()` walks the URL patterns on
every call, which cost a large event's page more time than reading its claims from the database.
"""

from functools import lru_cache

from django.urls import get_script_prefix, reverse

# Valid for both the int and the slug converters, and found in no address of this app.
MARKER = "8472639105"


@lru_cache(maxsize=64)
def _around_marker(view_name, script_prefix):
    before, after = reverse(view_name, args=[MARKER]).split(MARKER)
    return before, after


def path_for(view_name, value):
    """The same as reverse(view_name, args=[value]) for an int or a slug value."""
    before, after = _around_marker(view_name, get_script_prefix())
    return f"{before}{value}{after}"


def path_maker(view_name, script_prefix=None):
    """`path_for(view_name, value)` as a function of the value, the script prefix read once
    (or given): reading it is a context-local lookup, which an event page linking hundreds of
    claims did hundreds of times."""
    before, after = _around_marker(view_name, script_prefix or get_script_prefix())
    return lambda value: f"{before}{value}{after}"
