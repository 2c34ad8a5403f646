"""AOR associations, known by reference. At most one active association per household:
checked against the file and the database together, and written ended-first so the
database's one-active rule never sees two at once."""

from __future__ import annotations

from collections.abc import Sequence

from aordesk.aor.models import AorAssociation
from aordesk.brokers.models import Broker
from aordesk.households.models import Household
from aordesk.loaders.formats import ASSOCIATIONS
from aordesk.loaders.kinds.base import KEYS, Loader, Row, ids_by, missing, upsert
from aordesk.loaders.schema import Issue

FIELDS = (
    "broker_id",
    "household_id",
    "method",
    "received_on",
    "effective_on",
    "ended_on",
    "end_reason",
    "status",
)
ACTIVE = "active"


class AssociationLoader(Loader):
    schema = ASSOCIATIONS
    phases = ("not_active", "active")

    def check_chunk(self, rows: Sequence[Row]) -> list[Issue]:
        brokers, households = _references(rows)
        issues = missing(rows, "npn", brokers, "no broker with this NPN in aordesk")
        issues += missing(
            rows, "case_number", households, "no household with this case number in aordesk"
        )
        homes = dict(
            AorAssociation.objects.filter(
                reference__in=[row.values["reference"] for row in rows]
            ).values_list("reference", "household__case_number")
        )
        issues += [
            Issue(row.number, "case_number", "an association cannot move to another household")
            for row in rows
            if homes.get(row.values["reference"], row.values["case_number"])
            != row.values["case_number"]
        ]
        active = [
            (row.values["case_number"], row.number, row.values["reference"])
            for row in rows
            if row.values["status"] == ACTIVE
        ]
        issues += [
            Issue(
                number, "status", f"the household already has an active association on row {first}"
            )
            for number, _, first in self.store.claim(ACTIVE, active)
        ]
        return issues

    def finish_check(self) -> list[Issue]:
        """An active association in the database that the file does not mention stays
        active, so the file may not make another one active for that household."""
        issues: list[Issue] = []
        for batch in self.store.scan(ACTIVE, 2000):
            current = AorAssociation.objects.filter(
                status=ACTIVE, household__case_number__in=[case for case, _, _ in batch]
            ).values_list("household__case_number", "reference")
            others = {case: ref for case, ref in current}
            mentioned = self.store.rows(KEYS, others.values())
            issues += [
                Issue(
                    row,
                    "status",
                    f"the household already has active association {others[case]} in aordesk;"
                    " end it first, or in this file",
                )
                for case, row, reference in batch
                if others.get(case, reference) != reference and others[case] not in mentioned
            ]
        return issues

    def write(self, rows: Sequence[Row], phase: str) -> None:
        rows = [row for row in rows if (row.values["status"] == ACTIVE) == (phase == ACTIVE)]
        brokers, households = _references(rows)
        records = [
            {name: row.values[name] for name in ("reference", *FIELDS) if name in row.values}
            | {
                "broker_id": brokers[row.values["npn"]],
                "household_id": households[row.values["case_number"]],
            }
            for row in rows
        ]
        existing = AorAssociation.objects.filter(reference__in=[r["reference"] for r in records])
        for change in upsert(
            model=AorAssociation,
            records=records,
            existing=existing,
            key=("reference",),
            fields=FIELDS,
        ):
            self.counts.add(change.outcome)


def _references(rows: Sequence[Row]) -> tuple[dict, dict]:
    brokers = ids_by(Broker, "npn", (row.values["npn"] for row in rows))
    households = ids_by(Household, "case_number", (row.values["case_number"] for row in rows))
    return brokers, households
