"""What a loader file looks like: its columns, its header check and its row parsing. Pure.

A file is checked in this order: header (stop if wrong), then each row's cells (types,
required, choices), then the row's own rules (dates in order, program matches coverage).
Checks that need the database (references, upserts) live in `aordesk.loaders.kinds`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aordesk.loaders.fields import FieldError, is_blank

Values = dict[str, Any]
# A rule looks at one parsed row, may fill derived values, and returns (column, message) pairs.
RowRule = Callable[[Values], Iterable[tuple[str, str]]]

_HEADER_NOISE = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class Issue:
    """One problem in a file. `row` is the row as a spreadsheet shows it (header = 1);
    None when the problem is the file itself."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[object], Any]
    required: bool = True
    # What a blank cell (or a column left out of the file) means for an optional column.
    blank: Any = ""


@dataclass(frozen=True)
class Schema:
    kind: str
    columns: tuple[Column, ...]
    # Columns whose values identify one record: no two rows of a file may share them.
    key: tuple[str, ...]
    rules: tuple[RowRule, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def key_of(self, values: Mapping[str, Any]) -> str:
        # \x1f (unit separator) cannot appear in a code, so joined keys never collide.
        return "\x1f".join(str(values[name]) for name in self.key)


def normalise_header(cell: object) -> str:
    """'Case Number' and 'case-number' both mean case_number."""
    return _HEADER_NOISE.sub("_", str(cell).strip().lower()) if cell is not None else ""


def header_positions(
    schema: Schema, header: Sequence[object]
) -> tuple[dict[str, int], list[Issue]]:
    """Where each known column sits, and what is wrong with the header row."""
    positions: dict[str, int] = {}
    issues: list[Issue] = []
    known = set(schema.names)
    for index, cell in enumerate(header):
        name = normalise_header(cell)
        if not name:
            continue
        if name not in known:
            issues.append(Issue(1, name, f"unknown column; expected: {', '.join(schema.names)}"))
        elif name in positions:
            issues.append(Issue(1, name, "this column appears twice"))
        else:
            positions[name] = index
    missing = [c.name for c in schema.columns if c.required and c.name not in positions]
    if missing:
        issues.append(Issue(1, "", f"missing required column(s): {', '.join(missing)}"))
    return positions, issues


def parse_row(
    schema: Schema, number: int, cells: Sequence[object], positions: Mapping[str, int]
) -> tuple[Values | None, list[Issue]]:
    """The row's typed values, or None and every problem found in it."""
    values: Values = {}
    issues: list[Issue] = []
    for column in schema.columns:
        index = positions.get(column.name)
        cell = cells[index] if index is not None and index < len(cells) else None
        if is_blank(cell):
            if column.required:
                issues.append(Issue(number, column.name, "is required"))
            values[column.name] = column.blank
            continue
        try:
            values[column.name] = column.parse(cell)
        except FieldError as error:
            issues.append(Issue(number, column.name, str(error)))
    if len(cells) > len(positions) and _has_stray_cells(cells, positions):
        issues.append(Issue(number, "", "has values in a column without a header"))
    if issues:
        return None, issues
    for rule in schema.rules:
        issues.extend(Issue(number, column, message) for column, message in rule(values))
    return (None, issues) if issues else (values, [])


def _has_stray_cells(cells: Sequence[object], positions: Mapping[str, int]) -> bool:
    used = set(positions.values())
    return any(not is_blank(cell) for i, cell in enumerate(cells) if i not in used)
