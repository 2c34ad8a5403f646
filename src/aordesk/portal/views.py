"""Portal pages. Thin: selectors decide what a user may see, services do the writes."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from aordesk.accounts.models import User
from aordesk.artifacts.storage import absolute
from aordesk.core.audit import audit_record
from aordesk.core.errors import ApplicationError
from aordesk.desk.filenames import owned_filename
from aordesk.incidents.selectors import current_report_of_message
from aordesk.messaging import selectors
from aordesk.messaging.models import Attachment, Message
from aordesk.messaging.replies import message_reply
from aordesk.messaging.services import message_mark_read
from aordesk.portal.forms import InboxFilter, ReplyForm
from aordesk.portal.permissions import brokers_actable_by, deny, web_actor
from aordesk.review.replies import info_request_answer

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Brokers and agency administrators land on their desk; staff on their messages."""
    if _user(request).role == User.Role.STAFF:
        return redirect("portal:inbox")
    return redirect("desk:home")


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    wanted = InboxFilter.from_params(request.GET)
    broker_id = None
    if wanted.npn:
        chosen = brokers_actable_by(user).filter(npn=wanted.npn).first()
        if chosen is None:
            deny(request, object_type="inbox", object_id="broker")
        broker_id = chosen.pk
    messages = selectors.inbox_filtered(
        selectors.inbox_for(user), broker_id=broker_id, month=wanted.month, kind=wanted.kind
    )
    page = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "wanted": wanted,
        "filter_query": wanted.query(),
        "brokers": list(brokers_actable_by(user).order_by("last_name", "first_name", "npn"))
        if user.role == User.Role.AGENCY_ADMIN
        else [],
        "kinds": Message.Kind.choices,
    }
    return render(request, "portal/inbox.html", context)


def _named(attachments: Iterable[Attachment]) -> list[Attachment]:
    """Each attachment with the name its download will have (whose file it is)."""
    found = list(attachments)
    for attachment in found:
        attachment.download_name = owned_filename(attachment.artifact)  # type: ignore[attr-defined]
    return found


def _can_reply(user: User, message: Message) -> bool:
    return user.role != User.Role.STAFF and message.direction == Message.Direction.OUTBOUND


@login_required
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    message = selectors.message_for(user, pk)
    if message is None:
        deny(request, object_type="message", object_id=pk)
    if message.direction == Message.Direction.OUTBOUND:
        message_mark_read(message=message, actor=web_actor(request))
    return render(
        request,
        "portal/message.html",
        {
            "message": message,
            "attachments": _named(selectors.message_attachments(message)),
            "replies": selectors.message_replies(user, message),
            "form": ReplyForm() if _can_reply(user, message) else None,
            "correctable_report": current_report_of_message(message=message),
        },
    )


@login_required
@require_POST
def message_reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    message = selectors.message_for(user, pk)
    if message is None:
        deny(request, object_type="message", object_id=pk)
    if not _can_reply(user, message):
        raise PermissionDenied("Staff answer with a new message.")
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            thanks = _reply(request, message, form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            flash.success(request, thanks)
            return redirect("portal:message", pk=message.pk)
    return render(
        request,
        "portal/message.html",
        {
            "message": message,
            "attachments": selectors.message_attachments(message),
            "replies": selectors.message_replies(user, message),
            "form": form,
            "correctable_report": current_report_of_message(message=message),
        },
        status=400,
    )


def _reply(request: HttpRequest, message: Message, data: dict) -> str:
    """Send the reply where it belongs; returns what the broker is told. An answer to a
    request for information goes to the review queue, any other reply waits for intake."""
    body, upload, actor = data["body"], data["file"], web_actor(request)
    if message.kind == Message.Kind.REQUEST_FOR_INFORMATION:
        answer = info_request_answer(message=message, body=body, upload=upload, actor=actor)
        return answer.acknowledgement
    message_reply(message=message, body=body, upload=upload, actor=actor)
    return "Your reply was received."


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    attachment = selectors.attachment_for(_user(request), pk)
    if attachment is None:
        deny(request, object_type="attachment", object_id=pk)
    if attachment.status == Attachment.Status.SUPERSEDED:
        return render(request, "portal/superseded.html", {"attachment": attachment}, status=410)
    artifact = attachment.artifact
    audit_record(
        actor=web_actor(request),
        action="attachment.download",
        object_type="artifact",
        object_id=artifact.pk,
        detail={
            "attachment_id": attachment.pk,
            "message_id": attachment.message_id,
            "sha256": artifact.sha256,
            "size": artifact.size,
        },
    )
    response = FileResponse(
        absolute(artifact.relative_path).open("rb"),
        as_attachment=True,
        filename=owned_filename(artifact),
        content_type=artifact.content_type,
    )
    response["Cache-Control"] = "no-store"
    return response
