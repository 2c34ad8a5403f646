"""The sections of a broker's page in the directory. Each is one or two bounded queries,
whatever the broker's history, so the page costs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, Prefetch, Q

from aordesk.aor.models import AorAssociation
from aordesk.aor.records import HeldGroup
from aordesk.aor.selectors import aor_held_of_broker
from aordesk.brokers.models import Broker, BrokerCertificationChange, BrokerEmailChange
from aordesk.cycle.models import BrokerReport, Statement
from aordesk.incidents.models import PrivacyIncident
from aordesk.intake.models import Claim, Submission
from aordesk.messaging.models import Message, Notification

HISTORY_LIMIT = 50
DOCUMENT_LIMIT = 60
RECENT_LIMIT = 20


def broker_for_directory(*, pk: int) -> Broker | None:
    return Broker.objects.select_related("agency").filter(pk=pk).first()


def broker_certification_history(*, broker_id: int) -> list[BrokerCertificationChange]:
    changes = BrokerCertificationChange.objects.filter(broker_id=broker_id)
    return list(changes.order_by("-effective_on", "-id")[:HISTORY_LIMIT])


def broker_email_history(*, broker_id: int) -> list[BrokerEmailChange]:
    changes = BrokerEmailChange.objects.filter(broker_id=broker_id)
    return list(changes.order_by("-changed_at", "-id")[:HISTORY_LIMIT])


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


@dataclass
class AorSummary:
    by_status: list[Tally]
    by_method: list[Tally]
    held: list[HeldGroup]

    @property
    def total(self) -> int:
        return sum(t.count for t in self.by_status)

    @property
    def held_lines(self) -> int:
        return sum(g.lines for g in self.held)


def _tallies(rows: Iterable[dict[str, Any]], key: str, choices: Any) -> list[Tally]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[key]] = counts.get(row[key], 0) + row["n"]
    return [Tally(str(label), counts[value]) for value, label in choices if value in counts]


def broker_aor_summary(*, broker_id: int, as_of: dt.date) -> AorSummary:
    """Associations counted by status and by method (one grouped query), and the held
    lines by carrier and reason with the oldest received date (one query)."""
    rows = list(
        AorAssociation.objects.filter(broker_id=broker_id)
        .values("status", "method")
        .annotate(n=Count("id"))
        .order_by()
    )
    return AorSummary(
        by_status=_tallies(rows, "status", AorAssociation.Status.choices),
        by_method=_tallies(rows, "method", AorAssociation.Method.choices),
        held=aor_held_of_broker(broker_id=broker_id, as_of=as_of),
    )


@dataclass
class MonthDocuments:
    month: dt.date
    reports: list[BrokerReport] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)


def broker_documents_by_month(*, broker_id: int) -> list[MonthDocuments]:
    """Every version of the broker's reports and statements, latest month first (the
    latest DOCUMENT_LIMIT versions of each)."""
    reports = BrokerReport.objects.filter(broker_id=broker_id).order_by("-month", "-version")
    statements = Statement.objects.filter(broker_id=broker_id, kind=Statement.Kind.BROKER).order_by(
        "-month", "-version"
    )
    months: dict[dt.date, MonthDocuments] = {}
    for report in reports[:DOCUMENT_LIMIT]:
        months.setdefault(report.month, MonthDocuments(report.month)).reports.append(report)
    for statement in statements[:DOCUMENT_LIMIT]:
        entry = months.setdefault(statement.month, MonthDocuments(statement.month))
        entry.statements.append(statement)
    return sorted(months.values(), key=lambda m: m.month, reverse=True)


def broker_recent_messages(*, broker_id: int) -> list[Message]:
    """The latest messages to or from the broker, each with its notifications (delivery)
    and `first_read_at`: when a broker or agency account first opened it (staff reads
    do not count)."""
    notifications = Prefetch("notifications", queryset=Notification.objects.order_by("id"))
    messages = (
        Message.objects.filter(broker_id=broker_id)
        .annotate(
            first_read_at=Min("reads__read_at", filter=~Q(reads__user__role="staff")),
        )
        .prefetch_related(notifications)
        .order_by("-created_at", "-id")
    )
    return list(messages[:RECENT_LIMIT])


@dataclass
class IntakeSummary:
    submissions: list[Tally]
    claims: list[Tally]
    recent_claims: list[Claim]

    @property
    def claims_total(self) -> int:
        return sum(t.count for t in self.claims)


def broker_intake_summary(*, broker_id: int) -> IntakeSummary:
    """Submissions by verdict, claims by status, and the latest claims (ids and status:
    the case page shows the consumer)."""
    submissions = (
        Submission.objects.filter(broker_id=broker_id)
        .values("verdict")
        .annotate(n=Count("id"))
        .order_by()
    )
    claims = Claim.objects.filter(broker_id=broker_id).values("status").annotate(n=Count("id"))
    recent = (
        Claim.objects.filter(broker_id=broker_id)
        .only("id", "status", "created_at", "needs_review", "submission_id")
        .order_by("-created_at", "-id")
    )
    return IntakeSummary(
        submissions=_tallies(submissions, "verdict", Submission.Verdict.choices),
        claims=_tallies(claims.order_by(), "status", Claim.Status.choices),
        recent_claims=list(recent[:RECENT_LIMIT]),
    )


def broker_incidents(*, broker_id: int) -> list[PrivacyIncident]:
    incidents = PrivacyIncident.objects.filter(broker_id=broker_id).select_related("report")
    return list(incidents.order_by("-discovered_at", "-id")[:RECENT_LIMIT])
