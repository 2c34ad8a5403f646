"""Reads about carriers' acknowledgements: lines to send again after a rejection, files
still without an acknowledgement, and what a broker may see of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from aordesk.aor.models import (
    AorAssociation,
    AorTransmissionLine,
)
from aordesk.aor.records import PendingLine
from aordesk.carriers.models import CarrierAppointment
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
    """The carrier's rejected lines not sent again yet, whose association is still active,
    ordered by NPN (an 834 groups by broker). A rejection is rare and bounded by one file,
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
