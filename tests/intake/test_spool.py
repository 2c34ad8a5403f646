"""The spool gives back every checked row, in order, a batch at a time, and keeps none
of them readable on disk."""

from __future__ import annotations

import datetime as dt

from aordesk.intake.checks.context import CarrierDirectory, CarrierEntry, CheckContext
from aordesk.intake.issues import Issue
from aordesk.intake.reading.rows import NormalisedRow
from aordesk.intake.storing import spool as spooling
from aordesk.intake.storing.spool import RowSpool


def context():
    carriers = CarrierDirectory.build([CarrierEntry(7, "Blue Plus", ("Blue Plus",))])
    return CheckContext(today=dt.date(2026, 11, 27), carriers=carriers)


def row(number, *, bad=False):
    return NormalisedRow(
        sheet="Add Consumers",
        number=number,
        kind="consumer",
        headers={},
        raw={"Last Name": f"Zyxwvut{number}"},
        first_name="Ann",
        last_name=f"Zyxwvut{number}",
        dob=dt.date(1980, 1, 2),
        carrier="Blue Plus",
        issues=[Issue(code="REQUIRED_MISSING", message="x")] if bad else [],
    )


def test_every_row_comes_back_in_order_in_batches_with_its_carrier(monkeypatch):
    monkeypatch.setattr(spooling, "BATCH", 2)
    with RowSpool() as spool:
        for number in range(1, 6):
            spool.add(row(number, bad=number == 3), context())

        batches = list(spool.batches())

        assert [len(batch) for batch in batches] == [2, 2, 1]
        assert [r.number for batch in batches for r, _carrier, _linked in batch] == [1, 2, 3, 4, 5]
        assert {carrier for batch in batches for _r, carrier, _linked in batch} == {7}
        assert (spool.accepted, spool.rejected, len(spool.issues)) == (4, 1, 1)


def test_the_rows_on_disk_are_sealed(monkeypatch):
    monkeypatch.setattr(spooling, "BATCH", 1)
    with RowSpool() as spool:
        spool.add(row(1), context())
        spool._file.seek(0)
        assert b"Zyxwvut1" not in spool._file.read()
        assert [r.last_name for r, *_ in next(spool.batches())] == ["Zyxwvut1"]


def test_a_discarded_spool_gives_back_nothing(monkeypatch):
    monkeypatch.setattr(spooling, "BATCH", 1)
    with RowSpool() as spool:
        spool.add(row(1), context())
        spool.add(row(2), context())
        spool.discard()
        assert (list(spool.batches()), spool.accepted, spool.rejected) == ([], 0, 0)
