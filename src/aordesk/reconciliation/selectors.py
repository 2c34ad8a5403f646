"""Reads for reconciliation: what aordesk last sent each enrollment of a carrier, the
work list, the current roster per carrier, a broker's notice and a claim's roster view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet

from aordesk.aor.models import AorAssociation, AorTransmissionLine
from aordesk.brokers.models import Broker
from aordesk.carriers.models import Carrier
from aordesk.households.models import Enrollment
from aordesk.reconciliation.compare import SentLine
from aordesk.reconciliation.models import Mismatch, Reconciliation

CHUNK_SIZE = 5000


def carrier_sent_lines(*, carrier_id: int, chunk_size: int = CHUNK_SIZE) -> Iterator[SentLine]:
    """Per enrollment of the carrier that aordesk ever sent an AOR line for, the most recent
    line (latest file, then latest line): whatever its association's status is today, that
    broker is what the carrier was last told. One ordered stream, first row per enrollment."""
    rows = (
        AorTransmissionLine.objects.filter(transmission__carrier_id=carrier_id)
        .order_by("enrollment_id", "-transmission__sent_on", "-transmission_id", "-pk")
        .values_list(
            "enrollment_id",
            "enrollment__enrollment_id",
            "enrollment__status",
            "pk",
            "association__broker__npn",
            "transmission__batch_id",
            "transmission__sent_on",
        )
    )
    previous = None
    for enrollment_pk, enrollment_id, status, line_pk, npn, batch_id, sent_on in rows.iterator(
        chunk_size
    ):
        if enrollment_pk == previous:
            continue
        previous = enrollment_pk
        yield SentLine(
            enrollment_pk=enrollment_pk,
            enrollment_id=enrollment_id,
            active=status == Enrollment.Status.ACTIVE,
            line_pk=line_pk,
            npn=npn,
            batch_id=batch_id,
            sent_on=sent_on,
        )


def enrollment_pks(*, enrollment_ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(enrollment_ids), 500):
        chunk = enrollment_ids[start : start + 500]
        found.update(
            Enrollment.objects.filter(enrollment_id__in=chunk).values_list("enrollment_id", "pk")
        )
    return found


def broker_pks(*, npns: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(npns), 500):
        chunk = npns[start : start + 500]
        found.update(Broker.objects.filter(npn__in=chunk).values_list("npn", "pk"))
    return found


def reconciliation_current(*, carrier_id: int) -> Reconciliation | None:
    return (
        Reconciliation.objects.filter(carrier_id=carrier_id, status=Reconciliation.Status.COMPLETED)
        .order_by("-received_at", "-pk")
        .first()
    )


def reconciliations_latest() -> list[tuple[Carrier, Reconciliation | None]]:
    """Every active carrier with its current reconciliation (for the dashboard)."""
    current = {
        r.carrier_id: r
        for r in Reconciliation.objects.filter(status=Reconciliation.Status.COMPLETED).order_by(
            "received_at", "pk"
        )
    }
    return [(c, current.get(c.pk)) for c in Carrier.objects.filter(active=True).order_by("code")]


def mismatch_work_list(
    *,
    carrier_id: int | None = None,
    month: dt.date | None = None,
    kind: str = "",
    status: str = "",
) -> QuerySet[Mismatch]:
    """The work list of the current rosters (or of one month's), with the evidence each row
    shows: the file last sent, when, whether the carrier acknowledged it."""
    rows = Mismatch.objects.select_related(
        "reconciliation__carrier",
        "enrollment__household",
        "line__transmission",
        "line__association",
        "sent_broker",
        "claim",
    )
    if month is None:
        rows = rows.filter(reconciliation__status=Reconciliation.Status.COMPLETED)
    else:
        rows = rows.filter(reconciliation__month=month).exclude(
            reconciliation__status=Reconciliation.Status.REFUSED
        )
    if carrier_id is not None:
        rows = rows.filter(reconciliation__carrier_id=carrier_id)
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("reconciliation__carrier__code", "kind", "roster_enrollment_id", "pk")


def mismatches_to_resend(*, carrier_id: int) -> QuerySet[Mismatch]:
    """Lines staff asked to send again that no file has carried yet."""
    return Mismatch.objects.filter(
        reconciliation__carrier_id=carrier_id,
        status=Mismatch.Status.RESEND,
        line__resent_as__isnull=True,
    ).order_by("pk")


@dataclass(frozen=True)
class BrokerNoticeLine:
    npn: str  # the broker's own (an agency administrator's desk lists several brokers)
    case_number: str
    consumer: str
    enrollment_id: str
    sent_on: dt.date


@dataclass(frozen=True)
class BrokerNotice:
    """What the broker's desk says about one carrier: never who the carrier shows instead."""

    carrier_name: str
    lines: list[BrokerNoticeLine]

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def text(self) -> str:
        return (
            f"{self.carrier_name} does not show you as agent of record for {self.count} "
            f"consumer{'s' if self.count != 1 else ''} whose AOR we sent; we are resending"
        )


def broker_roster_notices(*, broker_id: int) -> list[BrokerNotice]:
    """The broker's own consumers (their association still active) on a current roster
    without them, that staff are resending: one notice per carrier."""
    return brokers_roster_notices(broker_ids=[broker_id])


def brokers_roster_notices(*, broker_ids: list[int]) -> list[BrokerNotice]:
    """As broker_roster_notices, for the brokers of an agency's desk together. Each line is
    one of these brokers' own consumers; nothing says who the carrier shows instead."""
    rows = (
        Mismatch.objects.filter(
            reconciliation__status=Reconciliation.Status.COMPLETED,
            status=Mismatch.Status.RESEND,
            kind__in=[Mismatch.Kind.LACKS_AOR, Mismatch.Kind.OTHER_BROKER],
            sent_broker_id__in=broker_ids,
            line__association__broker_id__in=broker_ids,
            line__association__status=AorAssociation.Status.ACTIVE,
        )
        .filter(line__association__broker_id=F("sent_broker_id"))
        .select_related(
            "reconciliation__carrier", "enrollment__household", "line__transmission", "sent_broker"
        )
        .order_by("reconciliation__carrier__display_name", "enrollment__household__last_name")
    )
    notices: dict[str, list[BrokerNoticeLine]] = {}
    for m in rows:
        assert m.enrollment is not None and m.line is not None
        household = m.enrollment.household
        notices.setdefault(m.reconciliation.carrier.display_name, []).append(
            BrokerNoticeLine(
                npn=m.sent_broker.npn if m.sent_broker else "",
                case_number=household.case_number,
                consumer=f"{household.first_name} {household.last_name}",
                enrollment_id=m.enrollment.enrollment_id,
                sent_on=m.line.transmission.sent_on,
            )
        )
    return [BrokerNotice(name, lines) for name, lines in notices.items()]


@dataclass(frozen=True)
class RosterView:
    """The current roster's word on one enrollment of a household (staff only)."""

    carrier_name: str
    enrollment_id: str
    received_at: dt.datetime
    original_name: str
    verdict: str  # "matched", a Mismatch.Kind label, or "not on the roster"
    roster_npn: str = ""
    member_name: str = ""
    date_of_birth: dt.date | None = None
    effective_on: dt.date | None = None
    carrier_member_id: str = ""


def household_roster_views(*, household_id: int) -> list[RosterView]:
    """For each enrollment of the household, what its carrier's current roster said."""
    views = []
    for enrollment in Enrollment.objects.filter(household_id=household_id).select_related(
        "carrier"
    ):
        current = reconciliation_current(carrier_id=enrollment.carrier_id)
        if current is None:
            continue
        views.append(_roster_view(enrollment, current))
    return views


def _roster_view(enrollment: Enrollment, current: Reconciliation) -> RosterView:
    base: dict[str, Any] = {
        "carrier_name": enrollment.carrier.display_name,
        "enrollment_id": enrollment.enrollment_id,
        "received_at": current.received_at,
        "original_name": current.original_name,
    }
    mismatch = current.mismatches.filter(
        Q(enrollment=enrollment) | Q(roster_enrollment_id=enrollment.enrollment_id)
    ).first()
    if mismatch is not None:
        return RosterView(
            **base,
            verdict=mismatch.get_kind_display(),
            roster_npn=mismatch.roster_npn,
            member_name=mismatch.roster_member_name,
            date_of_birth=mismatch.roster_date_of_birth,
            effective_on=mismatch.roster_effective_on,
            carrier_member_id=mismatch.roster_carrier_member_id,
        )
    sent = _last_sent_npn(enrollment, before=current.received_at)
    if sent is not None and enrollment.status != Enrollment.Status.ACTIVE:
        return RosterView(**base, verdict="not compared: the enrollment is not active")
    if sent is None:
        return RosterView(**base, verdict="not on the roster, never sent")
    return RosterView(**base, verdict="matched", roster_npn=sent)


def _last_sent_npn(enrollment: Enrollment, *, before: dt.datetime) -> str | None:
    return (
        AorTransmissionLine.objects.filter(
            enrollment=enrollment, transmission__created_at__lt=before
        )
        .order_by("-transmission__sent_on", "-transmission_id", "-pk")
        .values_list("association__broker__npn", flat=True)
        .first()
    )
