"""What every desk view does around its page: sign-in, the scope, the audit of a look at
consumer data, and Cache-Control: no-store (a shared computer's cache keeps nothing)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from aordesk.core.audit import audit_record
from aordesk.core.dates import parse_month
from aordesk.desk.scope import Scope
from aordesk.portal.permissions import web_actor

View = Callable[..., HttpResponseBase]


def no_store(view: View) -> View:
    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    return wrapped


def audit_look(request: HttpRequest, scope: Scope, *, page: str, **detail: Any) -> None:
    """One event per page of consumer data seen: whose, which page, how many rows (ids and
    counts only, never a name)."""
    owner_type, owner_id = (
        ("broker", scope.broker.pk) if scope.broker else ("agency", getattr(scope.agency, "pk", 0))
    )
    audit_record(
        actor=web_actor(request),
        action=f"desk.{page}.view",
        object_type=owner_type,
        object_id=owner_id,
        detail={"path": request.path[:100], **detail},
    )


def month_of(text: str) -> dt.date:
    try:
        return parse_month(text)
    except ValueError:
        raise Http404("Not found") from None
