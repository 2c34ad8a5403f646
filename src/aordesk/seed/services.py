"""Writing the synthetic market into the database: bulk inserts, chunk by chunk.

Every row has a natural key derived from its position (see seed.keys), so a rerun skips
what exists and adds only what is missing: the same command twice is a no-op, and a
larger --households extends an earlier seed. Each chunk commits on its own, so an
interrupted run resumes where it stopped.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from aordesk.aor.models import AorAssociation
from aordesk.brokers.models import Agency, Broker, BrokerCertificationChange
from aordesk.carriers.models import Carrier, CarrierAlias
from aordesk.carriers.names import alias_key
from aordesk.core.audit import Actor, audit_record
from aordesk.core.dates import business_today
from aordesk.households.models import Enrollment, EnrollmentTransmission, Household
from aordesk.seed import names
from aordesk.seed.bulk import insert_returning_ids
from aordesk.seed.carrier_exchange import carrier_exchange_ensure
from aordesk.seed.generator import (
    CERTIFIED,
    CHUNK_SIZE,
    HouseholdRow,
    Roster,
    SeedPlan,
    default_agencies,
    default_through,
    generate_chunk,
    generate_roster,
)
from aordesk.seed.keys import case_number

BATCH_SIZE = 2000  # rows per INSERT of the roster on PostgreSQL; Django lowers it for SQLite
KEY_BATCH = 500  # values per IN (...) lookup, well under every backend's limit
COUNTED = (
    "carriers", "carrier_aliases", "agencies", "brokers", "certification_changes",
    "households", "enrollments", "enrollment_transmissions", "associations",
)  # fmt: skip


@dataclass(frozen=True)
class SeedSummary:
    seed: int
    year: int
    through: str  # the demo month, YYYY-MM
    households_requested: int
    households_skipped: int
    created: dict[str, int]

    @property
    def already_seeded(self) -> bool:
        return not any(self.created.values())

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "already_seeded": self.already_seeded}


def seed_market(
    *,
    brokers: int,
    households: int,
    year: int,
    seed: int,
    actor: Actor,
    through: dt.date | None = None,
    agencies: int | None = None,
    on_chunk: Callable[[int], None] | None = None,
) -> SeedSummary:
    """Build (or complete) the synthetic market; `on_chunk(households_done)` reports progress.
    `through` (the demo month) defaults to the month before today, kept inside `year`."""
    plan = SeedPlan(
        seed=seed,
        year=year,
        through=through or default_through(year=year, today=business_today()),
        brokers=brokers,
        agencies=default_agencies(brokers) if agencies is None else agencies,
        households=households,
    )
    roster = generate_roster(plan)
    created: Counter[str] = Counter({name: 0 for name in COUNTED})
    skipped = 0
    with _sqlite_bulk_pragmas():
        with transaction.atomic():
            carrier_ids = _carriers_ensure(created)
            broker_ids = _roster_ensure(roster, created)
            carrier_exchange_ensure(broker_ids=broker_ids, year=year)
        for chunk in range(plan.chunks):
            skipped += _chunk_ensure(plan, roster, chunk, carrier_ids, broker_ids, created)
            if on_chunk:
                on_chunk(min(plan.households, (chunk + 1) * CHUNK_SIZE))
    summary = SeedSummary(
        seed=seed,
        year=year,
        through=f"{plan.through:%Y-%m}",
        households_requested=households,
        households_skipped=skipped,
        created=dict(created),
    )
    detail = summary.as_dict()
    audit_record(
        actor=actor, action="seed.market", object_type="seed", object_id=seed, detail=detail
    )
    return summary


@contextmanager
def _sqlite_bulk_pragmas() -> Iterator[None]:
    """A bigger page cache for the seed's own connection while it builds indexes.
    Durability settings (WAL, synchronous) stay as configured: only speed changes."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size = -65536")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -2000")


def _existing(model: type[Model], field: str, values: Iterable[str]) -> dict[str, int]:
    """{natural key: pk} of the rows that already exist, looked up in batches."""
    wanted = list(values)
    found: dict[str, int] = {}
    manager = model._default_manager
    for start in range(0, len(wanted), KEY_BATCH):
        lookup = {f"{field}__in": wanted[start : start + KEY_BATCH]}
        found.update(manager.filter(**lookup).values_list(field, "pk"))
    return found


def _carriers_ensure(created: Counter[str]) -> dict[str, int]:
    specs = names.CARRIERS
    ids = _existing(Carrier, "code", (s.code for s in specs))
    new = [
        Carrier(code=s.code, legal_name=s.legal_name, display_name=s.display_name, kind=s.kind)
        for s in specs
        if s.code not in ids
    ]
    Carrier.objects.bulk_create(new)
    created["carriers"] += len(new)
    ids.update({c.code: c.pk for c in new})
    wanted = {alias_key(a): (a, s.code) for s in specs for a in s.aliases}
    known = _existing(CarrierAlias, "key", wanted)
    aliases = [
        CarrierAlias(carrier_id=ids[code], alias=alias, key=key)
        for key, (alias, code) in wanted.items()
        if key not in known
    ]
    CarrierAlias.objects.bulk_create(aliases)
    created["carrier_aliases"] += len(aliases)
    return ids


def _roster_ensure(roster: Roster, created: Counter[str]) -> dict[str, int]:
    agency_ids = _existing(Agency, "code", (a.code for a in roster.agencies))
    agencies = [Agency(**asdict(a)) for a in roster.agencies if a.code not in agency_ids]
    Agency.objects.bulk_create(agencies)
    agency_ids.update({a.code: a.pk for a in agencies})
    broker_ids = _existing(Broker, "npn", (b.npn for b in roster.brokers))
    brokers = [
        _broker(b, agency_ids.get(b.agency_code)) for b in roster.brokers if b.npn not in broker_ids
    ]
    Broker.objects.bulk_create(brokers, batch_size=BATCH_SIZE)
    broker_ids.update({b.npn: b.pk for b in brokers})
    changes = _certification_history(brokers)
    BrokerCertificationChange.objects.bulk_create(changes)
    created.update(agencies=len(agencies), brokers=len(brokers), certification_changes=len(changes))
    return broker_ids


def _broker(row: Any, agency_id: int | None) -> Broker:
    fields = _fields(row)
    fields.pop("weight")
    fields.pop("agency_code")
    return Broker(agency_id=agency_id, **fields)


def _certification_history(brokers: list[Broker]) -> list[BrokerCertificationChange]:
    """Certified, then (for the problem brokers) the status they hold now."""
    changes = []
    for broker in brokers:
        if broker.certification_status == CERTIFIED:
            continue
        for status, on in (
            (CERTIFIED, broker.certified_on),
            (broker.certification_status, broker.status_changed_on),
        ):
            changes.append(
                BrokerCertificationChange(
                    broker=broker, status=status, effective_on=on, recorded_by="seed"
                )
            )
    return changes


def _chunk_ensure(
    plan: SeedPlan,
    roster: Roster,
    chunk: int,
    carrier_ids: dict[str, int],
    broker_ids: dict[str, int],
    created: Counter[str],
) -> int:
    """Insert the chunk's missing households; return how many already existed."""
    start = chunk * CHUNK_SIZE
    stop = min(plan.households, start + CHUNK_SIZE)
    # Case numbers are fixed-width digits, so text order is numeric order.
    existing = set(
        Household.objects.filter(
            case_number__gte=case_number(start), case_number__lte=case_number(stop - 1)
        ).values_list("case_number", flat=True)
    )
    if len(existing) == stop - start:
        return len(existing)  # all there: no need even to generate the chunk
    rows = [r for r in generate_chunk(plan, roster, chunk) if r.case_number not in existing]
    with transaction.atomic():
        _households_insert(rows, carrier_ids, broker_ids, created)
    return len(existing)


def _households_insert(
    rows: list[HouseholdRow],
    carrier_ids: dict[str, int],
    broker_ids: dict[str, int],
    created: Counter[str],
) -> None:
    household_ids = insert_returning_ids(Household, [_household(row) for row in rows])
    enrollments = [
        (_enrollment(e, household_id, carrier_ids), e)
        for household_id, row in zip(household_ids, rows, strict=True)
        for e in row.enrollments
    ]
    enrollment_ids = insert_returning_ids(Enrollment, [values for values, _ in enrollments])
    transmissions = [
        {"enrollment_id": enrollment_id, "batch_id": t.batch_id, "sent_on": t.sent_on}
        for enrollment_id, (_, row) in zip(enrollment_ids, enrollments, strict=True)
        for t in row.transmissions
    ]
    insert_returning_ids(EnrollmentTransmission, transmissions)
    associations = [
        _association(a, household_id, broker_ids)
        for household_id, row in zip(household_ids, rows, strict=True)
        for a in row.associations
    ]
    insert_returning_ids(AorAssociation, associations)
    created.update(
        households=len(household_ids),
        enrollments=len(enrollment_ids),
        enrollment_transmissions=len(transmissions),
        associations=len(associations),
    )


def _household(row: HouseholdRow) -> dict[str, Any]:
    fields = _fields(row)
    for derived in ("index", "enrollments", "associations", "scenario"):
        fields.pop(derived)
    return {**fields, "state": "MN"}


def _enrollment(row: Any, household_id: int, carrier_ids: dict[str, int]) -> dict[str, Any]:
    fields = _fields(row)
    fields.pop("transmissions")
    carrier_id = carrier_ids[fields.pop("carrier_code")]
    return {**fields, "household_id": household_id, "carrier_id": carrier_id}


def _association(row: Any, household_id: int, broker_ids: dict[str, int]) -> dict[str, Any]:
    fields = _fields(row)
    broker_id = broker_ids[fields.pop("broker_npn")]
    return {**fields, "household_id": household_id, "broker_id": broker_id}


def _fields(row: Any) -> dict[str, Any]:
    """A row's own fields, shallow (dataclasses.asdict would deep-copy the children)."""
    return {name: getattr(row, name) for name in row.__dataclass_fields__}
