"""The shapes that AOR sending reads and reports: a pending line, the outcome of a send, the
held summary. Pure. Personal fields stay out of repr so a stray log line cannot carry them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from aordesk.aor.carrier_file import FileRow
from aordesk.aor.rules import LineStatus, line_status
from aordesk.x12.edi834 import Line834


@dataclass(frozen=True)
class PendingLine:
    """A line (association, enrollment) of an active association that has not been sent."""

    association_pk: int
    association_reference: str
    received_on: dt.date
    aor_effective_on: dt.date
    enrollment_pk: int
    enrollment_id: str
    coverage_kind: str
    enrollment_first_sent_on: dt.date | None
    case_number: str
    npn: str
    broker_status: str
    broker_certified_on: dt.date
    broker_status_changed_on: dt.date
    plan_effective_on: dt.date
    first_name: str = field(repr=False)
    last_name: str = field(repr=False)
    date_of_birth: dt.date = field(repr=False)
    broker_name: str = field(repr=False)
    # The rejected line this one sends again (aor.acknowledgements); None for a first send.
    resends_pk: int | None = None

    def status(self, send_date: dt.date) -> LineStatus:
        return line_status(
            received_on=self.received_on,
            enrollment_first_sent_on=self.enrollment_first_sent_on,
            broker_status=self.broker_status,
            broker_certified_on=self.broker_certified_on,
            broker_status_changed_on=self.broker_status_changed_on,
            send_date=send_date,
        )

    def file_row(self, carrier_code: str) -> FileRow:
        return FileRow(
            npn=self.npn,
            broker_name=self.broker_name,
            case_number=self.case_number,
            first_name=self.first_name,
            last_name=self.last_name,
            date_of_birth=self.date_of_birth,
            carrier_code=carrier_code,
            enrollment_id=self.enrollment_id,
            coverage_kind=self.coverage_kind,
            aor_effective_on=self.aor_effective_on,
        )

    def line_834(self) -> Line834:
        return Line834(
            npn=self.npn,
            broker_name=self.broker_name,
            case_number=self.case_number,
            enrollment_id=self.enrollment_id,
            first_name=self.first_name,
            last_name=self.last_name,
            date_of_birth=self.date_of_birth,
            coverage_kind=self.coverage_kind,
            plan_effective_on=self.plan_effective_on,
            aor_effective_on=self.aor_effective_on,
        )


@dataclass(frozen=True)
class LineRef:
    """A line named for staff: references and codes, no consumer names."""

    carrier_code: str
    association_reference: str
    case_number: str
    enrollment_id: str
    npn: str
    reason: str
    received_on: dt.date

    @classmethod
    def of(cls, line: PendingLine, *, carrier_code: str, reason: str) -> LineRef:
        return cls(
            carrier_code=carrier_code,
            association_reference=line.association_reference,
            case_number=line.case_number,
            enrollment_id=line.enrollment_id,
            npn=line.npn,
            reason=reason,
            received_on=line.received_on,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "carrier_code": self.carrier_code,
            "association_reference": self.association_reference,
            "case_number": self.case_number,
            "enrollment_id": self.enrollment_id,
            "npn": self.npn,
            "reason": self.reason,
            "received_on": self.received_on.isoformat(),
        }


class CarrierOutcome(StrEnum):
    SENT = "sent"
    NOTHING_READY = "nothing_ready"
    # The carrier's final file of the month is out: nothing more goes with a date in it.
    MONTH_CLOSED = "month_closed"
    # A Date Sent is kept forever, so it may not go back before the carrier's last file.
    DATE_BEFORE_LAST_FILE = "date_before_last_file"


@dataclass
class CarrierSendResult:
    carrier_code: str
    outcome: CarrierOutcome
    batch_id: str | None = None
    relative_path: str | None = None
    lines: int = 0
    final_for_month: bool = False
    held: int = 0
    skipped: list[LineRef] = field(default_factory=list)
    file_format: str = "csv"
    # Lines sent again after the carrier rejected them, and lines whose broker the carrier
    # had not appointed on the send date (sent all the same).
    resent: int = 0
    not_appointed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "carrier_code": self.carrier_code,
            "outcome": str(self.outcome),
            "batch_id": self.batch_id,
            "path": self.relative_path,
            "file_format": self.file_format,
            "lines": self.lines,
            "resent": self.resent,
            "not_appointed": self.not_appointed,
            "final_for_month": self.final_for_month,
            "held": self.held,
            "skipped": [line.as_dict() for line in self.skipped],
        }


@dataclass
class SendResult:
    send_date: dt.date
    carriers: list[CarrierSendResult] = field(default_factory=list)

    @property
    def transmissions(self) -> list[str]:
        return [c.batch_id for c in self.carriers if c.batch_id is not None]

    @property
    def lines(self) -> int:
        return sum(c.lines for c in self.carriers)

    @property
    def held(self) -> int:
        return sum(c.held for c in self.carriers)

    @property
    def skipped(self) -> list[LineRef]:
        return [line for c in self.carriers for line in c.skipped]

    def as_dict(self) -> dict[str, Any]:
        return {
            "send_date": self.send_date.isoformat(),
            "files": len(self.transmissions),
            "lines": self.lines,
            "held": self.held,
            "skipped": len(self.skipped),
            "carriers": [c.as_dict() for c in self.carriers],
        }


@dataclass
class HeldGroup:
    carrier_code: str
    carrier_name: str
    reason: LineStatus
    lines: int
    oldest_received_on: dt.date

    @property
    def explanation(self) -> str:
        if self.reason == LineStatus.HELD_ENROLLMENT_NOT_SENT:
            return f"enrollment not yet sent to carrier {self.carrier_code}"
        return "broker not certified"

    def as_dict(self) -> dict[str, Any]:
        return {
            "carrier_code": self.carrier_code,
            "carrier_name": self.carrier_name,
            "reason": str(self.reason),
            "explanation": self.explanation,
            "lines": self.lines,
            "oldest_received_on": self.oldest_received_on.isoformat(),
        }


@dataclass
class HeldSummary:
    as_of: dt.date
    groups: list[HeldGroup] = field(default_factory=list)
    # Lines not held that simply wait for the carrier's next file.
    ready: int = 0
    lines: list[LineRef] | None = None

    @property
    def held(self) -> int:
        return sum(group.lines for group in self.groups)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "as_of": self.as_of.isoformat(),
            "held": self.held,
            "ready": self.ready,
            "groups": [group.as_dict() for group in self.groups],
        }
        if self.lines is not None:
            data["lines"] = [line.as_dict() for line in self.lines]
        return data
