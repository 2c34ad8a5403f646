"""The desk's landing page: this month's report, open discrepancies and the next expected
determination, what waits for the broker's answer, and AOR changes since the last report.
Counts and links only: the names are one click further, on pages that list them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max

from aordesk.cycle.models import BrokerReport, DocumentStatus
from aordesk.desk import changes as desk_changes
from aordesk.desk import claims as desk_claims
from aordesk.desk.estimate import Estimate
from aordesk.desk.scope import Scope
from aordesk.review.models import InfoRequest


@dataclass(frozen=True)
class Waiting:
    claim_id: int
    message_id: int
    asked_on: dt.datetime
    npn: str


@dataclass(frozen=True)
class DeskSummary:
    month: dt.date | None
    report: BrokerReport | None  # the broker's current report of `month`
    reports_in_month: int  # an agency's brokers with a current report of `month`
    open_claims: dict[str, int]
    next_expected: Estimate | None
    waiting: list[Waiting]
    since: desk_changes.Since
    ended: int
    held: int
    consumers_shown: int = 0


def desk_summary(scope: Scope, *, today: dt.date) -> DeskSummary:
    brokers = scope.brokers()
    current = BrokerReport.objects.filter(broker__in=brokers, status=DocumentStatus.CURRENT)
    month = current.aggregate(latest=Max("month"))["latest"]
    report = None
    if month is not None and scope.broker is not None:
        report = current.filter(month=month).select_related("artifact").first()
    since = desk_changes.changes_since(brokers=brokers, today=today)
    return DeskSummary(
        month=month,
        report=report,
        reports_in_month=current.filter(month=month).count() if month else 0,
        open_claims=desk_claims.open_claims_summary(scope),
        next_expected=desk_claims.next_expected(scope, today=today),
        waiting=_waiting(scope),
        since=since,
        ended=desk_changes.ended_associations(brokers=brokers, since=since.day).count(),
        held=len(desk_changes.held_lines(brokers=brokers, today=today)),
    )


def _waiting(scope: Scope) -> list[Waiting]:
    requests = (
        InfoRequest.objects.filter(claim__broker__in=scope.brokers(), answered_at__isnull=True)
        .select_related("claim__broker")
        .order_by("requested_at", "pk")[:20]
    )
    return [Waiting(r.claim_id, r.message_id, r.requested_at, r.claim.broker.npn) for r in requests]
