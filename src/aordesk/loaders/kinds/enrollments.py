"""Enrollments, known by enrollment id; each names its household and carrier."""

from __future__ import annotations

from collections.abc import Sequence

from aordesk.carriers.models import Carrier
from aordesk.households.models import Enrollment, Household
from aordesk.loaders.formats import ENROLLMENTS
from aordesk.loaders.kinds.base import Loader, Row, ids_by, missing, upsert
from aordesk.loaders.schema import Issue

FIELDS = (
    "household_id",
    "carrier_id",
    "coverage_kind",
    "program",
    "coverage_year",
    "effective_on",
    "end_on",
    "status",
    "completed_on",
)


class EnrollmentLoader(Loader):
    schema = ENROLLMENTS

    def check_chunk(self, rows: Sequence[Row]) -> list[Issue]:
        households, carriers = _references(rows)
        return missing(
            rows, "case_number", households, "no household with this case number in aordesk"
        ) + missing(rows, "carrier_code", carriers, "no carrier with this code in aordesk")

    def write(self, rows: Sequence[Row], phase: str) -> None:
        households, carriers = _references(rows)
        records = [
            {name: row.values[name] for name in ENROLLMENTS.names}
            | {
                "household_id": households[row.values["case_number"]],
                "carrier_id": carriers[row.values["carrier_code"]],
            }
            for row in rows
        ]
        for record in records:
            del record["case_number"], record["carrier_code"]
        existing = Enrollment.objects.filter(
            enrollment_id__in=[r["enrollment_id"] for r in records]
        )
        for change in upsert(
            model=Enrollment,
            records=records,
            existing=existing,
            key=("enrollment_id",),
            fields=FIELDS,
        ):
            self.counts.add(change.outcome)


def _references(rows: Sequence[Row]) -> tuple[dict, dict]:
    households = ids_by(Household, "case_number", (row.values["case_number"] for row in rows))
    carriers = ids_by(Carrier, "code", (row.values["carrier_code"] for row in rows))
    return households, carriers
