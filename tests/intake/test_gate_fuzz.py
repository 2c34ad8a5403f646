"""A damaged file never crashes the gate or the reader: it is refused with a code."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aordesk.intake.gate.file import gate_check
from aordesk.intake.reading.identity import Sender
from aordesk.intake.reading.plan import READ_FAILURES, read_plan
from tests.intake.corpus.workbooks import consumer, xlsx_write


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(1, 255)), max_size=8))
def test_flipped_bytes_are_refused_or_read_never_crashed(tmp_path, flips):
    sound = tmp_path / "sound.xlsx"
    if not sound.exists():
        xlsx_write(sound, [consumer(1), consumer(2)])
    data = bytearray(sound.read_bytes())
    for position, mask in flips:
        data[position % len(data)] ^= mask
    path = Path(tmp_path / "flipped.xlsx")
    path.write_bytes(bytes(data))

    gate = gate_check(path, original_name="flipped.xlsx")

    if gate.passed:
        try:
            plan = read_plan(path, kind=gate.kind, sender=Sender(npn="1"), key=b"k")
            list(plan.rows())
        except READ_FAILURES:
            pass  # the service turns these into READ_DAMAGED
    else:
        assert gate.issues[0].code.startswith("GATE_")
