"""Staff pages of carrier roster reconciliation: upload and rosters, the work list and its
actions. Thin: services compare and act, selectors read. Consumer data: audited, no-store."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from aordesk.core.audit import Actor, audit_record
from aordesk.core.errors import ApplicationError
from aordesk.portal.permissions import staff_only, web_actor
from aordesk.reconciliation import selectors
from aordesk.reconciliation.actions import mismatch_claim_open, mismatch_resend, mismatch_resolve
from aordesk.reconciliation.forms import MismatchActionForm, RosterUploadForm, WorkListFilter
from aordesk.reconciliation.models import Mismatch, Reconciliation
from aordesk.reconciliation.services import ReconcileResult, reconciliation_receive

PAGE = 100


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@login_required
def rosters(request: HttpRequest) -> HttpResponse:
    staff_only(request, "reconciliation")
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = _receive_upload(form, web_actor(request))
        if result.refused:
            flash.error(request, "The roster was refused; nothing changed. See why below.")
        else:
            flash.success(request, "The roster was compared.")
        return redirect("reconciliation:roster", pk=result.reconciliation.pk)
    context = {
        "form": form,
        "latest": selectors.reconciliations_latest(),
        "recent": Reconciliation.objects.select_related("carrier").order_by("-received_at")[:20],
    }
    status = 400 if request.method == "POST" else 200
    return _private(render(request, "reconciliation/rosters.html", context, status=status))


def _receive_upload(form: RosterUploadForm, actor: Actor) -> ReconcileResult:
    upload = form.cleaned_data["file"]
    with tempfile.TemporaryDirectory(prefix="aordesk-roster-") as folder:
        path = Path(folder) / "upload"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        return reconciliation_receive(
            carrier=form.cleaned_data["carrier"],
            path=path,
            original_name=upload.name or "roster",
            actor=actor,
        )


@login_required
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request, "reconciliation")
    recon = get_object_or_404(Reconciliation.objects.select_related("carrier"), pk=pk)
    return _private(render(request, "reconciliation/roster.html", {"recon": recon}))


@login_required
def work_list(request: HttpRequest) -> HttpResponse:
    staff_only(request, "reconciliation_work_list")
    filters = WorkListFilter(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    carrier = data.get("carrier")
    rows = selectors.mismatch_work_list(
        carrier_id=carrier.pk if carrier else None,
        month=data.get("month"),
        kind=data.get("kind", ""),
        status=data.get("status", ""),
    )
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    audit_record(
        actor=web_actor(request),
        action="consumer.view",
        object_type="roster_work_list",
        object_id=carrier.code if carrier else "all",
        detail={"mismatches": [m.pk for m in page.object_list]},
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "action_form": MismatchActionForm(),
    }
    return _private(render(request, "reconciliation/work_list.html", context))


Act = Callable[..., Mismatch]
ACTIONS: dict[str, tuple[Act, str]] = {
    "resend": (mismatch_resend, "The AOR goes again in the carrier's next file."),
    "resolve": (mismatch_resolve, "Marked resolved."),
    "claim": (mismatch_claim_open, "A claim was opened for the broker; it is in the queue."),
}


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    staff_only(request, "reconciliation_work_list")
    if action not in ACTIONS:
        raise Http404("Not found")
    mismatch = get_object_or_404(Mismatch, pk=pk)
    form = MismatchActionForm(request.POST)
    write, done = ACTIONS[action]
    if not form.is_valid():
        flash.error(request, "The note is too long (1,000 characters at most).")
    else:
        try:
            write(mismatch=mismatch, actor=web_actor(request), note=form.cleaned_data["note"])
        except ApplicationError as error:
            flash.error(request, error.message)
        else:
            flash.success(request, done)
    back = request.POST.get("next", "")
    return redirect(
        back if back.startswith("/staff/reconciliation/") else "reconciliation:work_list"
    )
