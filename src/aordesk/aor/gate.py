"""The month-close gate: a carrier's month is closed once its final AOR file of the month
is out. Reports for month M wait until every active carrier is closed. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CarrierMonthStatus:
    carrier_code: str
    carrier_name: str
    files_in_month: int
    lines_in_month: int
    final_sent_on: dt.date | None

    @property
    def closed(self) -> bool:
        return self.final_sent_on is not None


def gate_open_carriers(statuses: Iterable[CarrierMonthStatus]) -> list[str]:
    """Codes of the carriers whose final file of the month is not out yet."""
    return [status.carrier_code for status in statuses if not status.closed]
