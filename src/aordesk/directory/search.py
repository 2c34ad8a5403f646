"""The broker directory's search: by NPN, name, agency and registered email. Reads only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from aordesk.brokers.folding import fold
from aordesk.brokers.models import Agency, Broker
from aordesk.brokers.rules import certified_on_date

PAGE_SIZE = 25


@dataclass(frozen=True)
class DirectorySearch:
    """What staff typed; an empty field does not narrow the search."""

    npn: str = ""
    name: str = ""
    agency: str = ""
    email: str = ""

    @property
    def empty(self) -> bool:
        return not (self.npn or self.name or self.agency or self.email)


def brokers_search(*, search: DirectorySearch) -> QuerySet[Broker]:
    """Brokers matching every filled field, by name. NPN: exact or prefix (the unique
    index); name: every word within the folded "first last" (case and accents ignored);
    agency: its code exactly or a part of its name; email: the registered address, or its
    beginning, in any case."""
    brokers = Broker.objects.select_related("agency").order_by("last_name", "first_name", "id")
    if search.npn:
        brokers = brokers.filter(npn__startswith=search.npn)
    for word in fold(search.name).split():
        brokers = brokers.filter(name_key__contains=word)
    if search.agency:
        agencies = Agency.objects.filter(
            Q(code__iexact=search.agency) | Q(name__icontains=search.agency)
        )
        brokers = brokers.filter(agency__in=agencies.values("pk"))
    if search.email:
        brokers = brokers.filter(email__istartswith=search.email)
    return brokers


def certification_on(broker: Broker, day: dt.date) -> str:
    """The broker's certification as it stands on `day`, in words."""
    certified = certified_on_date(
        status=broker.certification_status,
        certified_on=broker.certified_on,
        status_changed_on=broker.status_changed_on,
        day=day,
    )
    if certified:
        return str(Broker.Certification.CERTIFIED.label)
    if day < broker.certified_on:
        return "Not yet certified"
    return broker.get_certification_status_display()
