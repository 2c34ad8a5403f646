"""What the checks know besides the row: carriers, open claims, rows seen so far. Pure;
the service fills it from the database as plain data."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from aordesk.carriers.names import alias_key
from aordesk.intake.reading.headers import squash
from aordesk.intake.reading.rows import NormalisedRow

# Anything but letters and digits, of any alphabet.
_NOT_WORD = re.compile(r"[\W_]+")
AOR_METHODS = {"portal": "portal", "electronic": "electronic", "pdf": "paper", "paper": "paper"}
APPLICATION_METHODS = {"online": "online", "paper": "paper"}
# A 16-byte digest of (first name, last name, DOB, carrier), folded: a tuple of four
# strings costs about 300 bytes, which over 300,000 rows is most of the memory budget.
ConsumerKey = bytes


@dataclass(frozen=True)
class CarrierEntry:
    id: int
    display_name: str
    names: tuple[str, ...]  # display name, legal name, code and every alias


@dataclass
class CarrierDirectory:
    by_key: dict[str, int] = field(default_factory=dict)
    display_names: list[str] = field(default_factory=list)
    # A file names a handful of carriers thousands of times: resolve each text once.
    _resolved: dict[str, int | None] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, entries: Iterable[CarrierEntry]) -> CarrierDirectory:
        directory = cls()
        for entry in entries:
            directory.display_names.append(entry.display_name)
            for name in entry.names:
                # setdefault: a carrier's own names were listed before any alias.
                directory.by_key.setdefault(alias_key(name), entry.id)
        directory.display_names.sort()
        return directory

    def resolve(self, text: str) -> int | None:
        if text not in self._resolved:
            key = alias_key(text)
            self._resolved[text] = self.by_key.get(key) if key else None
        return self._resolved[text]


@dataclass
class CheckContext:
    today: dt.date
    carriers: CarrierDirectory
    # Consumers this broker already claims in a claim still open: key -> claim id.
    open_claims: dict[ConsumerKey, int] = field(default_factory=dict)
    # Consumers seen earlier in this file: key -> where first seen, packed in one int
    # (sheet index << 32 | row) to keep 300,000 entries small.
    seen: dict[ConsumerKey, int] = field(default_factory=dict)
    sheets: list[str] = field(default_factory=list)

    def place(self, sheet: str, row: int) -> int:
        if sheet not in self.sheets:
            self.sheets.append(sheet)
        return self.sheets.index(sheet) << 32 | row

    def place_of(self, packed: int) -> tuple[str, int]:
        return self.sheets[packed >> 32], packed & 0xFFFFFFFF


def consumer_key(row: NormalisedRow, carrier_id: int | None) -> ConsumerKey | None:
    """The same consumer with the same carrier: names folded, DOB, carrier."""
    if not (row.first_name and row.last_name and row.dob):
        return None
    carrier = str(carrier_id) if carrier_id is not None else "?" + alias_key(row.carrier)
    return names_key(row.first_name, row.last_name, row.dob, carrier)


def names_key(first: str, last: str, dob: dt.date, carrier: int | str) -> ConsumerKey:
    parts = (_fold(first), _fold(last), dob.isoformat(), str(carrier))
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).digest()


def _fold(name: str) -> str:
    # Letters of any alphabet kept (a Cyrillic name must not fold to ""), the rest dropped.
    return _NOT_WORD.sub("", name.casefold())


def method_value(text: str, choices: dict[str, str]) -> str | None:
    return choices.get(squash(text)) if text else None
