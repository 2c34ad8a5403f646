"""Searching, filtering and sorting a report's rows, as the browser and the CSV do them. Pure.

The filter stays in the URL (q, carrier, sent, sort), so the CSV of a filtered page is
exactly what the page shows."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aordesk.desk.columns import CARRIER, DATE_SENT, DOB, FIRST, LAST, Layout

# Sort keys a URL may name, and the columns they sort by (then name, DOB: a stable order).
SORTS = {
    "name": (LAST, FIRST, DOB),
    "dob": (DOB, LAST, FIRST),
    "carrier": (CARRIER, LAST, FIRST, DOB),
    "sent": (DATE_SENT, LAST, FIRST, DOB),
}
DEFAULT_SORT = "name"
MAX_QUERY = 100


def folded(text: str) -> str:
    """Case and accents folded, so 'pena' finds 'Peña'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


@dataclass(frozen=True)
class RowFilter:
    query: str = ""
    carrier: str = ""
    sent: dt.date | None = None
    sort: str = DEFAULT_SORT
    descending: bool = False

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> RowFilter:
        """From the query string; anything unreadable is ignored, never an error page."""
        sort = params.get("sort", DEFAULT_SORT)
        descending = sort.startswith("-")
        sort = sort.lstrip("-")
        return cls(
            query=params.get("q", "")[:MAX_QUERY].strip(),
            carrier=params.get("carrier", "")[:200].strip(),
            sent=_date(params.get("sent", "")),
            sort=sort if sort in SORTS else DEFAULT_SORT,
            descending=descending and sort in SORTS,
        )

    def as_params(self) -> dict[str, str]:
        params = {
            "q": self.query,
            "carrier": self.carrier,
            "sent": self.sent.isoformat() if self.sent else "",
            "sort": ("-" if self.descending else "") + self.sort,
        }
        return {k: v for k, v in params.items() if v and v != DEFAULT_SORT}

    @property
    def active(self) -> bool:
        return bool(self.query or self.carrier or self.sent)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


class RowIndex:
    """A report's rows with what every search and sort needs worked out once: the folded
    names and, per sort key, the order of the rows (a report never changes, so the index of
    one version serves every request for it)."""

    def __init__(self, layout: Layout, rows: Sequence[tuple[Any, ...]]) -> None:
        self.layout = layout
        self.rows = list(rows)
        last, first = layout.index(LAST), layout.index(FIRST)
        self.names = [folded(f"{row[first]} {row[last]}") for row in self.rows]
        self._orders: dict[str, list[int]] = {}
        self._facets: tuple[list[str], list[dt.date]] | None = None

    def order(self, sort: str) -> list[int]:
        found = self._orders.get(sort)
        if found is None:
            positions = [self.layout.index(column) for column in SORTS[sort]]
            keys = [tuple(_key(row[i]) for i in positions) for row in self.rows]
            found = sorted(range(len(self.rows)), key=keys.__getitem__)
            self._orders[sort] = found
        return found

    def facets(self) -> tuple[list[str], list[dt.date]]:
        if self._facets is None:
            self._facets = facets(self.rows, self.layout)
        return self._facets


def rows_select(index: RowIndex, wanted: RowFilter) -> list[tuple[Any, ...]]:
    """The rows the filter keeps, in its order."""
    layout, rows = index.layout, index.rows
    carrier, sent = layout.index(CARRIER), layout.index(DATE_SENT)
    words = folded(wanted.query).split()
    order = index.order(wanted.sort)
    kept = []
    for i in reversed(order) if wanted.descending else order:
        row = rows[i]
        if wanted.carrier and row[carrier] != wanted.carrier:
            continue
        if wanted.sent and row[sent] != wanted.sent:
            continue
        if words and not all(word in index.names[i] for word in words):
            continue
        kept.append(row)
    return kept


def _key(value: Any) -> tuple[int, Any]:
    # Dates before text so a blank cell never compares a date with a string.
    if isinstance(value, dt.date):
        return (0, value)
    return (1, folded(str(value)))


def facets(rows: Sequence[tuple[Any, ...]], layout: Layout) -> tuple[list[str], list[dt.date]]:
    """The carriers and the Date Sent values of the report, for the filter's choices."""
    carrier, sent = layout.index(CARRIER), layout.index(DATE_SENT)
    carriers = sorted({str(row[carrier]) for row in rows if row[carrier]})
    dates = sorted({row[sent] for row in rows if isinstance(row[sent], dt.date)})
    return carriers, dates
