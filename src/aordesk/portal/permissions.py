"""Object-level permission for portal views: anything a user may not see answers 404,
exactly as something that does not exist, and the attempt is audited as denied."""

from __future__ import annotations

from typing import NoReturn

from django.http import Http404, HttpRequest

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
