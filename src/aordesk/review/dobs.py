"""How two dates of birth relate, and the near misses a claim's DOB may stand for. Pure.

People mistype dates the way they mistype names: one digit wrong (1984 -> 1985, 07 -> 08),
two neighbouring digits swapped (1948 for 1984), day and month swapped (03/07 for 07/03).
Each is a near miss: evidence for the same person, weaker than an exact date. Digits are
read in the YYYYMMDD order, so "a year off by one digit" is one digit changed in the year.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

EXACT, SWAPPED, NEAR, DIFFERS = "exact", "swapped", "near", "differs"


def _digits(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _date(digits: str) -> dt.date | None:
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _transposed(left: str, right: str) -> bool:
    diff = [i for i in range(len(left)) if left[i] != right[i]]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and left[diff[0]] == right[diff[1]]
        and left[diff[1]] == right[diff[0]]
    )


@lru_cache(maxsize=65536)
def dob_relation(claimed: dt.date, recorded: dt.date) -> str:
    """'exact', 'swapped' (day and month), 'near' (one digit, or two neighbours swapped)
    or 'differs'."""
    if claimed == recorded:
        return EXACT
    if (claimed.year, claimed.month, claimed.day) == (recorded.year, recorded.day, recorded.month):
        return SWAPPED
    left, right = _digits(claimed), _digits(recorded)
    changed = sum(a != b for a, b in zip(left, right, strict=True))
    if changed == 1 or _transposed(left, right):
        return NEAR
    return DIFFERS


@lru_cache(maxsize=4096)
def near_dobs(dob: dt.date) -> tuple[dt.date, ...]:
    """Every valid date one near miss from `dob` (day/month swap included), for blocking."""
    digits = _digits(dob)
    found: set[dt.date] = set()
    for i in range(8):
        for digit in "0123456789":
            if digit != digits[i]:
                found.add(_date(digits[:i] + digit + digits[i + 1 :]) or dob)
        if i < 7:
            swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
            found.add(_date(swapped) or dob)
    if dob.day <= 12:
        found.add(dob.replace(month=dob.day, day=dob.month))
    found.discard(dob)
    return tuple(sorted(found))
