"""Cycle operations for the Broker Team: a month's gate and units, start or resume the cycle
(which also retries failed units), and resend failed notifications. Each action queues a
task for `aordesk worker`; the page shows the progress."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from aordesk.core.dates import business_date, format_month, parse_month, previous_month_start
from aordesk.core.errors import ApplicationError
from aordesk.cycle import operations, selectors
from aordesk.cycle.forms import CycleStartForm
from aordesk.messaging.models import Notification
from aordesk.messaging.selectors import notifications_needing_staff
from aordesk.portal.permissions import deny, staff_only, web_actor

FAILED_SHOWN = 50


def _month(text: str | None) -> dt.date:
    try:
        return parse_month(text or "")
    except (ValueError, ApplicationError):
        return previous_month_start(business_date(timezone.now()))


@login_required
def cycle_operations(request: HttpRequest) -> HttpResponse:
    staff_only(request, "cycle_operations")
    month = _month(request.GET.get("month"))
    return _page(request, month, CycleStartForm())


def _page(request: HttpRequest, month: dt.date, form: CycleStartForm, status: int = 200):
    cycle = selectors.cycle_for_month(month=month)
    counts = selectors.cycle_unit_counts(cycle=cycle) if cycle else None
    working = bool(counts and (counts["pending"] or counts["building"]))
    context = {
        "month": month,
        "month_text": format_month(month),
        "gate": selectors.month_gate(month=month),
        "cycle": cycle,
        "counts": counts,
        "failed_units": selectors.cycle_units_failed(cycle=cycle)[:FAILED_SHOWN] if cycle else [],
        "working": working,
        "form": form,
        "notifications": notifications_needing_staff()[:FAILED_SHOWN],
    }
    return render(request, "cycle/operations.html", context, status=status)


@login_required
@require_POST
def cycle_start(request: HttpRequest, month: str) -> HttpResponse:
    staff_only(request, "cycle_start")
    try:
        first = parse_month(month)
    except ValueError:
        # A month in the path names the cycle to start: never fall back to another one.
        raise Http404("Not a month") from None
    form = CycleStartForm(request.POST)
    if form.is_valid():
        try:
            overridden = operations.cycle_start_request(
                month=first,
                override_reason=form.cleaned_data["override_reason"],
                actor=web_actor(request),
            )
        except ApplicationError as exc:
            form.add_error("override_reason", exc.message)
        else:
            note = " (gate overridden)" if overridden else ""
            flash.success(request, f"The cycle for {format_month(first)} is queued{note}.")
            return redirect(f"{reverse('cycle:operations')}?month={format_month(first)}")
    return _page(request, first, form, status=400)


@login_required
@require_POST
def notification_resend(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request, "notification_resend")
    try:
        operations.notification_resend(notification_id=pk, actor=web_actor(request))
    except Notification.DoesNotExist:
        deny(request, object_type="notification", object_id=pk)
    except ApplicationError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, f"Notification {pk} will be sent again.")
    return redirect(f"{reverse('cycle:operations')}?month={request.POST.get('month', '')}")
