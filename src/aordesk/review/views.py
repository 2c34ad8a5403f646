"""The Broker Team's review pages: the queue, taking the next claim, and the case page with
its actions. Staff only (anyone else gets the audited 404). Thin: selectors read, and every
POST calls exactly one service, whose refusals show as form errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from aordesk.accounts.models import User
from aordesk.carriers.selectors import carrier_names
from aordesk.core.dates import business_today
from aordesk.core.errors import ApplicationError
from aordesk.intake.models import Claim
from aordesk.portal.permissions import consumer_data_page, staff_only, web_actor
from aordesk.review import selectors, services
from aordesk.review.bulk import claims_confirm_confident
from aordesk.review.forms import (
    ActionForm,
    BulkConfirmForm,
    ConfirmForm,
    InfoRequestForm,
    OverrideForm,
    QueueFilterForm,
    ReleaseForm,
    ReopenForm,
)
from aordesk.review.queue_query import claim_age, queue_query_page, review_target

PAGE_SIZE = 50
# A write: given the reviewer, the claim and the form's data, do it and say what was done.
Write = Callable[[User, Claim, Mapping], str]


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    staff_only(request, "review_queue")
    form = QueueFilterForm(request.GET)
    today = business_today()
    page = queue_query_page(
        query=form.query(), today=today, number=request.GET.get("page"), per_page=PAGE_SIZE
    )
    now = timezone.now()
    target = review_target()
    rows = [(selectors.queue_row(claim=claim, now=now), claim) for claim in page]
    for _, claim in rows:
        # Business days since the file was received; past the target only while open.
        age = claim_age(claim.submission.received_at, today)
        claim.business_age = age
        claim.over_target = age > target and claim.status != Claim.Status.DECIDED
    context = {"form": form, "page": page, "rows": rows, "target": target}
    return render(request, "review/queue.html", context)


@login_required
@require_POST
def bulk_confirm(request: HttpRequest) -> HttpResponse:
    reviewer = staff_only(request, "review_queue")
    form = BulkConfirmForm(request.POST)
    back = request.POST.get("back", "")
    target = reverse("review:queue") + (f"?{back}" if back and "//" not in back else "")
    if not form.is_valid():
        flash.error(request, "Select the confident proposals to confirm.")
        return redirect(target)
    try:
        result = claims_confirm_confident(
            claim_ids=form.cleaned_data["claims"], reviewer=reviewer, actor=web_actor(request)
        )
    except ApplicationError as exc:
        flash.error(request, exc.message)
        return redirect(target)
    if result.decided:
        flash.success(request, f"Confirmed {len(result.decided)} proposal(s), each decided.")
    for claim_id, why in result.skipped:
        flash.warning(request, f"Claim #{claim_id} was not confirmed: {why}.")
    return redirect(target)


@login_required
@require_POST
def take_next(request: HttpRequest) -> HttpResponse:
    reviewer = staff_only(request, "review_take_next")
    try:
        claim = services.claim_take_next(reviewer=reviewer, actor=web_actor(request))
    except ApplicationError as exc:
        flash.error(request, exc.message)
        return redirect("review:queue")
    if claim is None:
        flash.info(request, "The queue is empty: no new claim is waiting.")
        return redirect("review:queue")
    return redirect("review:case", pk=claim.pk)


@login_required
@require_GET
@consumer_data_page("claim")
def case(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, staff_only(request, "review_case"), pk)


def _case_page(
    request: HttpRequest,
    reviewer: User,
    pk: int,
    *,
    bound: ActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        view = selectors.claim_case(claim_id=pk, today=business_today())
    except Claim.DoesNotExist:
        raise Http404("Not found") from None
    holder = next((a for a in view.assignments if a.ended_at is None), None)
    proposed = view.proposal.internal_code if view.proposal else None
    needs = view.proposal.needs if view.proposal else ""
    actions: dict[str, forms.Form] = {
        "confirm": ConfirmForm(initial={"internal_code": proposed}),
        "override": OverrideForm(),
        "request_info": InfoRequestForm(initial={"needed": needs}),
        "release": ReleaseForm(),
        "reopen": ReopenForm(),
    }
    if bound is not None:
        actions[bound.action] = bound
    context = {
        "case": view,
        "claim": view.claim,
        "holder": holder,
        "mine": holder is not None and holder.reviewer_id == reviewer.pk,
        "can_confirm": proposed is not None and proposed != "NEEDS_INFO",
        "carriers": carrier_names(),
        "forms": actions,
        "failed": bound,
    }
    return render(request, "review/case.html", context, status=status)


def _act(request: HttpRequest, pk: int, form: ActionForm, write: Write) -> HttpResponse:
    """Run one write for a valid form; the form's or the service's refusal re-renders the
    case page with the error beside the form."""
    reviewer = staff_only(request, "review_case")
    claim = get_object_or_404(Claim, pk=pk)
    if form.is_valid():
        try:
            done = write(reviewer, claim, form.cleaned_data)
        except ApplicationError as exc:  # TransitionError included
            form.add_error(None, exc.message)
        else:
            flash.success(request, done)
            return redirect("review:case", pk=claim.pk)
    return _case_page(request, reviewer, pk, bound=form, status=400)


@login_required
@require_POST
@consumer_data_page("claim")
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    def write(reviewer: User, claim: Claim, data: Mapping) -> str:
        services.claim_decide(
            claim=claim,
            reviewer=reviewer,
            internal_code=data["internal_code"],
            note="",
            actor=web_actor(request),
        )
        return "Decided: the proposal was confirmed."

    return _act(request, pk, ConfirmForm(request.POST), write)


@login_required
@require_POST
@consumer_data_page("claim")
def override(request: HttpRequest, pk: int) -> HttpResponse:
    def write(reviewer: User, claim: Claim, data: Mapping) -> str:
        decision = services.claim_decide(
            claim=claim,
            reviewer=reviewer,
            internal_code=data["internal_code"],
            note=data["note"],
            actor=web_actor(request),
        )
        return f"Decided: {decision.internal_code}."

    return _act(request, pk, OverrideForm(request.POST), write)


@login_required
@require_POST
@consumer_data_page("claim")
def request_info(request: HttpRequest, pk: int) -> HttpResponse:
    def write(reviewer: User, claim: Claim, data: Mapping) -> str:
        services.claim_request_info(
            claim=claim, reviewer=reviewer, needed=data["needed"], actor=web_actor(request)
        )
        return "The broker was asked for more information; the claim awaits their answer."

    return _act(request, pk, InfoRequestForm(request.POST), write)


@login_required
@require_POST
@consumer_data_page("claim")
def release(request: HttpRequest, pk: int) -> HttpResponse:
    def write(reviewer: User, claim: Claim, data: Mapping) -> str:
        services.claim_release(claim=claim, reviewer=reviewer, actor=web_actor(request))
        return "Released: the claim is back in the queue in its place."

    return _act(request, pk, ReleaseForm(request.POST), write)


@login_required
@require_POST
@consumer_data_page("claim")
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    def write(reviewer: User, claim: Claim, data: Mapping) -> str:
        services.claim_reopen(claim=claim, reason=data["reason"], actor=web_actor(request))
        return "Reopened: the claim is back in the queue in its place."

    return _act(request, pk, ReopenForm(request.POST), write)
