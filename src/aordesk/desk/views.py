"""The broker's and the agency administrator's desk. Thin: the scope says whose desk it
is, selectors read, every page of consumer data is audited and sent with no-store."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from aordesk.core.dates import business_today
from aordesk.desk import changes as desk_changes
from aordesk.desk import claims as desk_claims
from aordesk.desk import landing
from aordesk.desk import reports as desk_reports
from aordesk.desk.access import audit_look, month_of, no_store
from aordesk.desk.columns import display
from aordesk.desk.rows import SORTS, RowFilter, rows_select
from aordesk.desk.scope import Scope, desk_scope

ROWS_PER_PAGE = 50
BROKERS_PER_PAGE = 25


def _choose(request: HttpRequest, page: str) -> HttpResponse:
    """Staff open a broker's desk by NPN (the desk is the broker's view of their own)."""
    return render(request, "desk/choose.html", {"page_name": page})


def _base(scope: Scope, page: str) -> dict:
    npn_query = f"npn={scope.npn}" if scope.npn and scope.user.role != "broker" else ""
    return {"scope": scope, "npn_query": npn_query, "desk_page": page}


@no_store
def home(request: HttpRequest) -> HttpResponse:
    scope = desk_scope(request, page="home")
    if scope is None:
        return _choose(request, "home")
    today = business_today()
    summary = landing.desk_summary(scope, today=today)
    audit_look(request, scope, page="home", rows=summary.consumers_shown)
    return render(request, "desk/home.html", {**_base(scope, "home"), "summary": summary})


@no_store
def reports(request: HttpRequest) -> HttpResponse:
    scope = desk_scope(request, page="reports")
    if scope is None:
        return _choose(request, "reports")
    months = desk_reports.months_of(scope)
    page: Page[Any]
    month: dt.date | None
    if scope.broker is not None:
        page = Paginator(months, 6).get_page(request.GET.get("page"))
        found = desk_reports.documents_of(scope, months=list(page.object_list))
        month, pager_query = None, ""
    else:
        # An agency's month at a time, a page of its brokers at a time.
        month = _month_chosen(request, months)
        ordered = scope.brokers().order_by("last_name", "first_name", "npn")
        page = Paginator(ordered, BROKERS_PER_PAGE).get_page(request.GET.get("page"))
        chosen = [] if month is None else [month]
        found = desk_reports.documents_of(scope, months=chosen, brokers=list(page.object_list))
        pager_query = f"month={month:%Y-%m}" if month else ""
    audit_look(request, scope, page="reports", documents=sum(len(m.documents) for m in found))
    context = {
        **_base(scope, "reports"),
        "months": found,
        "page": page,
        "all_months": months,
        "month": month,
        "pager_query": pager_query,
    }
    return render(request, "desk/reports.html", context)


def _month_chosen(request: HttpRequest, months: list[dt.date]) -> dt.date | None:
    wanted = request.GET.get("month", "")
    for month in months:
        if f"{month:%Y-%m}" == wanted:
            return month
    return months[0] if months else None


@no_store
def report_rows(request: HttpRequest, month: str) -> HttpResponse:
    first = month_of(month)
    scope = desk_scope(request, page="report")
    if scope is None:
        return _choose(request, "report")
    if scope.broker is None:
        return render(request, "desk/pick_broker.html", {**_base(scope, "reports"), "month": first})
    report = desk_reports.current_report(broker=scope.broker, month=first)
    if report is None:
        raise Http404("Not found")
    index = desk_reports.report_index(report)
    layout, rows = index.layout, index.rows
    wanted = RowFilter.from_params(request.GET)
    kept = rows_select(index, wanted)
    page = Paginator(kept, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    carriers, dates = index.facets()
    audit_look(request, scope, page="report", report=report.pk, rows=len(page.object_list))
    params = {**({"npn": scope.npn} if scope.user.role != "broker" else {}), **wanted.as_params()}
    context = {
        **_base(scope, "reports"),
        "report": report,
        "month": first,
        "layout": layout,
        "page": page,
        "total": len(rows),
        "matching": len(kept),
        "wanted": wanted,
        "carriers": carriers,
        "dates": dates,
        "sorts": list(SORTS),
        "params": params,
        "pager_query": urlencode(params),
        "shown": [
            list(zip(layout.headers, map(display, row), strict=True)) for row in page.object_list
        ],
    }
    return render(request, "desk/report.html", context)


@no_store
def claims(request: HttpRequest) -> HttpResponse:
    scope = desk_scope(request, page="claims")
    if scope is None:
        return _choose(request, "claims")
    today = business_today()
    page = desk_claims.submissions_page(scope, number=request.GET.get("page"), today=today)
    shown = sum(len(s.claims) for s in page.object_list)
    audit_look(request, scope, page="claims", rows=shown)
    return render(
        request, "desk/claims.html", {**_base(scope, "claims"), "page": page, "today": today}
    )


@no_store
def changes(request: HttpRequest) -> HttpResponse:
    scope = desk_scope(request, page="changes")
    if scope is None:
        return _choose(request, "changes")
    today = business_today()
    since = desk_changes.changes_since(brokers=scope.brokers(), today=today)
    ended = Paginator(
        desk_changes.ended_associations(brokers=scope.brokers(), since=since.day), ROWS_PER_PAGE
    ).get_page(request.GET.get("page"))
    held = desk_changes.held_lines(brokers=scope.brokers(), today=today)
    audit_look(request, scope, page="changes", rows=len(ended.object_list) + len(held))
    context = {
        **_base(scope, "changes"),
        "since": since,
        "ended": ended,
        "ended_text": desk_changes.ENDED_TEXT,
        "held": held,
    }
    return render(request, "desk/changes.html", context)
