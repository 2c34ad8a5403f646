"""Reads of the cycle: who gets a unit, each unit's rows in one ordered query, the statement
counts aggregated in SQL, a unit with what its build needs, and the month-close gate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from aordesk.aor.models import AorAssociation, AorTransmissionLine
from aordesk.brokers.models import Broker
from aordesk.carriers.models import Carrier
from aordesk.cycle.models import BrokerReport, Cycle, CycleUnit, Statement
from aordesk.cycle.rules import SendWindow, month_window, year_to_date_window

REPORT_FIELDS = (
    "transmission__sent_on",
    "enrollment__household__last_name",
    "enrollment__household__first_name",
    "enrollment__household__date_of_birth",
    "transmission__carrier_id",
    "association__effective_on",
    "enrollment_id",
)
# Positions in a REPORT_FIELDS row.
ENROLLMENT_AT = 6
REPORT_ORDER = (
    "enrollment__household__last_name",
    "enrollment__household__first_name",
    "enrollment__household__date_of_birth",
    "enrollment_id",
    "transmission__sent_on",
)


def lines_in_window(window: SendWindow) -> QuerySet[AorTransmissionLine]:
    """Lines of the window's coverage year sent in it; a voided association never counts.
    A line sent again after a carrier's rejection counts once, on its first Date Sent."""
    lines = AorTransmissionLine.objects.filter(
        enrollment__coverage_year=window.coverage_year,
        transmission__sent_on__lte=window.last,
        resends__isnull=True,
    ).exclude(association__status=AorAssociation.Status.VOIDED)
    if window.first is not None:
        lines = lines.filter(transmission__sent_on__gte=window.first)
    return lines


def brokers_with_current_year_aors(*, month: dt.date, broker_id: int | None = None) -> list[int]:
    lines = lines_in_window(year_to_date_window(month))
    if broker_id is not None:
        lines = lines.filter(association__broker_id=broker_id)
    ids = lines.values_list("association__broker_id", flat=True).distinct()
    return sorted(set(ids))


def agencies_of(*, broker_ids: list[int]) -> list[int]:
    # Chunked: SQLite limits the number of parameters of one query.
    found: set[int] = set()
    for start in range(0, len(broker_ids), 500):
        chunk = broker_ids[start : start + 500]
        found.update(
            Broker.objects.filter(pk__in=chunk, agency__isnull=False)
            .values_list("agency_id", flat=True)
            .distinct()
        )
    return sorted(found)


def broker_owners(*, broker_ids: list[int]) -> dict[int, tuple[str, str]]:
    """NPN and agency code (blank without one) of each broker."""
    owners: dict[int, tuple[str, str]] = {}
    for start in range(0, len(broker_ids), 500):
        chunk = Broker.objects.filter(pk__in=broker_ids[start : start + 500])
        for pk, npn, code in chunk.values_list("id", "npn", "agency__code"):
            owners[pk] = (npn, code or "")
    return owners


# A broker's lines carry the report's fields and the program, which the statement adds.
BROKER_FIELDS = (*REPORT_FIELDS, "enrollment__program")
PROGRAM_AT = 7


def broker_rows(*, broker_id: int, month: dt.date) -> Iterator[tuple[Any, ...]]:
    """The rows of the broker's report and of its statement's detail (BROKER_FIELDS), ordered
    by enrollee name and DOB, in one query. The statement's own order puts the NPN first,
    which is one value for one broker: both documents list the rows in this order."""
    lines = lines_in_window(month_window(month)).filter(association__broker_id=broker_id)
    return lines.order_by(*REPORT_ORDER).values_list(*BROKER_FIELDS).iterator(chunk_size=5000)


def brokers_rows(*, broker_ids: list[int], month: dt.date) -> dict[int, list[tuple[Any, ...]]]:
    """`broker_rows` of several small brokers in one query: a claim batch's rows, each
    broker's list in report order (BROKER_FIELDS). Callers size the batch to fit memory."""
    lines = lines_in_window(month_window(month)).filter(association__broker_id__in=broker_ids)
    ordered = lines.order_by("association__broker_id", *REPORT_ORDER)
    found: dict[int, list[tuple[Any, ...]]] = {pk: [] for pk in broker_ids}
    for broker_id, *row in ordered.values_list("association__broker_id", *BROKER_FIELDS):
        found[broker_id].append(tuple(row))
    return found


STATEMENT_FIELDS = (
    *REPORT_FIELDS,
    "association__broker__npn",
    "association__broker__first_name",
    "association__broker__last_name",
    "enrollment__program",
)


def statement_rows(
    *, month: dt.date, broker_id: int | None = None, agency_id: int | None = None
) -> Iterator[tuple[Any, ...]]:
    """Statement detail rows (STATEMENT_FIELDS) of one broker or of every broker of an
    agency, by NPN then enrollee name and DOB, in one query (a broker's unit reads
    `broker_rows` instead)."""
    lines = _owned(lines_in_window(month_window(month)), broker_id, agency_id)
    order = ("association__broker__npn", *REPORT_ORDER)
    return lines.order_by(*order).values_list(*STATEMENT_FIELDS).iterator(chunk_size=5000)


def statement_counts(
    *, month: dt.date, broker_id: int | None = None, agency_id: int | None = None
) -> list[dict[str, Any]]:
    """Distinct households by NPN x program x carrier, sent in M and year to date."""
    lines = _owned(lines_in_window(year_to_date_window(month)), broker_id, agency_id)
    return list(_counted(lines, month))


def brokers_statement_counts(
    *, broker_ids: list[int], month: dt.date
) -> dict[int, list[dict[str, Any]]]:
    """`statement_counts` of several brokers (a claim batch) in one query."""
    lines = lines_in_window(year_to_date_window(month)).filter(
        association__broker_id__in=broker_ids
    )
    found: dict[int, list[dict[str, Any]]] = {pk: [] for pk in broker_ids}
    for entry in _counted(lines, month, "association__broker_id"):
        found[entry.pop("association__broker_id")].append(entry)
    return found


def _counted(
    lines: QuerySet[AorTransmissionLine], month: dt.date, *extra: str
) -> QuerySet[AorTransmissionLine, dict[str, Any]]:
    in_month = month_window(month)
    month_filter = None if in_month.first is None else Q(transmission__sent_on__gte=in_month.first)
    grouped = lines.values(
        *extra,
        "association__broker__npn",
        "association__broker__first_name",
        "association__broker__last_name",
        "enrollment__program",
        "transmission__carrier_id",
    )
    household = "enrollment__household_id"
    counted = grouped.annotate(
        sent_in_month=Count(household, distinct=True, filter=month_filter),
        year_to_date=Count(household, distinct=True),
    )
    return counted.order_by(
        *extra, "association__broker__npn", "enrollment__program", "transmission__carrier_id"
    )


def _owned(
    lines: QuerySet[AorTransmissionLine], broker_id: int | None, agency_id: int | None
) -> QuerySet[AorTransmissionLine]:
    if (broker_id is None) == (agency_id is None):
        raise ValueError("give exactly one of broker_id and agency_id")
    if broker_id is not None:
        return lines.filter(association__broker_id=broker_id)
    return lines.filter(association__broker__agency_id=int(agency_id or 0))


def report_row_counts(*, month: dt.date) -> dict[int, int]:
    """Rows each broker's report would have (the dry run), in one grouped query."""
    lines = lines_in_window(month_window(month))
    grouped = lines.values("association__broker_id").annotate(
        rows=Count("enrollment_id", distinct=True)
    )
    return {entry["association__broker_id"]: entry["rows"] for entry in grouped}


def carrier_display_names() -> dict[int, str]:
    return dict(Carrier.objects.values_list("id", "display_name"))


def active_carrier_names() -> list[str]:
    return list(
        Carrier.objects.filter(active=True)
        .order_by("display_name")
        .values_list("display_name", flat=True)
    )


def cycle_for_month(*, month: dt.date) -> Cycle | None:
    return Cycle.objects.filter(month=month).first()


def cycle_unit_counts(*, cycle: Cycle) -> dict[str, int]:
    counts = {status: 0 for status in CycleUnit.Status.values}
    grouped = cycle.units.values("status").annotate(n=Count("id")).order_by()
    for entry in grouped:
        counts[entry["status"]] = entry["n"]
    return counts


def cycle_units_failed(*, cycle: Cycle) -> QuerySet[CycleUnit]:
    """The failed units with their owners, for the operations page (error codes only)."""
    units = cycle.units.filter(status=CycleUnit.Status.FAILED)
    return units.select_related("broker", "agency").order_by("id")


def cycle_units_to_queue(*, cycle: Cycle, broker_id: int | None = None) -> list[tuple[int, int]]:
    """The pending units' ids and expected rows, in the order workers claim them."""
    units = cycle.units.filter(status=CycleUnit.Status.PENDING)
    if broker_id is not None:
        units = units.filter(broker_id=broker_id)
    return list(units.order_by("id").values_list("id", "expected_rows"))


def cycle_units_for_build(units: QuerySet[CycleUnit]) -> QuerySet[CycleUnit]:
    """The units with their cycle and owner: the claim reads the unit it takes this way."""
    return units.select_related("cycle", "broker", "agency")


def units_latest_versions(*, units: list[CycleUnit]) -> dict[int, tuple[int, int]]:
    """The latest report and statement versions of each unit's owner for the cycle's month
    (0 before the first), for a claim batch (one month) in at most two queries."""
    if not units:
        return {}
    month = units[0].cycle.month
    broker_ids = [u.broker_id for u in units if u.broker_id is not None]
    agency_ids = [u.agency_id for u in units if u.agency_id is not None]
    reports = dict(
        BrokerReport.objects.filter(month=month, broker_id__in=broker_ids)
        .values("broker_id")
        .annotate(latest=Max("version"))
        .values_list("broker_id", "latest")
    )
    owned = Q(kind="broker", broker_id__in=broker_ids) | Q(kind="agency", agency_id__in=agency_ids)
    statements: dict[tuple[str, int], int] = {}
    grouped = (
        Statement.objects.filter(owned, month=month)
        .values("kind", "broker_id", "agency_id")
        .annotate(latest=Max("version"))
    )
    for entry in grouped:
        owner = entry["broker_id"] if entry["kind"] == "broker" else entry["agency_id"]
        statements[(entry["kind"], owner)] = entry["latest"]
    return {u.pk: _versions_of(u, reports, statements) for u in units}


def _versions_of(
    unit: CycleUnit, reports: dict[int, int], statements: dict[tuple[str, int], int]
) -> tuple[int, int]:
    if unit.agency_id is not None:
        return 0, statements.get(("agency", unit.agency_id), 0)
    broker_id = int(unit.broker_id or 0)
    return reports.get(broker_id, 0), statements.get(("broker", broker_id), 0)


@dataclass(frozen=True)
class GateState:
    statuses: list[Any]
    open_codes: list[str]

    def open_names(self) -> list[str]:
        names = {s.carrier_code: s.carrier_name for s in self.statuses}
        return [f"{names.get(code, code)} ({code})" for code in self.open_codes]


def month_gate(*, month: dt.date) -> GateState:
    """Every active carrier's AOR files of M and whether its final file is out."""
    # Imported here: the aor app's gate is built beside this one.
    from aordesk.aor.gate import gate_open_carriers
    from aordesk.aor.selectors import carrier_month_gate

    statuses = carrier_month_gate(month=month)
    return GateState(statuses=list(statuses), open_codes=list(gate_open_carriers(statuses)))
