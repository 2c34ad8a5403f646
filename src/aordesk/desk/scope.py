"""Whose desk a page shows. A broker sees their own; an agency administrator the agency's
brokers, all of them or one with ?npn=; staff one broker at a time with ?npn=. An NPN the
user may not see answers 404, like one that does not exist (audited as denied)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest

from aordesk.accounts.models import User
from aordesk.brokers.models import Agency, Broker
from aordesk.messaging.selectors import brokers_actable_by
from aordesk.portal.permissions import deny


@dataclass(frozen=True)
class Scope:
    user: User
    # The one broker the page is about; None: every broker of `agency`.
    broker: Broker | None
    agency: Agency | None
    # The brokers the user may pick from (the broker filter): empty for a broker.
    choices: list[Broker]

    @property
    def is_agency_view(self) -> bool:
        return self.broker is None

    @property
    def npn(self) -> str:
        return self.broker.npn if self.broker else ""

    def brokers(self) -> QuerySet[Broker]:
        if self.broker is not None:
            return Broker.objects.filter(pk=self.broker.pk)
        assert self.agency is not None
        return Broker.objects.filter(agency=self.agency)

    def owner_label(self) -> str:
        if self.broker is not None:
            return f"{self.broker.full_name} (NPN {self.broker.npn})"
        assert self.agency is not None
        return f"{self.agency.name} ({self.agency.code})"


def desk_scope(request: HttpRequest, *, page: str) -> Scope | None:
    """The scope of the request; None for staff who have not named a broker yet."""
    user = request.user
    assert isinstance(user, User)
    npn = request.GET.get("npn", "").strip()[:10]
    if user.role == User.Role.BROKER:
        broker = user.broker
        if broker is None or (npn and npn != broker.npn):
            deny(request, object_type="desk", object_id=page)
        return Scope(user=user, broker=broker, agency=broker.agency, choices=[])
    if user.role == User.Role.AGENCY_ADMIN and user.agency is not None:
        choices = list(brokers_actable_by(user).order_by("last_name", "first_name", "npn"))
        if not npn:
            return Scope(user=user, broker=None, agency=user.agency, choices=choices)
        return Scope(
            user=user,
            broker=_chosen(request, choices, npn, page),
            agency=user.agency,
            choices=choices,
        )
    if user.role == User.Role.STAFF:
        if not npn:
            return None
        broker = Broker.objects.select_related("agency").filter(npn=npn).first()
        if broker is None:
            deny(request, object_type="desk", object_id=page)
        return Scope(user=user, broker=broker, agency=broker.agency, choices=[])
    deny(request, object_type="desk", object_id=page)


def _chosen(request: HttpRequest, choices: list[Broker], npn: str, page: str) -> Broker:
    for broker in choices:
        if broker.npn == npn:
            return broker
    deny(request, object_type="desk", object_id=page)
