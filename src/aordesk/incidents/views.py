"""Pages of privacy incidents. Thin: the selectors decide what a user may see, the
services record and correct."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from aordesk.accounts.models import User
from aordesk.core.errors import ApplicationError
from aordesk.cycle.models import BrokerReport, DocumentStatus
from aordesk.incidents import selectors
from aordesk.incidents.forms import IncidentUpdateForm, NotOnMyListForm, StaffReportLookupForm
from aordesk.incidents.models import PrivacyIncident
from aordesk.incidents.services import incident_close, incident_open, incident_update
from aordesk.portal.permissions import consumer_data_page, deny, staff_only, web_actor


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@consumer_data_page("broker_report")
def not_on_my_list(request: HttpRequest, pk: int) -> HttpResponse:
    """A report version's rows to choose from; the chosen ones open a privacy incident."""
    user = _user(request)
    report = selectors.reports_actable_by(user).filter(pk=pk).first()
    if report is None:
        deny(request, object_type="broker_report", object_id=pk)
    current = report.status == DocumentStatus.CURRENT
    if request.method == "POST" and not current:
        return _already_corrected(request, report)
    rows = selectors.report_rows(report=report) if current else []
    form = NotOnMyListForm(request.POST or None, rows=rows)
    if request.method == "POST" and current and form.is_valid():
        staff = user.role == User.Role.STAFF
        try:
            incident = incident_open(
                report=report,
                enrollment_ids=form.cleaned_data["enrollments"],
                reported_by=user,
                source=PrivacyIncident.Source.STAFF if staff else PrivacyIncident.Source.BROKER,
                note=form.cleaned_data["note"],
                actor=web_actor(request),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            flash.success(request, "Thank you. The report was withdrawn and a corrected one sent.")
            return _after(user, incident)
    context = {"report": report, "rows": rows, "form": form, "current": current}
    status = 400 if request.method == "POST" else 200
    return render(request, "incidents/not_on_my_list.html", context, status=status)


def _after(user: User, incident: PrivacyIncident) -> HttpResponse:
    if user.role == User.Role.STAFF:
        return redirect("incidents:detail", pk=incident.pk)
    assert incident.correction_message_id is not None
    return redirect("portal:message", pk=incident.correction_message_id)


def _already_corrected(request: HttpRequest, report: BrokerReport) -> HttpResponse:
    """A second submit (a double click, a back button): show what the first one did."""
    incident = selectors.incident_of_report(report=report)
    if incident is None:  # superseded by a rebuild, not by an incident
        return redirect("incidents:not_on_my_list", pk=report.pk)
    flash.info(request, "This report was already corrected.")
    return _after(_user(request), incident)


@login_required
def staff_record(request: HttpRequest) -> HttpResponse:
    """Staff find a broker's current report for a month, then choose its rows."""
    staff_only(request, "incident_record")
    form = StaffReportLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = selectors.current_report_for(
            broker_npn=form.cleaned_data["npn"].strip(), month=form.cleaned_data["month"]
        )
        if report is not None:
            return redirect("incidents:not_on_my_list", pk=report.pk)
        form.add_error(None, "That broker has no current report for that month.")
    return render(request, "incidents/staff_record.html", {"form": form})


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    staff_only(request, "incidents")
    incidents = selectors.incidents_for_staff()
    return render(request, "incidents/list.html", {"incidents": incidents})


@login_required
@consumer_data_page("privacy_incident")
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request, "incident")
    incident = selectors.incident_for_staff(pk=pk)
    if incident is None:
        deny(request, object_type="privacy_incident", object_id=pk)
    initial = {"consumer_notice": incident.consumer_notice}
    form = IncidentUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _update(request, incident, form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("incidents:detail", pk=incident.pk)
    status = 400 if request.method == "POST" else 200
    context = {"incident": incident, "form": form}
    return render(request, "incidents/detail.html", context, status=status)


def _update(request: HttpRequest, incident: PrivacyIncident, data: dict) -> None:
    write = incident_close if data["close"] else incident_update
    write(
        incident=incident,
        note=data["note"],
        actor=web_actor(request),
        consumer_notice=data["consumer_notice"],
        consumer_notice_on=data["consumer_notice_on"],
    )
    flash.success(request, "The incident is closed." if data["close"] else "The note was added.")
