"""The staff dashboard page: parse nothing but the optional month, read, draw, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from aordesk.core.dates import business_today, format_month, month_label
from aordesk.dashboard import charts, selectors
from aordesk.dashboard.carrier_exchange import carrier_exchange_context
from aordesk.messaging.inbox import answer_target, inbox_counts
from aordesk.portal.permissions import staff_only
from aordesk.reconciliation.selectors import reconciliations_latest


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    staff_only(request, "dashboard")
    today = business_today()
    month = selectors.dashboard_month(today=today)
    queue = selectors.queue_overview(today=today)
    determinations = selectors.determinations_by_month(today=today)
    held = selectors.held_aors_by_age(as_of=today)
    context = {
        "today": today,
        "month_label": month_label(month),
        "cycle": selectors.cycle_overview(month=month),
        "queue": queue,
        "queue_chart": _queue_chart(queue.aging),
        "determinations": determinations,
        "determination_rows": _determination_rows(determinations),
        "determinations_chart": _determinations_chart(determinations),
        "rates": selectors.discrepancy_rates(today=today),
        "held": held,
        "held_total": sum(held.values()),
        "held_chart": _held_chart(held),
        "rosters": reconciliations_latest(),
        **carrier_exchange_context(today=today),
        "inbox": inbox_counts(today=today),
        "inbox_target": answer_target(),
    }
    return render(request, "dashboard/dashboard.html", context)


def _queue_chart(aging: dict[str, int]) -> str:
    return mark_safe(  # noqa: S308  (charts escapes every text it draws)
        charts.bar_chart(
            title="Open claims by business days in the queue",
            desc="Bars of open claims for 0-2, 3-5, 6-10 and more than 10 business days.",
            labels=list(aging),
            values=list(aging.values()),
            x_label="Business days in the queue",
            y_label="Open claims",
        )
    )


def _determinations_chart(data: selectors.DeterminationsByMonth) -> str:
    series = [charts.Series(code, data.counts[code]) for code in data.codes]
    return mark_safe(  # noqa: S308  (charts escapes every text it draws)
        charts.stacked_bar_chart(
            title="Determinations by broker code per month",
            desc="Current determinations of the last 12 months, stacked by broker code.",
            labels=[f"{month:%b %y}" for month in data.months],
            series=series,
            x_label="Month decided",
            y_label="Determinations",
        )
    )


def _determination_rows(data: selectors.DeterminationsByMonth) -> list[tuple[str, list[int]]]:
    return [
        (format_month(month), [data.counts[code][i] for code in data.codes])
        for i, month in enumerate(data.months)
    ]


def _held_chart(held: dict[str, int]) -> str:
    return mark_safe(  # noqa: S308  (charts escapes every text it draws)
        charts.bar_chart(
            title="Held AOR lines by age",
            desc="Held AOR lines by calendar days since the association was received.",
            labels=list(held),
            values=list(held.values()),
            x_label="Days since received",
            y_label="Held lines",
        )
    )
