"""The dashboard's carrier exchange section: files without an acknowledgement after the
configured business days, and lines sent while the broker was not appointed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from aordesk.aor.ack_selectors import not_appointed_lines, unacknowledged_files

# Flags older than this are history: the commission question is settled by then.
NOT_APPOINTED_LOOKBACK_DAYS = 120


def carrier_exchange_context(*, today: dt.date) -> dict[str, Any]:
    days = settings.AORDESK_ACK_OVERDUE_BUSINESS_DAYS
    overdue = unacknowledged_files(today=today, business_days=days)
    by_carrier: dict[str, list[Any]] = {}
    for f in overdue:
        by_carrier.setdefault(f"{f.carrier_name} ({f.carrier_code})", []).append(f)
    since = today - dt.timedelta(days=NOT_APPOINTED_LOOKBACK_DAYS)
    return {
        "ack_overdue_days": days,
        "ack_overdue": by_carrier,
        "not_appointed": not_appointed_lines(since=since, limit=50),
    }
