"""Portal pages that turn an uploaded file into a submission. Thin: brokers_actable_by
decides for whom a user may send, intake does the rest and acknowledges in the portal."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from aordesk.accounts.models import User
from aordesk.brokers.models import Broker
from aordesk.intake.channels.upload import submission_receive_upload
from aordesk.intake.models import Submission
from aordesk.intake.services import IntakeResult
from aordesk.portal.forms import DiscrepancyForm, StaffSubmissionForm, upload_form_valid
from aordesk.portal.permissions import brokers_actable_by, deny, web_actor


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def discrepancy_report(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role == User.Role.STAFF:
        return redirect("portal:staff_submission")
    brokers = list(brokers_actable_by(user).order_by("last_name", "first_name", "pk"))
    if request.method != "POST":
        initial = {"broker": brokers[0].pk} if len(brokers) == 1 else {}
        form = DiscrepancyForm(brokers=brokers, initial=initial)
        return render(request, "portal/discrepancy.html", {"form": form, "brokers": brokers})
    form = DiscrepancyForm(request.POST, request.FILES, brokers=brokers)
    if not upload_form_valid(form, request):
        context = {"form": form, "brokers": brokers}
        return render(request, "portal/discrepancy.html", context, status=400)
    broker = _broker_chosen(request, brokers, form.cleaned_data["broker"])
    result = submission_receive_upload(
        broker=broker,
        upload=form.cleaned_data["file"],
        channel=Submission.Channel.PORTAL_UPLOAD,
        actor=web_actor(request),
    )
    return _received(request, result)


def _broker_chosen(request: HttpRequest, brokers: Sequence[Broker], chosen: int | None) -> Broker:
    """The broker the user picked, if they may act for them; anyone else is a 404."""
    if chosen is None and len(brokers) == 1:
        return brokers[0]
    for broker in brokers:
        if broker.pk == chosen:
            return broker
    deny(request, object_type="broker", object_id=chosen)


@login_required
def staff_submission(request: HttpRequest) -> HttpResponse:
    if _user(request).role != User.Role.STAFF:
        deny(request, object_type="page", object_id="staff_submission")
    if request.method != "POST":
        return render(request, "portal/staff_submission.html", {"form": StaffSubmissionForm()})
    form = StaffSubmissionForm(request.POST, request.FILES)
    if not upload_form_valid(form, request):
        return render(request, "portal/staff_submission.html", {"form": form}, status=400)
    result = submission_receive_upload(
        broker=form.cleaned_data["npn"],
        upload=form.cleaned_data["file"],
        channel=Submission.Channel.STAFF,
        actor=web_actor(request),
        received_at=form.cleaned_data["received_at"],
    )
    return _received(request, result)


def _received(request: HttpRequest, result: IntakeResult) -> HttpResponse:
    """After the post, the acknowledgement the broker got (post/redirect/get)."""
    verdicts = {
        Submission.Verdict.ACCEPTED: "The file was received and queued.",
        Submission.Verdict.PARTLY_ACCEPTED: "The file was received; some rows need fixing.",
        Submission.Verdict.REJECTED: "The file was received but could not be accepted.",
        Submission.Verdict.DUPLICATE: "We already have this file.",
    }
    level = flash.ERROR if result.verdict == Submission.Verdict.REJECTED else flash.SUCCESS
    flash.add_message(request, level, verdicts[Submission.Verdict(result.verdict)])
    assert result.message is not None
    return redirect("portal:message", pk=result.message.pk)
