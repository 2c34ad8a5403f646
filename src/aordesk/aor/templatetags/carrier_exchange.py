"""Template tags for the broker's desk: the carrier's acknowledgement per Date Sent and
appointment flags. Each reads the page's `scope` (desk.scope.Scope: whose desk) and, on a
month's page, `month`; usage: {% load carrier_exchange %}{% desk_carrier_exchange %}."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from aordesk.aor.desk_selectors import appointment_flags, date_sent_acknowledgements
from aordesk.core.dates import business_today

register = template.Library()
RECENT = 6
# On the home page, flags of the last months only: older commissions are long settled.
FLAG_LOOKBACK_DAYS = 120


@register.inclusion_tag("aor/_desk_carrier_exchange.html", takes_context=True)
def desk_carrier_exchange(context: template.Context) -> dict[str, Any]:
    scope = context.get("scope")
    month = context.get("month")
    if scope is None:
        return {"acknowledgements": [], "flags": [], "shown": False}
    broker_ids = list(scope.brokers().values_list("pk", flat=True))
    # Without a month (the desk's home), the latest few Date Sent only.
    limit = 60 if month is not None else RECENT
    return {
        "shown": True,
        "acknowledgements": date_sent_acknowledgements(
            broker_ids=broker_ids, month=month, limit=limit
        ),
        "flags": appointment_flags(
            broker_ids=broker_ids,
            month=month,
            since=business_today() - dt.timedelta(days=FLAG_LOOKBACK_DAYS),
        ),
        "agency_view": getattr(scope, "is_agency_view", False),
        "month": month,
    }
