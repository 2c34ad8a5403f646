"""Ages for the dashboard: business days between two dates and the buckets of an aging
chart. Pure."""

from __future__ import annotations

from collections.abc import Iterable

# Business days skip weekends and Minnesota state holidays (core.business_days).
from aordesk.core.business_days import business_days_between as business_days_between

# (label, lowest age, highest age or None for no limit), in business days.
QUEUE_AGE_BUCKETS = (("0-2", 0, 2), ("3-5", 3, 5), ("6-10", 6, 10), (">10", 11, None))
# Held AORs age in calendar days since the association was received.
HELD_AGE_BUCKETS = (("0-7", 0, 7), ("8-30", 8, 30), ("31-90", 31, 90), (">90", 91, None))

Bucket = tuple[str, int, int | None]


def bucket_label(age: int, buckets: Iterable[Bucket]) -> str:
    for label, low, high in buckets:
        if age >= low and (high is None or age <= high):
            return label
    raise ValueError(f"age {age} is in no bucket")


def bucketed(ages: Iterable[tuple[int, int]], buckets: Iterable[Bucket]) -> dict[str, int]:
    """Counts by bucket label, every bucket present, from (age, count) pairs."""
    buckets = list(buckets)
    counts = {label: 0 for label, _, _ in buckets}
    for age, count in ages:
        counts[bucket_label(age, buckets)] += count
    return counts
