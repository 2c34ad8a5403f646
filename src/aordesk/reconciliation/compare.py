"""The comparison: a carrier's roster against what aordesk last told that carrier. Pure.

The roster is held as an index (enrollment id -> the NPN and row the carrier wrote: about
130 bytes an enrollment, so a million fit); the lines aordesk sent stream past it once,
each taking its enrollment out; what the carrier holds and was never sent stays behind."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from aordesk.intake.issues import Issue
from aordesk.reconciliation.roster import RosterIssues, RosterRow, npn_key


class Kind(StrEnum):
    """The JSON keys of the counts are these values, and `matched`."""

    OTHER_BROKER = "carrier_has_other_broker"  # same enrollment, another NPN
    LACKS_AOR = "carrier_lacks_aor"  # sent, not on the roster
    UNSENT = "carrier_has_unsent"  # on the roster, never sent to this carrier


MATCHED = "matched"
COUNT_KEYS = (MATCHED, Kind.OTHER_BROKER.value, Kind.LACKS_AOR.value, Kind.UNSENT.value)


@dataclass(frozen=True)
class SentLine:
    """The most recent AOR line sent to the carrier for one of its enrollments."""

    enrollment_pk: int
    enrollment_id: str
    active: bool  # an ended or cancelled enrollment is not expected on the roster
    line_pk: int
    npn: str
    batch_id: str = ""
    sent_on: dt.date | None = None


@dataclass(frozen=True)
class Mismatch:
    kind: Kind
    enrollment_id: str
    roster_row: int | None = None  # None: not on the roster
    roster_npn: str = ""
    sent: SentLine | None = None  # None: never sent to this carrier


@dataclass
class Counts:
    by_key: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))

    def add(self, key: str) -> None:
        self.by_key[key] += 1

    @property
    def compared(self) -> int:
        return sum(self.by_key.values())


class RosterIndex:
    """Enrollment id -> (NPN, row), as three compact columns."""

    def __init__(self) -> None:
        self._position: dict[str, int] = {}
        self._npn = array("q")
        self._row = array("q")

    def __len__(self) -> int:
        return len(self._position)

    def add(self, row: RosterRow) -> Issue | None:
        seen = self._position.get(row.enrollment_id)
        if seen is not None:
            return Issue(
                "ROSTER_DUPLICATE_ENROLLMENT",
                f"The Enrollment ID is also on row {self._row[seen]}; send each enrollment once.",
                row=row.number,
                column="Enrollment ID",
            )
        self._position[row.enrollment_id] = len(self._npn)
        self._npn.append(int(row.npn))
        self._row.append(row.number)
        return None

    def take(self, enrollment_id: str) -> tuple[str, int] | None:
        position = self._position.pop(enrollment_id, None)
        if position is None:
            return None
        return str(self._npn[position]), self._row[position]

    def remaining(self) -> Iterator[tuple[str, str, int]]:
        for enrollment_id, position in self._position.items():
            yield enrollment_id, str(self._npn[position]), self._row[position]


def roster_index(items: Iterable[RosterRow | Issue]) -> tuple[RosterIndex, RosterIssues]:
    index, issues = RosterIndex(), RosterIssues()
    for item in items:
        if isinstance(item, Issue):
            issues.add(item)
        elif (duplicate := index.add(item)) is not None:
            issues.add(duplicate)
    if not issues and not len(index):
        issues.add(Issue("ROSTER_EMPTY", "The roster has a header but no rows."))
    return index, issues


def compare(index: RosterIndex, sent: Iterable[SentLine], counts: Counts) -> Iterator[Mismatch]:
    """Every mismatch, the sent lines' first (in the order given), then the carrier's
    enrollments that were never sent (in roster order). `counts` is filled as it goes."""
    for line in sent:
        held = index.take(line.enrollment_id)
        if held is None:
            if line.active:
                counts.add(Kind.LACKS_AOR)
                yield Mismatch(Kind.LACKS_AOR, line.enrollment_id, sent=line)
            continue
        npn, row = held
        if npn == npn_key(line.npn):
            counts.add(MATCHED)
        else:
            counts.add(Kind.OTHER_BROKER)
            yield Mismatch(Kind.OTHER_BROKER, line.enrollment_id, row, npn, sent=line)
    for enrollment_id, npn, row in index.remaining():
        counts.add(Kind.UNSENT)
        yield Mismatch(Kind.UNSENT, enrollment_id, row, npn)
