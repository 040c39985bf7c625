"""New rows written many at a time, with their history where they keep one: what
`bulk_create_with_history` does, at the speed a large import needs.

Django's `bulk_create` builds its SQL value by value through the query compiler, and the
history's copies are model instances built one by one; for an import of 10,000 claims that was
most of its time. Here each field still converts its own value (`get_db_prep_save`, so dates,
decimals and the like are stored exactly as the ORM stores them) and every database trigger
still fires, but the rows go out as plain multi-row INSERTs, their ids taken from the table's
own sequence first so that the history and the rows that point at them can be written at once.
"""

import sqlite3
from functools import partial
from operator import attrgetter

from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.utils import timezone


def insert_rows(model, rows):
    """INSERT new model instances, giving each its id. Returns the values written, by row."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    for row in rows:
        row._prepare_related_fields_for_save(operation_name="bulk_create")
    ids = new_ids(model, len(rows), connection)
    columns = model._meta.concrete_fields
    readers = [value_reader(f, rows, connection) for f in columns]
    values = []
    for row, pk in zip(rows, ids, strict=True):
        row.pk = pk
        values.append([read(row) for read in readers])
        row._state.adding, row._state.db = False, connection.alias
    insert(connection, model._meta.db_table, [f.column for f in columns], values)
    return values


def insert_values(model, names, rows):
    """INSERT new rows given as tuples of the named fields' values, the other fields taking
    their defaults (each worked out once, for all the rows): for rows no one needs as model
    instances afterwards, such as the feeds' activity. Their ids are the database's."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    given = [model._meta.get_field(name) for name in names]
    defaulted = [f for f in model._meta.concrete_fields if f not in given and not f.primary_key]
    defaults = [f.get_db_prep_save(f.get_default(), connection) for f in defaulted]
    convert = [
        None
        if type(f) in STORED_AS_THEY_ARE
        else partial(f.get_db_prep_save, connection=connection)
        for f in given
    ]
    values = [
        [
            value if to_stored is None else to_stored(value)
            for to_stored, value in zip(convert, row, strict=True)
        ]
        + defaults
        for row in rows
    ]
    insert(connection, model._meta.db_table, [f.column for f in given + defaulted], values)


# A load that writes at least this many rows brings the planner's statistics up to date itself.
ANALYZED_FROM_ROWS = 10_000


def analyze(models=None):
    """Bring the planner's statistics up to the rows written so far: of `models`' tables and
    their history's, or of every table. Bulk writes leave them behind until autovacuum gets
    round to them (never, where it is off): the generator's inserts, planned for near-empty
    tables, slowed tenfold by half a million claims; and a search reads the claims' number
    from them (claims.search.estimated_rows) to choose how to find a word's matches."""
    if not models:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    connection = connections[router.db_for_write(next(iter(models)))]
    histories = [model.history.model for model in models if hasattr(model, "history")]
    with connection.cursor() as cursor:
        for table in sorted({model._meta.db_table for model in [*models, *histories]}):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def insert_with_history(model, rows, user=None, change_reason=None):
    """INSERT new model instances, giving each its id, and a history record of each creation."""
    values = insert_rows(model, rows)
    if not values:
        return
    connection = connections[router.db_for_write(model)]
    columns = model._meta.concrete_fields
    history = model.history.model
    position = {f.attname: index for index, f in enumerate(columns)}
    copied = [f for f in history._meta.concrete_fields if f.attname in position]
    added = {
        "history_date": timezone.now(),
        "history_change_reason": change_reason,
        "history_type": "+",
        "history_user_id": user.pk if user is not None else None,
    }
    added_values = [
        history._meta.get_field(name).get_db_prep_save(value, connection)
        for name, value in added.items()
    ]
    history_values = [[row[position[f.attname]] for f in copied] + added_values for row in values]
    history_columns = [f.column for f in copied] + [
        history._meta.get_field(name).column for name in added
    ]
    insert(connection, history._meta.db_table, history_columns, history_values)


# Django's own fields whose stored value is the Python value itself, as full_clean leaves it.
STORED_AS_THEY_ARE = (
    models.AutoField,
    models.BigAutoField,
    models.BigIntegerField,
    models.BooleanField,
    models.CharField,
    models.ForeignKey,
    models.IntegerField,
    models.PositiveIntegerField,
    models.SlugField,
    models.TextField,
)


def value_reader(field, rows, connection):
    """How a row's value of this field is read for the database: by the field's own conversion,
    skipped for the plain types that have none (most of a claim's columns). A time stamped on
    creation is one for all the rows written together, as one statement writes them."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        stamp = field.pre_save(rows[0], True)
        stored = field.get_db_prep_save(stamp, connection)

        def stamped(row):
            setattr(row, field.attname, stamp)
            return stored

        return stamped
    if type(field) in STORED_AS_THEY_ARE:
        return attrgetter(field.attname)
    return lambda row: field.get_db_prep_save(field.pre_save(row, True), connection)


def new_ids(model, count, connection):
    """`count` ids for new rows of the model's table, never given before (not even to a row
    since deleted: its history keeps that id)."""
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite, inside the import's write transaction: no other writer until it commits.
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        cursor.execute(f'SELECT MAX("{pk}") FROM "{table}"')  # noqa: S608 (names, not data)
        last = max(found[0] if found else 0, cursor.fetchone()[0] or 0)
        return list(range(last + 1, last + count + 1))


def most_parameters(connection):
    """How many values one statement may carry: SQLite says its own limit (Django assumes the
    999 of old builds)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return 30_000


def insert(connection, table, columns, values):
    if connection.vendor == "postgresql":
        copy_in(connection, table, columns, values)
        return
    quote = connection.ops.quote_name
    per_statement = max(1, min(500, most_parameters(connection) // len(columns)))
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(values), per_statement):
            chunk = values[start : start + per_statement]
            cursor.execute(
                head + ", ".join([row_sql] * len(chunk)), [v for row in chunk for v in row]
            )


def copy_in(connection, table, columns, values):
    """PostgreSQL's COPY, its fastest way in: the rows as CSV, every text quoted so that only
    an unquoted empty cell is NULL."""
    text = "".join(",".join(map(copy_cell, row)) + "\n" for row in values)
    quote = connection.ops.quote_name
    sql = (
        f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN WITH (FORMAT csv)"
    )
    # Errors as Django's, as for any query.
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(sql) as copy,
    ):
        copy.write(text)


def copy_cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    return str(value)  # numbers, dates and times as PostgreSQL reads them
