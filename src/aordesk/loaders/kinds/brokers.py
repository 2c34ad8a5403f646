"""Brokers, known by NPN. An email or certification change leaves its history row."""

from __future__ import annotations

from collections.abc import Sequence

from aordesk.brokers.models import Agency, Broker, BrokerCertificationChange, BrokerEmailChange
from aordesk.loaders.formats import BROKERS
from aordesk.loaders.kinds.base import Change, Loader, Row, ids_by, missing, upsert
from aordesk.loaders.schema import Issue

FIELDS = (
    "first_name",
    "last_name",
    "email",
    "agency_id",
    "certification_status",
    "certified_on",
    "status_changed_on",
)


class BrokerLoader(Loader):
    schema = BROKERS

    def check_chunk(self, rows: Sequence[Row]) -> list[Issue]:
        agencies = ids_by(Agency, "code", (row.values["agency_code"] for row in rows))
        return missing(rows, "agency_code", agencies, "no agency with this code in aordesk")

    def write(self, rows: Sequence[Row], phase: str) -> None:
        agencies = ids_by(Agency, "code", (row.values["agency_code"] for row in rows))
        records = [_record(row, agencies) for row in rows]
        existing = Broker.objects.filter(npn__in=[r["npn"] for r in records])
        changes = upsert(
            model=Broker, records=records, existing=existing, key=("npn",), fields=FIELDS
        )
        for change in changes:
            self.counts.add(change.outcome)
        self._record_history([c for c in changes if c.outcome == "updated"])

    def _record_history(self, changes: Sequence[Change]) -> None:
        BrokerEmailChange.objects.bulk_create(
            BrokerEmailChange(
                broker=c.obj,
                old_email=c.old["email"],
                new_email=c.obj.email,
                changed_by=self.actor.user,
                changed_by_label=self.actor.label,
            )
            for c in changes
            if "email" in c.old
        )
        BrokerCertificationChange.objects.bulk_create(
            BrokerCertificationChange(
                broker=c.obj,
                status=c.obj.certification_status,
                effective_on=c.obj.status_changed_on,
                recorded_by=self.actor.label,
            )
            for c in changes
            if "certification_status" in c.old
        )


def _record(row: Row, agencies: dict) -> dict[str, object]:
    values = row.values
    record = {name: values[name] for name in FIELDS if name != "agency_id"}
    record["npn"] = values["npn"]
    record["agency_id"] = agencies.get(values["agency_code"])
    return record
