"""The Broker Team's side of the conversation: the staff inbox, a thread's page with its
answer, take, release and close, and writing first to a broker or agency. Staff only
(anyone else gets the audited 404). Thin: the inbox selectors read, each POST calls one
service, whose refusals show as errors on the page."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from aordesk.accounts.models import User
from aordesk.brokers.models import Agency, Broker
from aordesk.core.audit import audit_record
from aordesk.core.dates import business_today
from aordesk.core.errors import ApplicationError
from aordesk.messaging import inbox, threads
from aordesk.messaging.forms import AnswerForm, CloseForm, ComposeForm, InboxFilterForm
from aordesk.messaging.models import Thread
from aordesk.portal.permissions import deny, staff_only, web_actor

PAGE_SIZE = 50


def _no_store(response: HttpResponse) -> HttpResponse:
    # Threads quote consumers (information requests name them): never kept by a browser.
    response["Cache-Control"] = "no-store"
    return response


def _chosen(form: InboxFilterForm, staff: User) -> inbox.InboxFilter:
    data = form.cleaned_data if form.is_valid() else {}
    show = data.get("show") or "needs_answer"
    return inbox.InboxFilter(
        needs_answer=show in ("needs_answer", "overdue"),
        mine=staff if show == "mine" else None,
        overdue=show == "overdue",
        broker=data.get("broker", ""),
        agency=data.get("agency", ""),
    )


@login_required
def staff_inbox(request: HttpRequest) -> HttpResponse:
    staff = staff_only(request, "staff_messages")
    form = InboxFilterForm(request.GET)
    today = business_today()
    found = inbox.inbox_threads(chosen=_chosen(form, staff), today=today)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (t, inbox.thread_age(t, today), inbox.thread_overdue(t, today)) for t in page.object_list
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "target": inbox.answer_target(),
        "counts": inbox.inbox_counts(today=today),
    }
    return _no_store(render(request, "messaging/inbox.html", context))


def _thread_page(
    request: HttpRequest, staff: User, thread: Thread, *, bound: dict | None = None
) -> HttpResponse:
    today = business_today()
    forms = {"answer": AnswerForm(), "close": CloseForm(), **(bound or {})}
    context = {
        "thread": thread,
        "messages_": inbox.thread_messages(thread=thread),
        "age": inbox.thread_age(thread, today),
        "overdue": inbox.thread_overdue(thread, today),
        "target": inbox.answer_target(),
        "mine": thread.assignee_id == staff.pk,
        "forms": forms,
    }
    status = 400 if bound else 200
    return _no_store(render(request, "messaging/thread.html", context, status=status))


def _thread_or_404(request: HttpRequest, pk: int) -> Thread:
    thread = inbox.thread_for_staff(pk=pk)
    if thread is None:
        deny(request, object_type="thread", object_id=pk)
    return thread


@login_required
def thread_page(request: HttpRequest, pk: int) -> HttpResponse:
    staff = staff_only(request, "staff_messages")
    thread = _thread_or_404(request, pk)
    audit_record(actor=web_actor(request), action="thread.view", object_type="thread", object_id=pk)
    return _thread_page(request, staff, thread)


def _act(request: HttpRequest, pk: int, write: Callable[[User, Thread], str]) -> HttpResponse:
    staff = staff_only(request, "staff_messages")
    thread = _thread_or_404(request, pk)
    try:
        flash.success(request, write(staff, thread))
    except ApplicationError as exc:
        flash.error(request, exc.message)
    return redirect("messaging:thread", pk=pk)


@login_required
@require_POST
def thread_take(request: HttpRequest, pk: int) -> HttpResponse:
    def write(staff: User, thread: Thread) -> str:
        threads.thread_take(thread=thread, staff=staff, actor=web_actor(request))
        return "You have taken this thread."

    return _act(request, pk, write)


@login_required
@require_POST
def thread_release(request: HttpRequest, pk: int) -> HttpResponse:
    def write(staff: User, thread: Thread) -> str:
        threads.thread_release(thread=thread, staff=staff, actor=web_actor(request))
        return "Released: the thread is back with the team."

    return _act(request, pk, write)


@login_required
@require_POST
def thread_answer(request: HttpRequest, pk: int) -> HttpResponse:
    form = AnswerForm(request.POST, request.FILES)

    def write(staff: User, thread: Thread) -> None:
        threads.thread_answer(
            thread=thread,
            staff=staff,
            body=form.cleaned_data["body"],
            uploads=form.cleaned_data["attachments"],
            actor=web_actor(request),
        )

    done = "Answer sent: the broker or agency is told by email."
    return _form_action(request, pk, form=form, key="answer", write=write, done=done)


@login_required
@require_POST
def thread_close(request: HttpRequest, pk: int) -> HttpResponse:
    form = CloseForm(request.POST)

    def write(staff: User, thread: Thread) -> None:
        threads.thread_close(
            thread=thread,
            staff=staff,
            closing=form.cleaned_data["closing"],
            note=form.cleaned_data["note"],
            actor=web_actor(request),
        )

    return _form_action(request, pk, form=form, key="close", write=write, done="Closed.")


def _form_action(
    request: HttpRequest,
    pk: int,
    *,
    form: forms.Form,
    key: str,
    write: Callable[[User, Thread], None],
    done: str,
) -> HttpResponse:
    """A thread form's POST: the service on a valid form, its refusal as a form error, and
    the thread page again with the bound form when anything is wrong."""
    staff = staff_only(request, "staff_messages")
    thread = _thread_or_404(request, pk)
    if form.is_valid():
        try:
            write(staff, thread)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            flash.success(request, done)
            return redirect("messaging:thread", pk=pk)
    return _thread_page(request, staff, thread, bound={key: form})


def _compose_initial(request: HttpRequest) -> dict[str, str]:
    """?broker=<id> or ?agency=<id> (from the directory's broker page) fills in the 'To'."""
    broker_id, agency_id = request.GET.get("broker", ""), request.GET.get("agency", "")
    if broker_id.isdigit() and (broker := Broker.objects.filter(pk=broker_id).first()):
        return {"to": "broker", "recipient": broker.npn}
    if agency_id.isdigit() and (agency := Agency.objects.filter(pk=agency_id).first()):
        return {"to": "agency", "recipient": agency.code}
    return {"to": "broker"}


@login_required
def compose(request: HttpRequest) -> HttpResponse:
    staff = staff_only(request, "staff_messages")
    if request.method != "POST":
        form = ComposeForm(initial=_compose_initial(request))
        return _no_store(render(request, "messaging/compose.html", {"form": form}))
    form = ComposeForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            thread = threads.thread_start(
                staff=staff,
                subject=data["subject"],
                body=data["body"],
                uploads=data["attachments"],
                broker=data.get("broker"),
                agency=data.get("agency"),
                actor=web_actor(request),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            flash.success(request, "Message sent: the recipient is told by email.")
            return redirect("messaging:thread", pk=thread.pk)
    return _no_store(render(request, "messaging/compose.html", {"form": form}, status=400))
