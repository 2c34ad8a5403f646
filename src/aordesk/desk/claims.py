"""Reads of the desk's claims page: every file the broker returned, and each claim in it as
the broker wrote it, in plain words, with the broker-facing determination only (never our
internal code or anything from our records), and when to expect an answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Func, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate

from aordesk.core.dates import CHICAGO, add_business_days, business_date
from aordesk.desk import estimate as est
from aordesk.desk.scope import Scope
from aordesk.intake.models import Claim, Submission
from aordesk.messaging.models import Attachment
from aordesk.review.models import Decision, InfoRequest
from aordesk.review.reminders import REMINDER_BUSINESS_DAYS

PLAIN_STATUS = {
    Claim.Status.NEW: "Received",
    Claim.Status.IN_REVIEW: "In review",
    Claim.Status.AWAITING_BROKER: "Waiting for you",
    Claim.Status.DECIDED: "Decided",
}
# The claims still to be worked by the Broker Team (a claim waiting for its broker is not).
IN_LINE = (Claim.Status.NEW, Claim.Status.IN_REVIEW)
PACE_CACHE_SECONDS = 300


@dataclass(frozen=True)
class DeskClaim:
    claim: Claim
    status_text: str
    determination: str
    explanation: str
    needed: str
    needed_by: dt.date | None
    ahead: int | None
    expected: est.Estimate | None


@dataclass(frozen=True)
class DeskSubmission:
    submission: Submission
    claims: list[DeskClaim]
    acknowledgement_attachment_id: int | None


def submissions_page(scope: Scope, *, number: str | None, today: dt.date) -> Page:
    """A page of the scope's returned files, newest first, each with its claims."""
    submissions = (
        Submission.objects.filter(broker__in=scope.brokers())
        .select_related("broker")
        .order_by("-received_at", "-pk")
    )
    page = Paginator(submissions, 10).get_page(number)
    subs = list(page.object_list)
    claims = _claims_of([s.pk for s in subs])
    pace = team_pace(today=today)
    acks = _ack_attachments([s.acknowledgement_id for s in subs if s.acknowledgement_id])
    items = [
        DeskSubmission(
            s,
            [_desk_claim(c, pace, today) for c in claims if c.submission_id == s.pk],
            acks.get(s.acknowledgement_id or 0),
        )
        for s in subs
    ]
    return Page(items, page.number, page.paginator)


def _claims_of(submission_ids: list[int]) -> list[Claim]:
    return list(
        Claim.objects.filter(submission_id__in=submission_ids)
        .select_related("carrier", "row", "submission")
        .annotate(ahead=_ahead())
        .prefetch_related(
            Prefetch(
                "decisions", Decision.objects.filter(is_current=True), to_attr="current_decisions"
            ),
            Prefetch(
                "info_requests",
                InfoRequest.objects.filter(answered_at__isnull=True).order_by("-requested_at"),
                to_attr="open_requests",
            ),
        )
        .order_by("submission_id", "row__ordinal", "pk")
    )


def _ahead() -> Coalesce:
    """How many claims the Broker Team works before this one (first in, first out)."""
    earlier = Claim.objects.filter(status__in=IN_LINE).filter(
        Q(submission__queue_position__lt=OuterRef("submission__queue_position"))
        | Q(
            submission__queue_position=OuterRef("submission__queue_position"),
            row__ordinal__lt=OuterRef("row__ordinal"),
        )
    )
    # COUNT as a plain function, so the subquery has no GROUP BY: one number per claim.
    counted = earlier.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _desk_claim(claim: Claim, pace: est.Pace, today: dt.date) -> DeskClaim:
    decision = next(iter(claim.current_decisions), None)  # type: ignore[attr-defined]
    request = next(iter(claim.open_requests), None)  # type: ignore[attr-defined]
    waiting = claim.status == Claim.Status.AWAITING_BROKER and request is not None
    in_line = claim.status in IN_LINE
    ahead = claim.ahead if in_line else None  # type: ignore[attr-defined]
    return DeskClaim(
        claim=claim,
        status_text=PLAIN_STATUS[Claim.Status(claim.status)],
        determination=decision.broker_code if decision else "",
        explanation=decision.broker_explanation if decision else "",
        needed=request.needed if waiting and request else "",
        needed_by=_answer_by(request) if waiting and request else None,
        ahead=ahead,
        expected=est.estimate(ahead=ahead, pace=pace, today=today) if ahead is not None else None,
    )


def _answer_by(request: InfoRequest) -> dt.date:
    return add_business_days(business_date(request.requested_at), REMINDER_BUSINESS_DAYS)


def _ack_attachments(artifact_ids: list[int]) -> dict[int, int]:
    rows = Attachment.objects.filter(
        artifact_id__in=artifact_ids, status=Attachment.Status.AVAILABLE
    ).values_list("artifact_id", "pk")
    return dict(rows)


def team_pace(*, today: dt.date) -> est.Pace:
    """Claims decided on each of the last 20 business days (cached a few minutes: every
    broker's page reads the same figure)."""
    key = f"desk:pace:{today.isoformat()}"
    per_day = cache.get(key)
    if per_day is None:
        per_day = _pace_read(today)
        cache.set(key, per_day, PACE_CACHE_SECONDS)
    return est.Pace(per_day=per_day)


def _pace_read(today: dt.date) -> list[int]:
    first = est.business_days_back(today, est.WINDOW_BUSINESS_DAYS)
    start = dt.datetime.combine(first, dt.time.min, tzinfo=CHICAGO)
    end = dt.datetime.combine(today, dt.time.min, tzinfo=CHICAGO)
    grouped = (
        Decision.objects.filter(decided_at__gte=start, decided_at__lt=end)
        .annotate(day=TruncDate("decided_at", tzinfo=CHICAGO))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    counts = dict(grouped)
    days = []
    day = first
    while day < today:
        if day.weekday() < 5:
            days.append(counts.get(day, 0))
        day += dt.timedelta(days=1)
    return days


def open_claims_summary(scope: Scope) -> dict[str, int]:
    """Counts of the scope's undecided claims by plain status, for the landing page."""
    grouped = (
        Claim.objects.filter(broker__in=scope.brokers())
        .exclude(status=Claim.Status.DECIDED)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {PLAIN_STATUS[Claim.Status(g["status"])]: g["n"] for g in grouped}


def next_expected(scope: Scope, *, today: dt.date) -> est.Estimate | None:
    """The expected range of the scope's earliest claim in line, if any."""
    claim = (
        Claim.objects.filter(broker__in=scope.brokers(), status__in=IN_LINE)
        .select_related("submission", "row")
        .annotate(ahead=_ahead())
        .order_by("submission__queue_position", "row__ordinal", "pk")
        .first()
    )
    if claim is None:
        return None
    return est.estimate(ahead=claim.ahead, pace=team_pace(today=today), today=today)
