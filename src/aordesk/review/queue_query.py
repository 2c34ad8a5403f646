"""What the queue page shows: open claims by default, narrowed by status, age band (business
days since the file was received, Minnesota holidays skipped), broker, proposal code and
"confident", in queue order or by age. Reads only; the page slices the ids it returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet

from aordesk.core.business_days import business_days_between, overdue_before
from aordesk.core.dates import CHICAGO, business_date
from aordesk.dashboard.rules import QUEUE_AGE_BUCKETS
from aordesk.intake.models import Claim
from aordesk.review.models import InfoRequest
from aordesk.review.selectors import FIFO, queue_claims

OPEN = "open"
ANY = "all"
AGE_BANDS = {label: (low, high) for label, low, high in QUEUE_AGE_BUCKETS}
SORTS = {
    "queue": FIFO,
    "oldest": ("submission__received_at", *FIFO),
    "newest": ("-submission__received_at", *FIFO),
}


def review_target() -> int:
    return int(settings.REVIEW_TARGET_BUSINESS_DAYS)


@dataclass(frozen=True)
class QueueQuery:
    status: str = OPEN  # OPEN, ANY, or one Claim.Status
    age_band: str = ""  # a key of AGE_BANDS
    broker: str = ""  # an NPN, or part of a broker's name
    proposal_code: str = ""  # an internal code
    confident: bool | None = None
    answered: bool = False  # only claims whose broker answered a request
    submission_id: int | None = None
    sort: str = "queue"


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=CHICAGO)


def age_band_filter(band: str, today: dt.date) -> Q:
    """Claims whose file is `low` to `high` business days old on `today`."""
    low, high = AGE_BANDS[band]
    q = Q()
    if high is not None:
        q &= Q(submission__received_at__gte=_day_start(overdue_before(today, high)))
    if low > 0:
        q &= Q(submission__received_at__lt=_day_start(overdue_before(today, low - 1)))
    return q


def answered_marker() -> Exists:
    """The broker answered an information request and the claim waits in the queue again."""
    return Exists(
        InfoRequest.objects.filter(claim=OuterRef("pk"), answered_at__isnull=False).filter(
            claim__status__in=[Claim.Status.NEW, Claim.Status.IN_REVIEW]
        )
    )


def _broker_filter(words: str) -> Q:
    q = Q(broker__npn=words)
    for word in words.split():
        q |= Q(broker__last_name__icontains=word) | Q(broker__first_name__icontains=word)
    return q


def queue_filtered(*, query: QueueQuery, today: dt.date) -> QuerySet[Claim]:
    claims = Claim.objects.all()
    if query.status == OPEN:
        claims = claims.exclude(status=Claim.Status.DECIDED)
    elif query.status != ANY:
        claims = claims.filter(status=query.status)
    if query.age_band in AGE_BANDS:
        claims = claims.filter(age_band_filter(query.age_band, today))
    if words := query.broker.strip():
        claims = claims.filter(_broker_filter(words))
    if query.proposal_code:
        claims = claims.filter(proposal__internal_code=query.proposal_code)
    if query.confident is not None:
        claims = claims.filter(proposal__confident=query.confident)
    if query.answered:
        claims = claims.filter(answered_marker())
    if query.submission_id is not None:
        claims = claims.filter(submission_id=query.submission_id)
    return claims.order_by(*SORTS.get(query.sort, FIFO))


def claim_age(received_at: dt.datetime, today: dt.date) -> int:
    """Business days since the file was received."""
    return business_days_between(business_date(received_at), today)


def queue_query_page(
    *, query: QueueQuery, today: dt.date, number: str | int | None, per_page: int
) -> Page:
    """One page of the filtered queue: the ids first (cheap to skip through), then those
    claims read as queue_claims reads them, each marked `answered`, in the page's order."""
    ids = queue_filtered(query=query, today=today).values_list("pk", flat=True)
    found = Paginator(ids, per_page).get_page(number)
    order = {pk: place for place, pk in enumerate(found.object_list)}
    claims = queue_claims().filter(pk__in=order).annotate(answered=answered_marker())
    return Page(sorted(claims, key=lambda c: order[c.pk]), found.number, found.paginator)
