"""The broker directory: staff search brokers and open a broker's page. Thin: the
selectors read, the view audits the look and renders."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from aordesk.core.audit import audit_record
from aordesk.directory import selectors
from aordesk.directory.forms import DirectorySearchForm
from aordesk.directory.search import PAGE_SIZE, brokers_search, certification_on
from aordesk.messaging.inbox import broker_threads
from aordesk.portal.permissions import deny, staff_only, web_actor


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    staff_only(request, "broker_directory")
    form = DirectorySearchForm(request.GET or None)
    page = None
    if form.is_valid() and not form.search().empty:
        paginator = Paginator(brokers_search(search=form.search()), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        today = timezone.localdate()
        for broker in page.object_list:
            broker.certification_today = certification_on(broker, today)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "directory/search.html", context)


@login_required
def broker_page(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request, "broker_directory")
    broker = selectors.broker_for_directory(pk=pk)
    if broker is None:
        deny(request, object_type="broker", object_id=pk)
    today = timezone.localdate()
    audit_record(actor=web_actor(request), action="broker.view", object_type="broker", object_id=pk)
    context = {
        "broker": broker,
        "certification_today": certification_on(broker, today),
        "today": today,
        "certifications": selectors.broker_certification_history(broker_id=pk),
        "emails": selectors.broker_email_history(broker_id=pk),
        "aor": selectors.broker_aor_summary(broker_id=pk, as_of=today),
        "documents": selectors.broker_documents_by_month(broker_id=pk),
        "messages_sent": selectors.broker_recent_messages(broker_id=pk),
        "intake": selectors.broker_intake_summary(broker_id=pk),
        "incidents": selectors.broker_incidents(broker_id=pk),
        "threads": broker_threads(broker_id=pk),
    }
    return render(request, "directory/broker.html", context)
