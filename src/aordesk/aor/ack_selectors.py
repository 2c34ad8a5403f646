"""Reads about carriers' acknowledgements: lines to send again after a rejection, files
still without an acknowledgement, and what a broker may see of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from aordesk.aor.models import (
    AorAcknowledgement,
    AorAssociation,
    AorTransmission,
    AorTransmissionLine,
)
from aordesk.aor.records import PendingLine
from aordesk.carriers.models import CarrierAppointment
from aordesk.core.dates import add_business_days
from aordesk.reconciliation.models import Mismatch

_LINE_FIELDS = {
    "association_pk": "association_id",
    "association_reference": "association__reference",
    "received_on": "association__received_on",
    "aor_effective_on": "association__effective_on",
    "npn": "association__broker__npn",
    "broker_first": "association__broker__first_name",
    "broker_last": "association__broker__last_name",
    "broker_status": "association__broker__certification_status",
    "broker_certified_on": "association__broker__certified_on",
    "broker_status_changed_on": "association__broker__status_changed_on",
    "enrollment_pk": "enrollment_id",
    "enrollment_ref": "enrollment__enrollment_id",
    "coverage_kind": "enrollment__coverage_kind",
    "plan_effective_on": "enrollment__effective_on",
    "case_number": "association__household__case_number",
    "first_name": "association__household__first_name",
    "last_name": "association__household__last_name",
    "date_of_birth": "association__household__date_of_birth",
}


def _rejected_unsent(carrier_id: int) -> QuerySet[AorTransmissionLine]:
    """Lines the carrier rejected, or that its roster lacks and staff asked to resend
    (reconciliation), not sent again yet: either way they go once more, once."""
    resend_asked = Mismatch.objects.filter(line_id=OuterRef("pk"), status=Mismatch.Status.RESEND)
    return AorTransmissionLine.objects.filter(
        Q(rejected_by__isnull=False) | Exists(resend_asked),
        transmission__carrier_id=carrier_id,
        resent_as__isnull=True,
    )


def aor_lines_to_resend(*, carrier_id: int) -> list[PendingLine]:
    """The carrier's rejected lines (and those staff resend after a roster lacked them) not
    sent again yet, whose association is still active, ordered by NPN (an 834 groups by
    broker). A rejection is rare and bounded by one file,
    so a list is fine."""
    rows = (
        _rejected_unsent(carrier_id)
        .filter(association__status=AorAssociation.Status.ACTIVE)
        .annotate(**{alias: F(path) for alias, path in _LINE_FIELDS.items()})
        .values("pk", *_LINE_FIELDS)
        .order_by("npn", "pk")
    )
    return [_line(row) for row in rows]


def _line(row: dict[str, Any]) -> PendingLine:
    return PendingLine(
        association_pk=row["association_pk"],
        association_reference=row["association_reference"],
        received_on=row["received_on"],
        aor_effective_on=row["aor_effective_on"],
        enrollment_pk=row["enrollment_pk"],
        enrollment_id=row["enrollment_ref"],
        coverage_kind=row["coverage_kind"],
        enrollment_first_sent_on=None,
        case_number=row["case_number"],
        npn=row["npn"],
        broker_status=row["broker_status"],
        broker_certified_on=row["broker_certified_on"],
        broker_status_changed_on=row["broker_status_changed_on"],
        plan_effective_on=row["plan_effective_on"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        date_of_birth=row["date_of_birth"],
        broker_name=f"{row['broker_first']} {row['broker_last']}",
        resends_pk=row["pk"],
    )


@dataclass(frozen=True)
class Appointments:
    """A carrier's appointments by NPN. A carrier with none loaded is not checked: the
    exchange cannot tell "not appointed" from "not told"."""

    spans: dict[str, list[tuple[dt.date, dt.date | None]]]

    def appointed(self, npn: str, on: dt.date) -> bool:
        return any(
            start <= on and (until is None or on <= until)
            for start, until in self.spans.get(npn, [])
        )


def carrier_appointments(*, carrier_id: int) -> Appointments | None:
    rows = CarrierAppointment.objects.filter(carrier_id=carrier_id).values_list(
        "broker__npn", "appointed_from", "appointed_until"
    )
    spans: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
    for npn, start, until in rows:
        spans.setdefault(npn, []).append((start, until))
    return Appointments(spans) if spans else None


@dataclass(frozen=True)
class UnacknowledgedFile:
    carrier_code: str
    carrier_name: str
    batch_id: str
    sent_on: dt.date
    due_on: dt.date


def unacknowledged_files(*, today: dt.date, business_days: int) -> list[UnacknowledgedFile]:
    """X12 files still awaiting a TA1/999 more than `business_days` business days after
    their Date Sent, oldest first, by carrier."""
    rows = (
        AorTransmission.objects.filter(ack_status=AorTransmission.AckStatus.AWAITING)
        .order_by("carrier__code", "sent_on", "batch_id")
        .values_list("carrier__code", "carrier__display_name", "batch_id", "sent_on")
    )
    files = []
    for code, name, batch_id, sent_on in rows:
        due = add_business_days(sent_on, business_days)
        if due < today:
            files.append(UnacknowledgedFile(code, name, batch_id, sent_on, due))
    return files


@dataclass(frozen=True)
class RejectedLine:
    """A line the carrier rejected, named for staff by references only."""

    batch_id: str
    sent_on: dt.date
    association_reference: str
    case_number: str
    enrollment_id: str
    npn: str
    kind: str
    errors: list[dict[str, str]]
    received_at: dt.datetime
    resent_in: str | None
    association_active: bool

    @property
    def why(self) -> str:
        return "; ".join(f"{e['segment']} {e['code']}: {e['text']}" for e in self.errors) or (
            "rejected without an error code"
        )


def carrier_rejected_lines(*, carrier_id: int, limit: int = 200) -> list[RejectedLine]:
    """The carrier's rejected lines, newest rejection first, with why and where they went
    again (None: not yet, or never when the association is no longer active)."""
    rows = (
        AorTransmissionLine.objects.filter(
            transmission__carrier_id=carrier_id, rejected_by__isnull=False
        )
        .select_related("transmission", "association__broker", "association__household")
        .select_related("enrollment", "rejected_by", "resent_as__transmission")
        .order_by("-rejected_by__received_at", "pk")[:limit]
    )
    return [
        RejectedLine(
            batch_id=line.transmission.batch_id,
            sent_on=line.transmission.sent_on,
            association_reference=line.association.reference,
            case_number=line.association.household.case_number,
            enrollment_id=line.enrollment.enrollment_id,
            npn=line.association.broker.npn,
            kind=line.rejected_by.kind if line.rejected_by else "",
            errors=line.rejected_by.errors if line.rejected_by else [],
            received_at=line.rejected_by.received_at if line.rejected_by else None,  # type: ignore[arg-type]
            resent_in=_resent_in(line),
            association_active=line.association.status == AorAssociation.Status.ACTIVE,
        )
        for line in rows
    ]


def _resent_in(line: AorTransmissionLine) -> str | None:
    try:
        return line.resent_as.transmission.batch_id
    except AorTransmissionLine.DoesNotExist:
        return None


def carrier_transmissions(*, carrier_id: int, limit: int = 50) -> QuerySet[AorTransmission]:
    return (
        AorTransmission.objects.filter(carrier_id=carrier_id)
        .prefetch_related("acknowledgements")
        .order_by("-sent_on", "-batch_id")[:limit]
    )


@dataclass(frozen=True)
class NotAppointedGroup:
    carrier_name: str
    sent_on: dt.date
    npn: str
    lines: int

    @property
    def text(self) -> str:
        return (
            f"not appointed with {self.carrier_name} on {self.sent_on:%m/%d/%Y}: "
            "the carrier may not pay commission"
        )


def not_appointed_lines(
    *, broker_ids: list[int] | None = None, since: dt.date | None = None, limit: int = 100
) -> list[NotAppointedGroup]:
    """Lines sent while their broker had no appointment with the carrier, by carrier,
    Date Sent and NPN, newest first; only for associations still active (the ones whose
    commission is still to be paid)."""
    lines = AorTransmissionLine.objects.filter(
        broker_not_appointed=True, association__status=AorAssociation.Status.ACTIVE
    )
    if broker_ids is not None:
        lines = lines.filter(association__broker_id__in=broker_ids)
    if since is not None:
        lines = lines.filter(transmission__sent_on__gte=since)
    rows = (
        lines.values(
            "transmission__carrier__display_name",
            "transmission__sent_on",
            "association__broker__npn",
        )
        .annotate(n=Count("pk"))
        .order_by("-transmission__sent_on", "transmission__carrier__display_name")[:limit]
    )
    return [
        NotAppointedGroup(
            carrier_name=row["transmission__carrier__display_name"],
            sent_on=row["transmission__sent_on"],
            npn=row["association__broker__npn"],
            lines=row["n"],
        )
        for row in rows
    ]


def acknowledgement_of(transmission: AorTransmission) -> AorAcknowledgement | None:
    """The acknowledgement that set the transmission's status (the latest that did)."""
    acks = [a for a in transmission.acknowledgements.all() if a.status == transmission.ack_status]
    return acks[-1] if acks else None
