"""Keys seen so far in a file, kept in a private temporary SQLite file rather than in
memory, so checking a million-row file for duplicates stays within bounded memory. Pure:
the standard library's sqlite3, not the app's database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

# SQLite's historical limit on parameters in one statement.
_PARAMS = 900


class KeyStore:
    """Named spaces of key -> (first row, value). Close it (or use `with`) when done."""

    def __init__(self) -> None:
        # "" opens a private on-disk temporary database, deleted when closed.
        self._db = sqlite3.connect("")
        self._db.execute(
            "CREATE TABLE seen (space TEXT, key TEXT, row INTEGER, value TEXT,"
            " PRIMARY KEY (space, key)) WITHOUT ROWID"
        )

    def __enter__(self) -> KeyStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def claim(
        self, space: str, entries: Iterable[tuple[str, int, str]]
    ) -> list[tuple[int, str, int]]:
        """Record (key, row, value) entries; return (row, key, first row) for each key
        already claimed, earlier in the file or earlier in `entries`."""
        entries = list(entries)
        first = self.rows(space, [key for key, _, _ in entries])
        repeats: list[tuple[int, str, int]] = []
        fresh: list[tuple[str, str, int, str]] = []
        for key, row, value in entries:
            if key in first:
                repeats.append((row, key, first[key]))
            else:
                first[key] = row
                fresh.append((space, key, row, value))
        self._db.executemany("INSERT INTO seen VALUES (?, ?, ?, ?)", fresh)
        return repeats

    def rows(self, space: str, keys: Iterable[str]) -> dict[str, int]:
        """The first row of each of `keys` already claimed in `space`."""
        return {key: row for key, row, _ in self._select(space, keys)}

    def values(self, space: str, keys: Iterable[str]) -> dict[str, str]:
        return {key: value for key, _, value in self._select(space, keys)}

    def scan(self, space: str, size: int) -> Iterator[list[tuple[str, int, str]]]:
        """Every entry of `space`, in slices of `size`, in key order."""
        last = ""
        while True:
            batch = self._db.execute(
                "SELECT key, row, value FROM seen WHERE space = ? AND key > ? ORDER BY key LIMIT ?",
                (space, last, size),
            ).fetchall()
            if not batch:
                return
            yield batch
            last = batch[-1][0]

    def _select(self, space: str, keys: Iterable[str]) -> list[tuple[str, int, str]]:
        unique = list(dict.fromkeys(keys))
        found: list[tuple[str, int, str]] = []
        for start in range(0, len(unique), _PARAMS):
            part = unique[start : start + _PARAMS]
            marks = ",".join("?" * len(part))
            found += self._db.execute(
                f"SELECT key, row, value FROM seen WHERE space = ? AND key IN ({marks})",  # noqa: S608
                (space, *part),
            ).fetchall()
        return found
