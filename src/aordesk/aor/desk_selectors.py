"""What the broker's desk shows of the carrier exchange: per Date Sent, whether the carrier
acknowledged the broker's lines, and lines sent while the broker was not appointed.

Privacy: a file holds other brokers' lines; what a broker sees is computed from their own
lines only (a set rejected for another broker's line reads "acknowledged" to them), and no
carrier error text is shown (it may quote another broker's segment)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from aordesk.aor.ack_selectors import NotAppointedGroup, not_appointed_lines
from aordesk.aor.models import AorTransmission, AorTransmissionLine
from aordesk.core.dates import business_date, month_end

Status = AorTransmission.AckStatus


@dataclass(frozen=True)
class DateSentAcknowledgement:
    sent_on: dt.date
    carrier_name: str
    # accepted | awaiting | rejected | not_expected (a CSV carrier: no electronic answer)
    state: str
    acknowledged_on: dt.date | None
    lines: int
    rejected: int
    resent_on: dt.date | None

    @property
    def text(self) -> str:
        if self.state == "rejected":
            again = (
                f"sent again on {self.resent_on:%m/%d/%Y}"
                if self.resent_on
                else ("it goes out again in the carrier's next file")
            )
            return f"Rejected by the carrier; {again}"
        if self.state == "accepted":
            return f"Acknowledged by the carrier on {self.acknowledged_on:%m/%d/%Y}"
        if self.state == "awaiting":
            return "Not acknowledged by the carrier yet"
        return "This carrier does not acknowledge files electronically"


def _state(ack_status: str, rejected: int) -> str:
    if rejected:
        return "rejected"
    if ack_status in (Status.ACCEPTED, Status.ACCEPTED_WITH_ERRORS, Status.REJECTED):
        # A file rejected as a whole marks every line, so "rejected" was caught above.
        return "accepted"
    return str(ack_status)


def date_sent_acknowledgements(
    *, broker_ids: list[int], month: dt.date | None = None, limit: int = 60
) -> list[DateSentAcknowledgement]:
    """One entry per (Date Sent, carrier) of the brokers' lines, newest first; within
    `month` when given. One grouped query, plus one for the resend dates."""
    lines = AorTransmissionLine.objects.filter(association__broker_id__in=broker_ids)
    if month is not None:
        lines = lines.filter(transmission__sent_on__range=(month, month_end(month)))
    grouped = (
        lines.values(
            "transmission_id",
            "transmission__sent_on",
            "transmission__carrier__display_name",
            "transmission__ack_status",
            "transmission__acknowledged_at",
        )
        .annotate(n=Count("pk"), rejected=Count("pk", filter=Q(rejected_by__isnull=False)))
        .order_by("-transmission__sent_on", "transmission__carrier__display_name")[:limit]
    )
    rows = list(grouped)
    resent = _resent_on(broker_ids, [r["transmission_id"] for r in rows if r["rejected"]])
    return [
        DateSentAcknowledgement(
            sent_on=r["transmission__sent_on"],
            carrier_name=r["transmission__carrier__display_name"],
            state=_state(r["transmission__ack_status"], r["rejected"]),
            acknowledged_on=(
                business_date(r["transmission__acknowledged_at"])
                if r["transmission__acknowledged_at"]
                else None
            ),
            lines=r["n"],
            rejected=r["rejected"],
            resent_on=resent.get(r["transmission_id"]),
        )
        for r in rows
    ]


def _resent_on(broker_ids: list[int], transmission_ids: list[int]) -> dict[int, dt.date]:
    if not transmission_ids:
        return {}
    pairs = AorTransmissionLine.objects.filter(
        resends__transmission_id__in=transmission_ids, association__broker_id__in=broker_ids
    ).values_list("resends__transmission_id", "transmission__sent_on")
    found: dict[int, dt.date] = {}
    for original, sent_on in pairs:
        found[original] = min(sent_on, found.get(original, sent_on))
    return found


def appointment_flags(
    *, broker_ids: list[int], month: dt.date | None = None, since: dt.date | None = None
) -> list[NotAppointedGroup]:
    """The brokers' lines sent while not appointed with the carrier (newest first): of
    `month` when given, else those sent on or after `since`."""
    groups = not_appointed_lines(broker_ids=broker_ids, since=month or since)
    if month is None:
        return groups
    return [g for g in groups if g.sent_on <= month_end(month)]
