"""Fast inserts that return new ids, for the seed's four big tables.

bulk_create compiles every value through the field machinery and a model instance
first: measured on a 20,000-household seed on SQLite, that was about 60% of the run. The
seed's values are already plain ints, strings and dates of the columns' types, so:
- SQLite: the same multi-row INSERT ... RETURNING that bulk_create sends, written directly
  (ids come back in row order, which bulk_create itself relies on);
- PostgreSQL: ids taken from the table's sequence in one query, then COPY. A multi-row
  INSERT there spent most of its time in psycopg splitting a 10,000-parameter statement.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Model

ROWS_PER_STATEMENT = 1000
# Below SQLite's default variable limit (32,766) and PostgreSQL's (65,535).
MAX_PARAMS = 30_000


def insert_returning_ids(model: type[Model], rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows` (attribute name -> value; missing ones take the field default) and
    return their new primary keys in the same order."""
    if not rows:
        return []
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    unknown = set(rows[0]) - set(names)
    if unknown:
        raise ValueError(f"{meta.label} has no field(s) {sorted(unknown)}")
    defaults = {f.attname: f.get_default() for f in fields}
    values = [[row.get(name, defaults[name]) for name in names] for row in rows]
    columns = [f.column for f in fields]
    if connection.vendor == "postgresql":
        return _copy(meta.db_table, meta.pk.column, columns, values)
    return _insert_values(meta.db_table, meta.pk.column, columns, values)


def _copy(table: str, pk: str, columns: list[str], values: list[list[Any]]) -> list[int]:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in [pk, *columns])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk, len(values)],
        )
        ids = [pk_value for (pk_value,) in cursor.fetchall()]
        # COPY is psycopg's own API, below Django's cursor wrapper.
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for pk_value, row in zip(ids, values, strict=True):
                copy.write_row((pk_value, *row))
    return ids


def _insert_values(table: str, pk: str, columns: list[str], values: list[list[Any]]) -> list[int]:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    # Identifiers come from the model's own metadata, quoted; every value is a parameter.
    head = f"INSERT INTO {quote(table)} ({names}) VALUES "  # noqa: S608
    tail = f" RETURNING {quote(pk)}"
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per = max(1, min(ROWS_PER_STATEMENT, MAX_PARAMS // len(columns)))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), per):
            batch = values[start : start + per]
            params = [value for row in batch for value in row]
            cursor.execute(head + ", ".join([one] * len(batch)) + tail, params)
            ids.extend(pk_value for (pk_value,) in cursor.fetchall())
    return ids
