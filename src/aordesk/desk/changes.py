"""Reads of the desk's changes page: the consumers whose association with the broker ended
since the broker's last report (never who took over), and the broker's associations held
until the consumer's enrollment goes to the carrier."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from aordesk.aor.models import AorAssociation
from aordesk.aor.rules import LineStatus
from aordesk.aor.selectors import aor_held_lines_of_brokers
from aordesk.brokers.models import Broker
from aordesk.cycle.models import BrokerReport, DocumentStatus

# What happened, as the broker reads it: the same words whoever the consumer chose.
ENDED_TEXT = {
    AorAssociation.EndReason.NEW_BROKER: "The consumer chose another broker",
    AorAssociation.EndReason.CONSUMER_REMOVED: "The consumer removed you as their broker",
}
HELD_TEXT = {
    LineStatus.HELD_ENROLLMENT_NOT_SENT: (
        "Held until the consumer's enrollment is sent to the carrier"
    ),
    LineStatus.BROKER_NOT_CERTIFIED: "Not sent while your certification is not active",
}


@dataclass(frozen=True)
class Since:
    """From when changes count: the first day of the month the last report covers (what
    happened from then on the report could not show as ended); without a report, the
    coverage year."""

    day: dt.date
    report_month: dt.date | None


def changes_since(*, brokers: QuerySet[Broker], today: dt.date) -> Since:
    last = (
        BrokerReport.objects.filter(broker__in=brokers, status=DocumentStatus.CURRENT)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    if last is None:
        return Since(day=today.replace(month=1, day=1), report_month=None)
    return Since(day=last, report_month=last)


def ended_associations(*, brokers: QuerySet[Broker], since: dt.date) -> QuerySet[AorAssociation]:
    """Ended by the consumer (another broker or removed) on or after `since`, newest first.
    Corrections after a privacy incident are not a consumer leaving and stay out."""
    return (
        AorAssociation.objects.filter(
            broker__in=brokers,
            status=AorAssociation.Status.ENDED,
            end_reason__in=list(ENDED_TEXT),
            ended_on__gte=since,
        )
        .select_related("household", "broker")
        .order_by("-ended_on", "household__last_name", "household__first_name", "pk")
    )


@dataclass(frozen=True)
class HeldLine:
    first_name: str
    last_name: str
    date_of_birth: dt.date
    carrier_name: str
    held_since: dt.date
    why: str
    npn: str


def held_lines(*, brokers: QuerySet[Broker], today: dt.date) -> list[HeldLine]:
    ids = list(brokers.values_list("pk", flat=True))
    return [
        HeldLine(
            first_name=line.first_name,
            last_name=line.last_name,
            date_of_birth=line.date_of_birth,
            carrier_name=carrier,
            held_since=line.received_on,
            why=HELD_TEXT.get(line.status(today), "Held"),
            npn=line.npn,
        )
        for line, carrier in aor_held_lines_of_brokers(broker_ids=ids, as_of=today)
    ]
