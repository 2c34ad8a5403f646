"""Reads of the staff dashboard: this month's cycle, the review queue, determinations by
month, discrepancy rates and held AORs. Each is a few grouped queries whose number does not
grow with the data (the held AORs: one stream per active carrier)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Sum
from django.db.models.functions import TruncDate, TruncMonth

from aordesk.aor.gate import CarrierMonthStatus
from aordesk.aor.rules import HOLD_REASONS
from aordesk.aor.selectors import aor_pending_lines, carrier_month_gate, carriers_for_sending
from aordesk.core.dates import CHICAGO, month_start, previous_month_start
from aordesk.cycle.models import BrokerReport, Cycle, CycleUnit
from aordesk.cycle.selectors import cycle_unit_counts
from aordesk.dashboard.rules import (
    HELD_AGE_BUCKETS,
    QUEUE_AGE_BUCKETS,
    bucketed,
    business_days_between,
)
from aordesk.intake.models import Claim
from aordesk.messaging.models import Message, MessageRead, Notification
from aordesk.review.models import BROKER_CODES, Decision

CYCLE_MESSAGE_KINDS = (
    Message.Kind.AOR_REPORT,
    Message.Kind.STATEMENT,
    Message.Kind.CORRECTED_REPORT,
    Message.Kind.CORRECTED_STATEMENT,
)


@dataclass(frozen=True)
class CycleOverview:
    month: dt.date
    cycle: Cycle | None
    gate: list[CarrierMonthStatus]
    units: dict[str, int]
    notifications: dict[str, int]
    messages: int
    messages_read: int


def dashboard_month(*, today: dt.date) -> dt.date:
    """The month whose cycle the dashboard shows: the latest cycle's, else last month."""
    latest = Cycle.objects.order_by("-month").values_list("month", flat=True).first()
    return latest or previous_month_start(today)


def cycle_overview(*, month: dt.date) -> CycleOverview:
    """The month's gate, its cycle's units by status and the cycle's messages (reports and
    statements sent since the cycle started): notifications by status, messages read."""
    cycle = Cycle.objects.filter(month=month).first()
    units = dict.fromkeys(CycleUnit.Status.values, 0)
    notifications = {status: 0 for status in Notification.Status.values}
    messages = read = 0
    if cycle is not None:
        units = cycle_unit_counts(cycle=cycle)
        sent = Message.objects.filter(
            kind__in=CYCLE_MESSAGE_KINDS,
            direction=Message.Direction.OUTBOUND,
            created_at__gte=cycle.created_at,
        )
        grouped = Notification.objects.filter(message__in=sent).values_list("status")
        for status, n in grouped.annotate(n=Count("id")).order_by():
            notifications[status] = n
        seen = Exists(MessageRead.objects.filter(message_id=OuterRef("pk")))
        counts = sent.order_by().aggregate(messages=Count("id"), read=Count("id", filter=seen))
        messages, read = counts["messages"], counts["read"]
    return CycleOverview(
        month=month,
        cycle=cycle,
        gate=carrier_month_gate(month=month),
        units=units,
        notifications=notifications,
        messages=messages,
        messages_read=read,
    )


@dataclass(frozen=True)
class QueueOverview:
    open_claims: int
    oldest_age: int | None
    by_status: dict[str, int]
    aging: dict[str, int]


def queue_overview(*, today: dt.date) -> QueueOverview:
    """Open (undecided) claims by status, and by business days since their submission came
    in, counted per day received (so the rows read grow with days, not claims)."""
    by_status = {status: 0 for status in Claim.Status.values}
    for status, n in Claim.objects.values_list("status").annotate(n=Count("id")).order_by():
        by_status[status] = n
    received = TruncDate("submission__received_at", tzinfo=CHICAGO)
    per_day = (
        Claim.objects.exclude(status=Claim.Status.DECIDED)
        .annotate(day=received)
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    ages = [(business_days_between(day, today), n) for day, n in per_day]
    return QueueOverview(
        open_claims=sum(n for _, n in ages),
        oldest_age=max((age for age, _ in ages), default=None),
        by_status=by_status,
        aging=bucketed(ages, QUEUE_AGE_BUCKETS),
    )


@dataclass(frozen=True)
class DeterminationsByMonth:
    months: list[dt.date]
    codes: list[str]
    counts: dict[str, list[int]] = field(default_factory=dict)  # code -> count per month


def last_months(today: dt.date, count: int = 12) -> list[dt.date]:
    months = [month_start(today)]
    while len(months) < count:
        months.insert(0, previous_month_start(months[0]))
    return months


def determinations_by_month(*, today: dt.date) -> DeterminationsByMonth:
    """Current decisions of the last 12 months (this one included) by broker code."""
    months = last_months(today)
    codes = [code for code, _ in BROKER_CODES if code != "NEEDS_INFO"]
    counts = {code: [0] * len(months) for code in codes}
    first = dt.datetime.combine(months[0], dt.time(), tzinfo=CHICAGO)
    grouped = (
        Decision.objects.filter(is_current=True, decided_at__gte=first)
        .annotate(month=TruncMonth("decided_at", tzinfo=CHICAGO))
        .values_list("month", "broker_code")
        .annotate(n=Count("id"))
        .order_by()
    )
    index = {month: i for i, month in enumerate(months)}
    for month, code, n in grouped:
        day = month.date() if isinstance(month, dt.datetime) else month
        if code in counts and day in index:
            counts[code][index[day]] += n
    return DeterminationsByMonth(months=months, codes=codes, counts=counts)


@dataclass(frozen=True)
class DiscrepancyRate:
    npn: str
    claims: int
    report_rows: int

    @property
    def rate(self) -> float:
        return self.claims / self.report_rows


def discrepancy_rates(*, today: dt.date, limit: int = 20) -> list[DiscrepancyRate]:
    """Claims submitted per report row sent, by broker, over the last 12 months' reports and
    the claims received since: the `limit` highest rates (ties by NPN)."""
    first = last_months(today)[0]
    rows = dict(
        BrokerReport.objects.filter(month__gte=first, status=BrokerReport.Status.CURRENT)
        .values_list("broker__npn")
        .annotate(rows=Sum("rows"))
        .filter(rows__gt=0)
        .order_by()
    )
    since = dt.datetime.combine(first, dt.time(), tzinfo=CHICAGO)
    claims = (
        # No list of NPNs in the query: SQLite limits its parameters.
        Claim.objects.filter(submission__received_at__gte=since)
        .values_list("broker__npn")
        .annotate(n=Count("id"))
        .order_by()
    )
    rates = [DiscrepancyRate(npn, n, rows[npn]) for npn, n in claims if npn in rows]
    rates.sort(key=lambda r: (-r.rate, r.npn))
    return rates[:limit]


def held_aors_by_age(*, as_of: dt.date) -> dict[str, int]:
    """Pending AOR lines held on `as_of` (aor.rules), by calendar days since received."""
    ages: dict[int, int] = {}
    for carrier in carriers_for_sending():
        for line in aor_pending_lines(carrier_id=carrier.pk, as_of=as_of):
            if line.status(as_of) in HOLD_REASONS:
                age = (as_of - line.received_on).days
                ages[age] = ages.get(age, 0) + 1
    return bucketed(ages.items(), HELD_AGE_BUCKETS)
