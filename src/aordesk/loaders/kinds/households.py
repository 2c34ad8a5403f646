"""Households (cases), known by case number."""

from __future__ import annotations

from collections.abc import Sequence

from aordesk.households.models import Household
from aordesk.loaders.formats import HOUSEHOLDS
from aordesk.loaders.kinds.base import Loader, Row, upsert
from aordesk.review.name_keys import name_keys

KEYS = ("last_name_key", "name_sound_key")
FIELDS = (*(name for name in HOUSEHOLDS.names if name != "case_number"), *KEYS)


class HouseholdLoader(Loader):
    schema = HOUSEHOLDS

    def write(self, rows: Sequence[Row], phase: str) -> None:
        records = [
            {
                **row.values,
                **name_keys(first_name=row.values["first_name"], last_name=row.values["last_name"]),
            }
            for row in rows
        ]
        existing = Household.objects.filter(case_number__in=[r["case_number"] for r in records])
        for change in upsert(
            model=Household,
            records=records,
            existing=existing,
            key=("case_number",),
            fields=FIELDS,
        ):
            self.counts.add(change.outcome)
