"""Queries whose SQL Django writes once per process, then runs with each request's values.

A page read cold spends as long having the ORM write its queries' SQL as the database spends
running them: at a million claims the event page's lookups took 0.4–0.9 ms each to compile
against well under that to run, and the claim page's 0.4–0.7 ms. A `CompiledQuery` builds its
queryset once with stand-in values, has it compiled once per database, finds where the
stand-ins went among the SQL's parameters, and from then on only puts each call's values in
their place. The SQL is then the same text every time, which PostgreSQL prepares (see
PREPARE_THRESHOLD in the settings).

Only what an exact lookup passes through as a parameter of its own can be a value: an id or a
slug, or a list of ids matched with `__among` (claims.lookups), which PostgreSQL takes as one
array. Where a list is written one placeholder per id (SQLite), its SQL depends on the list's
length: the queryset is then built for each call, as it would be without compiling. A
queryset whose SQL depends on anything else (a value tested in Python while it is built) is
not one to compile: the stand-ins would not be found, and `CompiledQuery` says so when it is
first run.
"""

import copy
import itertools
import weakref

from django.db import connections

from .roles import is_staff

# Within a 32-bit integer's range, so an exact lookup on any integer column keeps it as it is
# (Django drops a lookup whose integer cannot fit its column), and never a row's id or count.
FIRST_INTEGER_STAND_IN = -2_000_000_000


# Every compiled query, so that a change to a rule they were built with can be taken up.
COMPILED_QUERIES = weakref.WeakSet()


def forget_compiled_queries():
    """Build and compile every query again on its next call: for a test that changes the rule
    a query is built with (which a running app never does)."""
    for query in COMPILED_QUERIES:
        query.forms.clear()


class StandInNotFound(Exception):
    """A value of a compiled query did not reach its SQL as a parameter of its own."""


# What `_Form.compiled` holds for a database that writes a list of ids as many placeholders.
BUILT_FOR_EACH_CALL = None


class CompiledQuery:
    """A queryset built by `build(user, **values)`, compiled once per audience and database,
    evaluated by calling with a user and the values: a list of what the queryset gives.

    `build` must depend on the user only through what the public and staff may each see (as
    every `visible_to()` does), and must return the queryset in its final form: its results
    are read here, so nothing can be chained onto it after the SQL is written.
    """

    def __init__(self, build):
        self.build = build
        self.forms = {}  # (staff, names of the values) -> _Form
        COMPILED_QUERIES.add(self)

    def __call__(self, user, **values):
        key = (is_staff(user), tuple(sorted(values)))
        form = self.forms.get(key)
        if form is None:
            form = self.forms[key] = _Form(self.build, user, values)
        return form.run(values)


def is_id_list(value):
    return isinstance(value, list) and all(
        isinstance(item, int) and not isinstance(item, bool) for item in value
    )


def stand_ins_for(values):
    """A value unlike any real one for each of `values`, of the same type: a list of ids
    stands in as a list of one such id."""
    numbers = itertools.count(FIRST_INTEGER_STAND_IN, -1)
    stand_ins = {}
    for name, value in values.items():
        if is_id_list(value):
            stand_ins[name] = [next(numbers)]
        elif isinstance(value, bool) or not isinstance(value, (int, str)):
            raise TypeError(
                f"A compiled query takes ids, lists of ids and text, not {type(value).__name__}."
            )
        else:
            stand_ins[name] = next(numbers) if isinstance(value, int) else f"\x1f{name}\x1f"
    return stand_ins


class _Form:
    """One audience's queryset with stand-ins, and its SQL per database."""

    def __init__(self, build, user, values):
        self.build, self.user = build, user  # the audience's first reader stands for it
        self.stand_ins = stand_ins_for(values)
        self.queryset = build(user, **self.stand_ins)  # never evaluated itself
        self.compiled = {}  # database alias -> (compiler, sql, params, slots)
        # Each connection's converters of the columns read (dates, decimals): worked out from
        # every column of the SQL each time it ran (a tenth of a claim page's reads).
        self.converters = weakref.WeakKeyDictionary()  # connection -> {column: converters}

    def compile(self, alias):
        compiler = self.queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots = {name: [] for name in self.stand_ins}
        for index, param in enumerate(params):
            for name, stand_in in self.stand_ins.items():
                # A backend may wrap a value in its own type (psycopg's Int8 for a big
                # integer): kept for each call's value, so the SQL's types do not change.
                if isinstance(param, type(stand_in)) and param == stand_in:
                    slots[name].append(index)
        missing = [name for name, indexes in slots.items() if not indexes]
        if any(isinstance(self.stand_ins[name], list) for name in missing):
            return BUILT_FOR_EACH_CALL
        if missing:
            raise StandInNotFound(f"Not a parameter of the compiled SQL: {', '.join(missing)}.")
        return compiler, sql, tuple(params), slots

    def run(self, values):
        queryset = self.queryset.all()  # a copy, to hold this call's results
        alias = queryset.db  # the router's choice for this request (a replica, perhaps)
        if alias not in self.compiled:
            self.compiled[alias] = self.compile(alias)
        compiled = self.compiled[alias]
        if compiled is BUILT_FOR_EACH_CALL:
            return list(self.build(self.user, **values))
        template, sql, template_params, slots = compiled
        params = list(template_params)
        for name, indexes in slots.items():
            for index in indexes:
                params[index] = type(params[index])(values[name])
        compiler = copy.copy(template)
        # This thread's connection: the one it was compiled with may be another thread's.
        compiler.connection = connection = connections[alias]
        compiler.as_sql = lambda *args, **kwargs: (sql, tuple(params))
        converters = self.converters.get(connection)
        if converters is None:
            columns = [column for column, *_ in compiler.select[: compiler.col_count]]
            converters = self.converters[connection] = compiler.get_converters(columns)
        compiler.get_converters = lambda expressions: converters
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)
