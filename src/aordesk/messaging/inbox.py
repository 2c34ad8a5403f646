"""Reads of the staff inbox: the threads that await the Broker Team, oldest first, with
their age in business days against the answer target; one thread's whole conversation;
the counts the dashboard and a broker's page show. Staff only (the views check)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet

from aordesk.accounts.models import User
from aordesk.core.business_days import business_days_between, overdue_before
from aordesk.core.dates import CHICAGO, business_date
from aordesk.messaging.models import Message, Thread


def answer_target() -> int:
    return int(settings.MESSAGES_ANSWER_TARGET_BUSINESS_DAYS)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=CHICAGO)


def overdue_filter(today: dt.date) -> Q:
    """Threads awaiting an answer for more than the target, as of `today`."""
    cutoff = _day_start(overdue_before(today, answer_target()))
    return Q(status=Thread.Status.AWAITING, waiting_since__lt=cutoff)


@dataclass(frozen=True)
class InboxFilter:
    """What the inbox shows: all open threads unless narrowed."""

    needs_answer: bool = True
    mine: User | None = None
    overdue: bool = False
    broker: str = ""  # an NPN, or part of a broker's name
    agency: str = ""  # an agency code, or part of its name


def _text_filters(chosen: InboxFilter) -> Q:
    q = Q()
    if words := chosen.broker.strip():
        named = Q(broker__npn=words)
        for word in words.split():
            named |= Q(broker__last_name__icontains=word) | Q(broker__first_name__icontains=word)
        q &= named
    if words := chosen.agency.strip():
        q &= (
            Q(agency__code__iexact=words)
            | Q(agency__name__icontains=words)
            | Q(broker__agency__code__iexact=words)
            | Q(broker__agency__name__icontains=words)
        )
    return q


def inbox_threads(*, chosen: InboxFilter, today: dt.date) -> QuerySet[Thread]:
    """Awaiting threads first (oldest wait first), then the others by latest message."""
    threads = Thread.objects.select_related("broker", "agency", "assignee", "broker__agency")
    if chosen.needs_answer:
        threads = threads.filter(status=Thread.Status.AWAITING)
    if chosen.mine is not None:
        threads = threads.filter(assignee=chosen.mine)
    if chosen.overdue:
        threads = threads.filter(overdue_filter(today))
    threads = threads.filter(_text_filters(chosen)).annotate(messages=Count("thread_messages"))
    # NULLs last on every database: SQLite would put the answered threads first.
    return threads.order_by(F("waiting_since").asc(nulls_last=True), "-last_message_at", "id")


def thread_age(thread: Thread, today: dt.date) -> int | None:
    """Business days the thread has awaited an answer (None when it awaits none)."""
    if thread.waiting_since is None:
        return None
    return business_days_between(business_date(thread.waiting_since), today)


def thread_overdue(thread: Thread, today: dt.date) -> bool:
    age = thread_age(thread, today)
    return age is not None and age > answer_target()


def thread_for_staff(*, pk: int) -> Thread | None:
    return (
        Thread.objects.select_related("broker", "agency", "assignee", "closed_by", "root")
        .filter(pk=pk)
        .first()
    )


def thread_messages(*, thread: Thread) -> QuerySet[Message]:
    """Both sides, oldest first, with who wrote each and its files; with what another
    workflow posted in reply to one of them since (a reminder, a corrected report)."""
    return (
        Message.objects.filter(Q(thread=thread) | Q(in_reply_to__thread=thread))
        .select_related("created_by")
        .prefetch_related("attachments__artifact")
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class InboxCounts:
    awaiting: int
    overdue: int


def inbox_counts(*, today: dt.date, broker_id: int | None = None) -> InboxCounts:
    """Threads awaiting an answer and, of those, overdue ones: one query."""
    threads = Thread.objects.filter(status=Thread.Status.AWAITING)
    if broker_id is not None:
        threads = threads.filter(broker_id=broker_id)
    counts = threads.aggregate(
        awaiting=Count("id"), overdue=Count("id", filter=overdue_filter(today))
    )
    return InboxCounts(awaiting=counts["awaiting"], overdue=counts["overdue"])


def broker_threads(*, broker_id: int, limit: int = 20) -> QuerySet[Thread]:
    """A broker's threads for their directory page, latest first."""
    return (
        Thread.objects.filter(broker_id=broker_id)
        .select_related("assignee")
        .order_by("-last_message_at", "-id")[:limit]
    )


def thread_of_message(*, message: Message) -> Thread | None:
    if message.thread_id is None:
        return None
    return Thread.objects.filter(pk=message.thread_id).first()
