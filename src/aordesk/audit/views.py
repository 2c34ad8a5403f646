"""Staff pages of audit search. Thin: parse the form, read with the selectors, audit the
search, render. Anyone else gets the audited 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aordesk.audit import selectors
from aordesk.audit.forms import ActivitySearchForm, ConsumerSearchForm
from aordesk.audit.services import audit_search_record
from aordesk.households.models import Household
from aordesk.portal.permissions import staff_only, web_actor


@login_required
def consumer(request: HttpRequest) -> HttpResponse:
    """Who saw or received this consumer's data, and when."""
    staff_only(request, "audit_consumer")
    form = ConsumerSearchForm(request.GET or None)
    context: dict = {"form": form}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["household"]:
            found = list(Household.objects.filter(pk=data["household"]))
        else:
            found = selectors.households_matching(
                case_number=data["case_number"],
                last_name=data["last_name"],
                date_of_birth=data["date_of_birth"],
            )
        if len(found) == 1:
            context["trail"] = trail = selectors.consumer_trail(household=found[0])
            audit_search_record(
                actor=web_actor(request),
                question="consumer_trail",
                object_type="household",
                object_id=found[0].pk,
                detail={"documents": len(trail.documents)},
            )
        else:
            context["matches"] = found
            audit_search_record(
                actor=web_actor(request),
                question="consumer_lookup",
                object_type="household",
                object_id="",
                detail={"household_ids": [h.pk for h in found]},
            )
    return render(request, "audit/consumer.html", context)


@login_required
def activity(request: HttpRequest) -> HttpResponse:
    """What this user did between two dates."""
    staff_only(request, "audit_activity")
    form = ActivitySearchForm(request.GET or None)
    context: dict = {"form": form}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        label = selectors.actor_label_for(data["who"])
        try:
            page = selectors.actor_activity(
                actor_label=label, first=data["first"], last=data["last"], cursor=data["cursor"]
            )
        except ValueError:
            form.add_error(None, "That page link is not valid; search again.")
            return render(request, "audit/activity.html", context, status=400)
        audit_search_record(
            actor=web_actor(request),
            question="user_activity",
            object_type="actor",
            object_id=label,
            detail={
                "first": f"{data['first']}",
                "last": f"{data['last']}",
                "paged": bool(data["cursor"]),
            },
        )
        context.update(page=page, label=label, next_query=_next_query(request, page.next_cursor))
    return render(request, "audit/activity.html", context)


def _next_query(request: HttpRequest, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = cursor
    return query.urlencode()
