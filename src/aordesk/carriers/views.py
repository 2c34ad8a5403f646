"""Staff pages of carriers: the list, and one carrier's exchange (file format, trading
partner ids, files and their acknowledgements, rejected lines) with the upload of an
acknowledgement. Thin: reads from selectors, writes through aor.acknowledgements."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from aordesk.aor.ack_selectors import (
    carrier_rejected_lines,
    carrier_transmissions,
    unacknowledged_files,
)
from aordesk.aor.acknowledgements import carrier_ack_record
from aordesk.carriers.forms import AckUploadForm
from aordesk.carriers.models import Carrier
from aordesk.core.dates import business_today
from aordesk.core.errors import ApplicationError
from aordesk.portal.permissions import staff_only, web_actor


@login_required
@require_GET
def carrier_list(request: HttpRequest) -> HttpResponse:
    staff_only(request, "carriers")
    carriers = Carrier.objects.order_by("display_name")
    return render(request, "carriers/list.html", {"carriers": carriers})


@login_required
@require_GET
def carrier_detail(request: HttpRequest, code: str) -> HttpResponse:
    staff_only(request, "carriers")
    carrier = get_object_or_404(Carrier, code=code)
    return _detail(request, carrier, AckUploadForm())


def _detail(request: HttpRequest, carrier: Carrier, form: AckUploadForm) -> HttpResponse:
    overdue = unacknowledged_files(
        today=business_today(), business_days=settings.AORDESK_ACK_OVERDUE_BUSINESS_DAYS
    )
    context = {
        "carrier": carrier,
        "transmissions": carrier_transmissions(carrier_id=carrier.pk),
        "rejected": carrier_rejected_lines(carrier_id=carrier.pk),
        "overdue": [f for f in overdue if f.carrier_code == carrier.code],
        "overdue_days": settings.AORDESK_ACK_OVERDUE_BUSINESS_DAYS,
        "form": form,
    }
    status = 400 if form.errors else 200
    return render(request, "carriers/detail.html", context, status=status)


@login_required
@require_POST
def carrier_ack_upload(request: HttpRequest, code: str) -> HttpResponse:
    staff_only(request, "carriers")
    carrier = get_object_or_404(Carrier, code=code)
    form = AckUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, carrier, form)
    upload = form.cleaned_data["file"]
    try:
        outcomes = carrier_ack_record(
            content=upload.read(),
            filename=upload.name or "",
            actor=web_actor(request),
            carrier=carrier,
        )
    except ApplicationError as error:
        form.add_error("file", error.message)
        return _detail(request, carrier, form)
    for o in outcomes:
        again = " It was already recorded: nothing changed." if o.already_recorded else ""
        resend = (
            f" {o.lines_to_resend} line(s) go out again in the carrier's next file."
            if o.lines_to_resend
            else ""
        )
        messages.success(request, f"{o.batch_id}: {o.status.replace('_', ' ')}.{resend}{again}")
    return redirect("carriers:detail", code=carrier.code)
