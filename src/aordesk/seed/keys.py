"""Natural keys of seeded rows, derived from positions so a rerun finds what it made. Pure."""

from __future__ import annotations

import datetime as dt

# Fixed width keeps case numbers in numeric order when compared as text, so one range
# query finds which households of a chunk already exist.
CASE_NUMBER_BASE = 10_000_000
CASE_NUMBER_MAX_INDEX = 89_999_999


def case_number(index: int) -> str:
    if not 0 <= index <= CASE_NUMBER_MAX_INDEX:
        raise ValueError(f"household index {index} is outside the seeded case-number range")
    return str(CASE_NUMBER_BASE + index)


def enrollment_id(*, case: str, year: int, kind: str) -> str:
    """'2026M10000042': coverage year, M(edical) or D(ental), case number."""
    return f"{year}{'D' if kind == 'dental' else 'M'}{case}"


def association_reference(*, case: str, sequence: int) -> str:
    return f"AOR-{case}-{sequence}"


def enrollment_batch_id(*, carrier: str, sent_on: dt.date) -> str:
    """One enrollment file per carrier per day, as the exchange sends them."""
    return f"ENR-{carrier}-{sent_on:%Y%m%d}"


def agency_code(index: int) -> str:
    return f"AG{index + 1:03d}"
