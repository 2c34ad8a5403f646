"""One pass of a send over a carrier's lines: the rejected lines to send again, then the
pending ones through the hold rule, written as CSV or as an X12 834, with what was written
kept in compact arrays for aor.services to record."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

from aordesk.aor import carrier_file
from aordesk.aor.ack_selectors import Appointments, aor_lines_to_resend
from aordesk.aor.records import LineRef, PendingLine
from aordesk.aor.rules import LineStatus
from aordesk.aor.selectors import aor_pending_lines
from aordesk.aor.x12_send import envelope_for, parties_for
from aordesk.carriers.models import Carrier
from aordesk.core.dates import CHICAGO
from aordesk.x12 import edi834
from aordesk.x12.edi834 import Envelope


@dataclass
class Batch:
    """What one pass over a carrier's pending lines found. The lines written are kept as
    parallel arrays (about 40 bytes a line), not as model objects, so a million fit."""

    carrier_code: str
    send_date: dt.date
    appointments: Appointments | None = None
    held: int = 0
    skipped: list[LineRef] = field(default_factory=list)
    association_ids: array = field(default_factory=lambda: array("q"))
    enrollment_ids: array = field(default_factory=lambda: array("q"))
    # 0 when the line is a first send, else the pk of the rejected line it sends again.
    resends: array = field(default_factory=lambda: array("q"))
    not_appointed: array = field(default_factory=lambda: array("b"))
    # ST02 of the line's transaction set as a number (0 in a CSV file).
    set_numbers: array = field(default_factory=lambda: array("l"))

    @property
    def ready(self) -> int:
        return len(self.enrollment_ids)

    @property
    def resent(self) -> int:
        return sum(1 for pk in self.resends if pk)

    @property
    def not_appointed_count(self) -> int:
        return sum(self.not_appointed)

    def take(self, line: PendingLine) -> None:
        self.association_ids.append(line.association_pk)
        self.enrollment_ids.append(line.enrollment_pk)
        self.resends.append(line.resends_pk or 0)
        appointed = self.appointments is None or self.appointments.appointed(
            line.npn, self.send_date
        )
        self.not_appointed.append(0 if appointed else 1)


def ready_lines(batch: Batch, carrier: Carrier, *, by_broker: bool) -> Iterator[PendingLine]:
    """Lines rejected by the carrier first go again; then each pending line is classified
    with the hold rule, and each ready one yielded. by_broker keeps NPN order throughout."""
    resend = aor_lines_to_resend(carrier_id=carrier.pk)
    pending = aor_pending_lines(carrier_id=carrier.pk, as_of=batch.send_date, by_broker=by_broker)
    merged = (
        heapq.merge(resend, pending, key=lambda line: line.npn)
        if by_broker
        else itertools.chain(resend, pending)
    )
    for line in merged:
        status = LineStatus.READY if line.resends_pk else line.status(batch.send_date)
        if status == LineStatus.READY:
            batch.take(line)
            yield line
        elif status == LineStatus.HELD_ENROLLMENT_NOT_SENT:
            batch.held += 1
        elif status == LineStatus.BROKER_NOT_CERTIFIED:
            batch.skipped.append(LineRef.of(line, carrier_code=batch.carrier_code, reason=status))


def write_csv(handle: TextIO, batch: Batch, carrier: Carrier) -> None:
    rows = (line.file_row(carrier.code) for line in ready_lines(batch, carrier, by_broker=False))
    carrier_file.write_rows(handle, rows)
    batch.set_numbers.extend([0] * batch.ready)


def write_x12(
    handle: TextIO, batch: Batch, carrier: Carrier, name: carrier_file.BatchName
) -> Envelope:
    # The interchange is dated the Date Sent (a replayed month keeps its dates).
    created = dt.datetime.combine(batch.send_date, dt.datetime.now(tz=CHICAGO).time())
    envelope = envelope_for(carrier=carrier, created=created.replace(tzinfo=CHICAGO))
    lines = (line.line_834() for line in ready_lines(batch, carrier, by_broker=True))
    edi834.write_834(
        handle,
        envelope=envelope,
        parties=parties_for(carrier=carrier),
        reference=name.batch_id,
        lines=lines,
        on_line=lambda _line, control: batch.set_numbers.append(int(control)),
    )
    return envelope
