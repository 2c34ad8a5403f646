"""Agencies, known by code."""

from __future__ import annotations

from collections.abc import Sequence

from aordesk.brokers.models import Agency
from aordesk.loaders.formats import AGENCIES
from aordesk.loaders.kinds.base import Loader, Row, upsert

FIELDS = ("name", "admin_name", "admin_email", "admin_phone")


class AgencyLoader(Loader):
    schema = AGENCIES

    def write(self, rows: Sequence[Row], phase: str) -> None:
        records = [{"code": row.values["code"]} | _fields(row) for row in rows]
        existing = Agency.objects.filter(code__in=[r["code"] for r in records])
        for change in upsert(
            model=Agency, records=records, existing=existing, key=("code",), fields=FIELDS
        ):
            self.counts.add(change.outcome)


def _fields(row: Row) -> dict[str, object]:
    return {name: row.values[name] for name in FIELDS}
