"""The 300,000-row file passes the gate and every row is read (figures: measure.py)."""

from __future__ import annotations

import pytest

from aordesk.intake.gate.file import gate_check
from aordesk.intake.reading.identity import Sender
from aordesk.intake.reading.plan import read_plan


@pytest.mark.slow
def test_a_300000_row_workbook_passes_the_gate_and_every_row_is_read(big_workbook):
    gate = gate_check(big_workbook, original_name="big.xlsx")
    assert gate.passed

    plan = read_plan(big_workbook, kind=gate.kind, sender=Sender(npn="1"), key=b"k")

    count = sum(1 for _ in plan.rows())
    assert count == 300_000
