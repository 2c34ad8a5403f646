"""`{% roster_notice scope %}`: the desk's "CARRIER does not show you" notice (the desk's
slot passes its scope: one broker, or every broker of an agency)."""

from __future__ import annotations

from typing import Any

from django import template

from aordesk.reconciliation.selectors import brokers_roster_notices

register = template.Library()


@register.inclusion_tag("reconciliation/_broker_notice.html")
def roster_notice(scope: Any) -> dict[str, Any]:
    broker_ids = list(scope.brokers().values_list("pk", flat=True))
    return {
        "notices": brokers_roster_notices(broker_ids=broker_ids),
        "agency_view": scope.is_agency_view,
    }
