"""Object-level permission for portal views: anything a user may not see answers 404,
exactly as something that does not exist, and the attempt is audited as denied."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn

from django.http import Http404, HttpRequest, HttpResponse

from aordesk.accounts.models import User
from aordesk.core.audit import Actor, Outcome, audit_record
from aordesk.messaging.selectors import (  # noqa: F401  (the permission API, in one place)
    agencies_actable_by,
    attachments_visible_to,
    brokers_actable_by,
    messages_visible_to,
)


def web_actor(request: HttpRequest) -> Actor:
    user = request.user
    assert isinstance(user, User)
    return Actor.web(user, remote_addr=request.META.get("REMOTE_ADDR"))


def staff_only(request: HttpRequest, page: str, *, object_type: str = "page") -> User:
    """The signed-in Broker Team user; anyone else is denied (audited, answered 404)."""
    user = request.user
    if not isinstance(user, User) or user.role != User.Role.STAFF:
        deny(request, object_type=object_type, object_id=page)
    return user


def deny(request: HttpRequest, *, object_type: str, object_id: object) -> NoReturn:
    audit_record(
        actor=web_actor(request),
        action=f"{object_type}.access",
        object_type=object_type,
        object_id=object_id,
        outcome=Outcome.DENIED,
        detail={"path": request.path[:100]},
    )
    raise Http404("Not found")


# Responses that show a page (a form re-rendered with its errors included), not a redirect.
SHOWN = (200, 400)


def consumer_data_page(
    object_type: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """For a view whose page may show consumers' names or dates of birth: never cached
    (Cache-Control: no-store, whatever the answer), and every page shown is audited, so
    "who saw this consumer" includes who looked, not only who downloaded."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            response["Cache-Control"] = "no-store"
            if response.status_code in SHOWN and isinstance(request.user, User):
                audit_record(
                    actor=web_actor(request),
                    action=f"{object_type}.view",
                    object_type=object_type,
                    object_id=kwargs.get("pk", "-"),
                    detail={"path": request.path[:100], "method": request.method},
                )
            return response

        return wrapped

    return decorate
