"""The report row selection rule and the cycle's other decisions. Pure: no Django.

Month M's report and statements cover enrollments of coverage year M.year whose AOR was sent
to the carrier in M. Next-year enrollments sent during open enrollment wait for the first
report of their coverage year, January (ADR 0003)."""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from aordesk.core.dates import format_month, month_end
from aordesk.core.errors import ApplicationError

EMPTY_NOTE = "No AOR was sent to a carrier for you in {label}."


def gate_sentence(*, month_label: str, open_names: Sequence[str]) -> str:
    """What the month-close gate means for the reports, in words (never "open"/"closed",
    which read either way round)."""
    if not open_names:
        return f"Every carrier's final AOR file of {month_label} is out: reports can be built."
    return (
        f"Still waiting for the final AOR file of {month_label} from {', '.join(open_names)}: "
        "reports cannot be built until then (or with --override-gate REASON)."
    )


# A worker that has not finished a unit within the lease is presumed dead.
LEASE = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class SendWindow:
    """Lines of `coverage_year` sent on a day in [first, last]; `first` None is unbounded."""

    coverage_year: int
    first: dt.date | None
    last: dt.date

    def contains(self, *, coverage_year: int, sent_on: dt.date) -> bool:
        if coverage_year != self.coverage_year or sent_on > self.last:
            return False
        return self.first is None or sent_on >= self.first


def month_window(month: dt.date) -> SendWindow:
    """The lines of month M's report. January also takes the open-enrollment sends of the
    previous autumn for its own coverage year: nothing else ever reports them (ADR 0003)."""
    first = None if month.month == 1 else month
    return SendWindow(coverage_year=month.year, first=first, last=month_end(month))


def year_to_date_window(month: dt.date) -> SendWindow:
    """Every line of M's coverage year sent through the end of M (the statement's YTD and
    the test of whether a broker has current-year AORs at all)."""
    return SendWindow(coverage_year=month.year, first=None, last=month_end(month))


U = TypeVar("U")


def batch_prefix(items: Sequence[U], *, rows: Callable[[U], int], limit: int) -> list[U]:
    """The leading items whose rows add up to at most `limit`; always the first one, so a
    unit bigger than any batch is still taken (alone)."""
    taken: list[U] = []
    total = 0
    for item in items:
        total += rows(item)
        if taken and total > limit:
            break
        taken.append(item)
    return taken


def batches(
    items: Sequence[U], *, rows: Callable[[U], int], units: int, limit: int
) -> list[list[U]]:
    """`items` cut, in order, into the batches a worker would claim: at most `units` items
    each, and at most `limit` rows unless one item alone is bigger."""
    out: list[list[U]] = []
    start = 0
    while start < len(items):
        taken = batch_prefix(items[start : start + units], rows=rows, limit=limit)
        out.append(list(taken))
        start += len(taken)
    return out


R = TypeVar("R", bound=tuple)


def first_per_key(rows: Iterable[R], *, key: Callable[[R], object]) -> Iterator[R]:
    """One row per enrollment: an enrollment sent twice for the same broker in one window
    (a second association of the same broker) is one consumer line, the first one kept."""
    seen: set[object] = set()
    for row in rows:
        value = key(row)
        if value in seen:
            continue
        seen.add(value)
        yield row


def report_path(*, month: dt.date, npn: str, version: int) -> str:
    label = format_month(month)
    return f"reports/{label}/{npn}/aor-report-{label}-v{version}.xlsx"


def broker_statement_path(*, month: dt.date, npn: str, version: int) -> str:
    label = format_month(month)
    return f"statements/{label}/broker-{npn}/aor-statement-{label}-v{version}.xlsx"


def agency_statement_path(*, month: dt.date, agency_code: str, version: int) -> str:
    label = format_month(month)
    return f"statements/{label}/agency-{agency_code}/aor-agency-statement-{label}-v{version}.xlsx"


def worker_id_new(tag: str = "w") -> str:
    """host:pid:tag, so a rerun on the same host can tell a dead worker from a live one."""
    return f"{socket.gethostname()}:{os.getpid()}:{tag}"[:100]


def worker_is_dead_here(worker_id: str) -> bool:
    """True only when the worker ran on this host and its process is gone. A reused pid
    reads as alive: the unit then waits for its lease, which is safe."""
    host, _, rest = worker_id.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def unit_is_stale(*, claimed_by: str, claimed_at: dt.datetime | None, now: dt.datetime) -> bool:
    if claimed_at is None:  # cannot happen (a constraint), but unclaimed is not held
        return True
    return now - claimed_at > LEASE or worker_is_dead_here(claimed_by)


def error_summary(exc: BaseException) -> str:
    """What a failed unit records: the exception class and, for our own errors, the
    message. Other messages may quote a row (a name in an IntegrityError), so they stay out."""
    text = type(exc).__name__
    if isinstance(exc, ApplicationError):
        text += f": {exc.message}"
    return text[:300]
