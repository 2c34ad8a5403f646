"""What every kind's loader shares: duplicate keys within the file, bulk look-ups by
natural key (one query per chunk, never one per row) and the upsert that counts."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from aordesk.core.audit import Actor
from aordesk.loaders.keystore import KeyStore
from aordesk.loaders.schema import Issue, Schema, Values

WRITE_BATCH = 5000
KEYS = "key"


@dataclass(frozen=True)
class Row:
    number: int
    values: Values


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass(frozen=True)
class Change:
    """What the upsert did to one record; `old` holds the previous value of each changed
    field (empty when created or unchanged)."""

    outcome: str
    obj: Any
    old: dict[str, Any] = field(default_factory=dict)


class Loader:
    """One kind's database checks and writer. Subclasses set `schema` and implement
    `write`; checks that need more than the natural key override `check_chunk`."""

    schema: Schema
    # Each phase reads the whole file again: used when the order of writes matters.
    phases: tuple[str, ...] = ("all",)

    def __init__(self, *, actor: Actor, store: KeyStore) -> None:
        self.actor = actor
        self.store = store
        self.counts = Counts()

    def check(self, rows: Sequence[Row]) -> list[Issue]:
        entries = [(self.schema.key_of(row.values), row.number, "") for row in rows]
        issues = [
            Issue(number, self.schema.key[-1], f"repeats the {self._key_label()} of row {first}")
            for number, _, first in self.store.claim(KEYS, entries)
        ]
        return issues + self.check_chunk(rows)

    def check_chunk(self, rows: Sequence[Row]) -> list[Issue]:
        return []

    def finish_check(self) -> list[Issue]:
        return []

    def write(self, rows: Sequence[Row], phase: str) -> None:
        raise NotImplementedError

    def finish_write(self) -> None:
        return None

    def _key_label(self) -> str:
        return " and ".join(self.schema.key)


def ids_by(model: type[models.Model], field: str, keys: Iterable[Any]) -> dict[Any, int]:
    """{natural key: primary key} for the keys that exist, in one query."""
    wanted = {key for key in keys if key not in ("", None)}
    if not wanted:
        return {}
    pairs = model._default_manager.filter(**{f"{field}__in": wanted}).values_list(field, "pk")
    return dict(pairs)


def missing(rows: Sequence[Row], column: str, found: dict[Any, Any], message: str) -> list[Issue]:
    """An issue for each row whose (non-blank) `column` is not among `found`."""
    return [
        Issue(row.number, column, message)
        for row in rows
        if row.values[column] not in ("", None) and row.values[column] not in found
    ]


def upsert(
    *,
    model: type[models.Model],
    records: Sequence[dict[str, Any]],
    existing: Iterable[models.Model],
    key: Sequence[str],
    fields: Sequence[str],
) -> list[Change]:
    """Create the records not in `existing`, update the ones that differ, in bulk.
    `records` hold model attribute values (foreign keys as `<name>_id`)."""
    by_key: dict[Hashable, Any] = {tuple(getattr(o, k) for k in key): o for o in existing}
    changes: list[Change] = []
    for record in records:
        obj = by_key.get(tuple(record[k] for k in key))
        if obj is None:
            changes.append(Change("created", model(**record)))
            continue
        old = {f: getattr(obj, f) for f in fields if getattr(obj, f) != record[f]}
        for name in old:
            setattr(obj, name, record[name])
        changes.append(Change("updated" if old else "unchanged", obj, old))
    _save(model, changes)
    return changes


def _save(model: type[models.Model], changes: Sequence[Change]) -> None:
    created = [c.obj for c in changes if c.outcome == "created"]
    model._default_manager.bulk_create(created, batch_size=WRITE_BATCH)
    updated = [c for c in changes if c.outcome == "updated"]
    if updated:
        names = sorted({name for change in updated for name in change.old})
        model._default_manager.bulk_update([c.obj for c in updated], names)
