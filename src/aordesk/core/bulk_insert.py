"""Multi-row INSERTs without the ORM's per-value compilation.

`bulk_create` prepares every value of every object through its field (pre_save,
get_db_prep_save, placeholder SQL): for intake's 100 rows of 10 to 15 columns that was
most of the time spent writing a returned file (ADR 0006). Here each column's adapter is
chosen once from its field and the statement is built once per batch size. Values are
still bound as parameters, never formatted into the SQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, JSONField, Model

# Bound parameters one statement may carry: Django's figure for the backend (999 on SQLite),
# else the 16-bit count of PostgreSQL's wire protocol.
WIRE_LIMIT = 65_535


def params_limit() -> int:
    return connection.features.max_query_params or WIRE_LIMIT


def _adapter(field: Field) -> Callable[[Any], Any] | None:
    ops = connection.ops
    if isinstance(field, JSONField):
        encoder = field.encoder
        return lambda value: ops.adapt_json_value(value, encoder)
    kind = field.get_internal_type()
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "DateTimeField":
        return ops.adapt_datetimefield_value
    return None


def _concrete(model: type[Model], name: str) -> Field:
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not isinstance(field, Field) or not field.concrete or field.column is None:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field


def rows_insert(
    model: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]], *, returning: bool
) -> list[int]:
    """Insert `rows` (values in the order of the field names `columns`); with `returning`,
    the new primary keys in the order of `rows`, as bulk_create relies on too."""
    fields = [_concrete(model, name) for name in columns]
    adapters = [_adapter(field) for field in fields]
    quote = connection.ops.quote_name
    # Table and column names come from the model and are quoted; values are parameters.
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(field.column) for field in fields)}) VALUES "
    )
    tail = f" RETURNING {quote(_concrete(model, 'pk').column)}" if returning else ""
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    batch = max(1, params_limit() // len(fields))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params = [
                value if adapt is None or value is None else adapt(value)
                for row in chunk
                for value, adapt in zip(row, adapters, strict=True)
            ]
            cursor.execute(head + ", ".join([one] * len(chunk)) + tail, params)
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids
