"""Enrollment transmissions, known by (enrollment, batch id)."""

from __future__ import annotations

from collections.abc import Sequence

from aordesk.households.models import Enrollment, EnrollmentTransmission
from aordesk.loaders.formats import ENROLLMENT_TRANSMISSIONS
from aordesk.loaders.kinds.base import Loader, Row, ids_by, missing, upsert
from aordesk.loaders.schema import Issue


class EnrollmentTransmissionLoader(Loader):
    schema = ENROLLMENT_TRANSMISSIONS

    def check_chunk(self, rows: Sequence[Row]) -> list[Issue]:
        enrollments = _enrollments(rows)
        return missing(rows, "enrollment_id", enrollments, "no enrollment with this id in aordesk")

    def write(self, rows: Sequence[Row], phase: str) -> None:
        enrollments = _enrollments(rows)
        records = [
            {
                "enrollment_id": enrollments[row.values["enrollment_id"]],
                "batch_id": row.values["batch_id"],
                "sent_on": row.values["sent_on"],
            }
            for row in rows
        ]
        existing = EnrollmentTransmission.objects.filter(
            enrollment_id__in=enrollments.values(),
            batch_id__in={r["batch_id"] for r in records},
        )
        for change in upsert(
            model=EnrollmentTransmission,
            records=records,
            existing=existing,
            key=("enrollment_id", "batch_id"),
            fields=("sent_on",),
        ):
            self.counts.add(change.outcome)


def _enrollments(rows: Sequence[Row]) -> dict:
    return ids_by(Enrollment, "enrollment_id", (row.values["enrollment_id"] for row in rows))
