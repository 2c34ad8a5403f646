"""The embedded demo: synthetic data, the carrier AOR files of every month up to the demo
month, then the monthly cycle and its notifications. Every step is idempotent, so running
the demo again only does what is not done yet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from aordesk.aor.models import AorAssociation
from aordesk.aor.selectors import carrier_month_gate
from aordesk.aor.services import aor_send
from aordesk.core.audit import Actor
from aordesk.core.dates import month_end, next_month_start
from aordesk.core.demo_carriers import demo_carriers_acknowledge
from aordesk.cycle.runner import RunSummary, cycle_run
from aordesk.messaging.outbox import outbox_drain
from aordesk.seed.services import SeedSummary, seed_market

# Carriers get AOR files weekly; the last weekday of the month carries the final file.
WEEKLY_SEND_DAYS = (8, 15, 22)


@dataclass
class DemoResult:
    month: dt.date
    seed: SeedSummary | None = None
    files_sent: int = 0
    lines_sent: int = 0
    files_acknowledged: int = 0
    months_replayed: list[str] = field(default_factory=list)
    cycle: RunSummary | None = None
    notifications_sent: int = 0


def last_weekday(month: dt.date) -> dt.date:
    day = month_end(month)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def send_days(month: dt.date) -> list[tuple[dt.date, bool]]:
    """The month's send dates, each with whether it is the carrier's final file."""
    weekly = [(month.replace(day=d), False) for d in WEEKLY_SEND_DAYS]
    return [*weekly, (last_weekday(month), True)]


def months_to_replay(*, through: dt.date) -> Iterator[dt.date]:
    """Every month from the first association received up to the demo month, except those
    whose final files are already out for every carrier."""
    first = AorAssociation.objects.order_by("received_on").values_list("received_on", flat=True)
    start = first.first()
    month = (start or through).replace(day=1)
    while month <= through:
        if not all(status.closed for status in carrier_month_gate(month=month)):
            yield month
        month = next_month_start(month)


def demo_run(
    *, month: dt.date, households: int, brokers: int, seed: int, workers: int, actor: Actor
) -> DemoResult:
    result = DemoResult(month=month)
    result.seed = seed_market(
        brokers=brokers,
        households=households,
        year=month.year,
        seed=seed,
        through=month,
        actor=actor,
    )
    for replay in months_to_replay(through=month):
        result.months_replayed.append(f"{replay:%Y-%m}")
        for day, final in send_days(replay):
            sent = aor_send(send_date=day, final_for_month=final, actor=actor)
            result.files_sent += len(sent.transmissions)
            result.lines_sent += sent.lines
    result.files_acknowledged = demo_carriers_acknowledge(actor=actor)
    result.cycle = cycle_run(month=month, actor=actor, workers=workers)
    result.notifications_sent = outbox_drain(actor=actor).sent
    return result
