"""Deterministic synthetic rows for the benchmarks, shared by the dataset builder and the
floor so both write the same values. Pure: no Django."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FIRST = (
    "Avery",
    "Jordan",
    "Kai",
    "Rowan",
    "Emery",
    "Quinn",
    "Skyler",
    "Harper",
    "Reese",
    "Dakota",
    "Marlo",
    "Tatum",
    "Sawyer",
    "Lennox",
    "Briar",
    "Oakley",
)
LAST = (
    "Lindqvist",
    "Okonkwo-Hale",
    "Brennholt",
    "Vasquez-Orr",
    "Thorsby",
    "Amundrud",
    "Kesselring",
    "Nyquist",
    "Halvorsrud",
    "Pettibone",
    "Marchetti",
    "Sandvik",
)
CARRIERS = (
    ("BCBSMN", "Blue Cross and Blue Shield of Minnesota"),
    ("HP", "HealthPartners"),
    ("MEDICA", "Medica"),
    ("QUARTZ", "Quartz"),
    ("UCARE", "UCare"),
)
PROGRAMS = ("qhp_aptc", "qhp")
PROGRAM_LABELS = {"qhp_aptc": "QHP with financial help", "qhp": "QHP without financial help"}


@dataclass(frozen=True)
class Shape:
    lines: int
    brokers: int
    agencies: int
    month: dt.date  # first day of the month whose AOR files are benchmarked

    @property
    def send_days(self) -> tuple[dt.date, ...]:
        return tuple(self.month.replace(day=d) for d in (7, 14, 21, 28))


def broker_of_line(i: int, shape: Shape) -> int:
    return i % shape.brokers


def agency_of_broker(b: int, shape: Shape) -> int | None:
    """Four in five brokers belong to an agency."""
    return None if b % 5 == 4 else b % shape.agencies


def person(i: int) -> tuple[str, str, dt.date]:
    first = FIRST[i % len(FIRST)]
    last = f"{LAST[(i // 16) % len(LAST)]}{i % 997}"
    dob = dt.date(1950, 1, 1) + dt.timedelta(days=(i * 7919) % 20000)
    return first, last, dob


def carrier_of_line(i: int) -> int:
    return (i // 3) % len(CARRIERS)


def sent_on_of_line(i: int, shape: Shape) -> dt.date:
    return shape.send_days[i % 4]


def broker_name(b: int) -> str:
    return f"{FIRST[(b * 5) % len(FIRST)]} {LAST[b % len(LAST)]}b{b}"
