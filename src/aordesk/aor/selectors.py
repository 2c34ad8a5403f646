"""Reads for AOR sending: the pending lines of a carrier, the held summary, the month gate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from aordesk.aor.gate import CarrierMonthStatus
from aordesk.aor.models import AorAssociation, AorTransmission, AorTransmissionLine
from aordesk.aor.records import HeldGroup, HeldSummary, LineRef, PendingLine
from aordesk.aor.rules import HOLD_REASONS, LineStatus
from aordesk.carriers.models import Carrier
from aordesk.core.dates import month_end
from aordesk.households.models import Enrollment, EnrollmentTransmission

CHUNK_SIZE = 5000
_ASSOC = "household__associations"
# Column alias -> ORM path. Every association path goes through the one join the filter
# made: the household has at most one active association, so one row per enrollment.
_FIELDS = {
    "association_pk": f"{_ASSOC}__pk",
    "association_reference": f"{_ASSOC}__reference",
    "received_on": f"{_ASSOC}__received_on",
    "aor_effective_on": f"{_ASSOC}__effective_on",
    "npn": f"{_ASSOC}__broker__npn",
    "broker_first": f"{_ASSOC}__broker__first_name",
    "broker_last": f"{_ASSOC}__broker__last_name",
    "broker_status": f"{_ASSOC}__broker__certification_status",
    "broker_certified_on": f"{_ASSOC}__broker__certified_on",
    "broker_status_changed_on": f"{_ASSOC}__broker__status_changed_on",
    "plan_effective_on": "effective_on",
    "case_number": "household__case_number",
    "first_name": "household__first_name",
    "last_name": "household__last_name",
    "date_of_birth": "household__date_of_birth",
}


def carriers_for_sending(*, carrier_code: str | None = None) -> QuerySet[Carrier]:
    carriers = Carrier.objects.filter(active=True).order_by("code")
    if carrier_code is not None:
        carriers = carriers.filter(code=carrier_code)
    return carriers


def _pending_queryset(
    *,
    carrier_id: int | None,
    as_of: dt.date,
    broker_id: int | None = None,
    broker_ids: list[int] | None = None,
) -> QuerySet[Enrollment, Any]:
    """Every line of the carrier, received by `as_of`, not sent yet, whatever its hold:
    the hold rule itself is applied in Python (aor.rules), on the streamed rows."""
    first_sent = (
        EnrollmentTransmission.objects.filter(enrollment_id=OuterRef("pk"))
        .order_by("sent_on")
        .values("sent_on")[:1]
    )
    already_sent = AorTransmissionLine.objects.filter(
        association_id=OuterRef("association_pk"), enrollment_id=OuterRef("pk")
    )
    scope = Q() if carrier_id is None else Q(carrier_id=carrier_id)
    if broker_id is not None:
        scope &= Q(**{f"{_ASSOC}__broker_id": broker_id})
    if broker_ids is not None:
        scope &= Q(**{f"{_ASSOC}__broker_id__in": broker_ids})
    return (
        Enrollment.objects.exclude(status=Enrollment.Status.CANCELLED)
        .filter(
            # One filter() call, so the conditions share one join to the association.
            scope,
            Q(**{f"{_ASSOC}__status": AorAssociation.Status.ACTIVE}),
            Q(**{f"{_ASSOC}__received_on__lte": as_of}),
            Q(end_on__isnull=True) | Q(end_on__gte=F(f"{_ASSOC}__effective_on")),
        )
        .annotate(**{alias: F(path) for alias, path in _FIELDS.items()})
        .annotate(first_sent_on=Subquery(first_sent))
        .filter(~Exists(already_sent))
        .values("pk", "enrollment_id", "coverage_kind", "first_sent_on", *_FIELDS)
    )


def _pending_line(row: dict[str, Any]) -> PendingLine:
    return PendingLine(
        association_pk=row["association_pk"],
        association_reference=row["association_reference"],
        received_on=row["received_on"],
        aor_effective_on=row["aor_effective_on"],
        enrollment_pk=row["pk"],
        enrollment_id=row["enrollment_id"],
        coverage_kind=row["coverage_kind"],
        enrollment_first_sent_on=row["first_sent_on"],
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
    )


def aor_pending_lines(
    *, carrier_id: int, as_of: dt.date, chunk_size: int = CHUNK_SIZE, by_broker: bool = False
) -> Iterator[PendingLine]:
    """Stream the pending lines in enrollment order through one cursor (server-side on
    PostgreSQL), `chunk_size` rows at a time. One pass: keyset pages would each re-run the
    join, which the planner may start from the associations, so a million lines would cost
    a full scan per page. Nothing may write these tables while the stream is open (SQLite
    gives no isolation inside one connection): the send records its lines afterwards."""
    # An 834 holds each broker's lines in one transaction set: by_broker orders by NPN.
    order = ("npn", "pk") if by_broker else ("pk",)
    queryset = _pending_queryset(carrier_id=carrier_id, as_of=as_of).order_by(*order)
    for row in queryset.iterator(chunk_size=chunk_size):
        yield _pending_line(row)


def aor_held_summary(*, as_of: dt.date, with_lines: bool = False) -> HeldSummary:
    """How many pending lines are held on `as_of`, since when and why, by carrier and reason."""
    summary = HeldSummary(as_of=as_of, lines=[] if with_lines else None)
    for carrier in carriers_for_sending():
        groups: dict[LineStatus, HeldGroup] = {}
        for line in aor_pending_lines(carrier_id=carrier.pk, as_of=as_of):
            status = line.status(as_of)
            if status not in HOLD_REASONS:
                summary.ready += status == LineStatus.READY
                continue
            group = groups.setdefault(
                status, HeldGroup(carrier.code, carrier.display_name, status, 0, line.received_on)
            )
            group.lines += 1
            group.oldest_received_on = min(group.oldest_received_on, line.received_on)
            if summary.lines is not None:
                summary.lines.append(LineRef.of(line, carrier_code=carrier.code, reason=status))
        summary.groups.extend(groups[reason] for reason in HOLD_REASONS if reason in groups)
    return summary


def aor_held_of_broker(*, broker_id: int, as_of: dt.date) -> list[HeldGroup]:
    """A broker's held lines on `as_of` by carrier and reason, oldest first: one query."""
    rows = (
        _pending_queryset(carrier_id=None, as_of=as_of, broker_id=broker_id)
        .annotate(carrier_code=F("carrier__code"), carrier_name=F("carrier__display_name"))
        .order_by("carrier__code", "pk")
    )
    groups: dict[tuple[str, LineStatus], HeldGroup] = {}
    for row in rows:
        status = _pending_line(row).status(as_of)
        if status not in HOLD_REASONS:
            continue
        code = row["carrier_code"]
        group = groups.setdefault(
            (code, status), HeldGroup(code, row["carrier_name"], status, 0, row["received_on"])
        )
        group.lines += 1
        group.oldest_received_on = min(group.oldest_received_on, row["received_on"])
    return sorted(groups.values(), key=lambda g: (g.oldest_received_on, g.carrier_code))


def aor_held_lines_of_brokers(
    *, broker_ids: list[int], as_of: dt.date
) -> list[tuple[PendingLine, str]]:
    """The brokers' held lines on `as_of` with their carrier's name, oldest received first
    (the broker's desk lists them; one query)."""
    rows = (
        _pending_queryset(carrier_id=None, as_of=as_of, broker_ids=broker_ids)
        .annotate(carrier_name=F("carrier__display_name"))
        .order_by("received_on", "pk")
    )
    held = []
    for row in rows:
        line = _pending_line(row)
        if line.status(as_of) in HOLD_REASONS:
            held.append((line, row["carrier_name"]))
    return held


def carrier_month_final(*, carrier_id: int, month: dt.date) -> AorTransmission | None:
    return (
        AorTransmission.objects.filter(
            carrier_id=carrier_id,
            final_for_month=True,
            sent_on__range=(month, month_end(month)),
        )
        .order_by("sent_on")
        .first()
    )


def carrier_last_sent_on(*, carrier_id: int) -> dt.date | None:
    latest = AorTransmission.objects.filter(carrier_id=carrier_id).aggregate(m=Max("sent_on"))
    return latest["m"]


def carrier_transmissions_on(*, carrier_id: int, sent_on: dt.date) -> int:
    return AorTransmission.objects.filter(carrier_id=carrier_id, sent_on=sent_on).count()


def _count(queryset: QuerySet[Any], group_by: str) -> Coalesce:
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def carrier_month_gate(*, month: dt.date) -> list[CarrierMonthStatus]:
    """Every active carrier with its AOR files, lines and final file of `month` (a first of
    month). One query; each figure is a subquery bounded by carrier and month, so the cost
    follows the month's files, not every line ever sent."""
    if month.day != 1:
        raise ValueError("month must be the first day of a month")
    files = AorTransmission.objects.filter(
        carrier_id=OuterRef("pk"), sent_on__range=(month, month_end(month))
    )
    lines = AorTransmissionLine.objects.filter(
        transmission__carrier_id=OuterRef("pk"),
        transmission__sent_on__range=(month, month_end(month)),
    )
    final = files.filter(final_for_month=True).order_by("sent_on").values("sent_on")[:1]
    carriers = (
        Carrier.objects.filter(active=True)
        .annotate(
            files=_count(files, "carrier_id"),
            lines=_count(lines, "transmission__carrier_id"),
            final_on=Subquery(final),
        )
        .order_by("code")
    )
    return [
        CarrierMonthStatus(
            carrier_code=carrier.code,
            carrier_name=carrier.display_name,
            files_in_month=carrier.files,
            lines_in_month=carrier.lines,
            final_sent_on=carrier.final_on,
        )
        for carrier in carriers
    ]
