"""Carrier appointments, known by (NPN, carrier, appointed from): reference data the send
reads to flag lines whose broker the carrier has not appointed (aor.services)."""

from __future__ import annotations

from collections.abc import Sequence

from aordesk.brokers.models import Broker
from aordesk.carriers.models import Carrier, CarrierAppointment
from aordesk.loaders.formats import APPOINTMENTS
from aordesk.loaders.kinds.base import Loader, Row, ids_by, missing, upsert
from aordesk.loaders.schema import Issue


class AppointmentLoader(Loader):
    schema = APPOINTMENTS

    def check_chunk(self, rows: Sequence[Row]) -> list[Issue]:
        brokers, carriers = _references(rows)
        return missing(rows, "npn", brokers, "no broker with this NPN in aordesk") + missing(
            rows, "carrier_code", carriers, "no carrier with this code in aordesk"
        )

    def write(self, rows: Sequence[Row], phase: str) -> None:
        brokers, carriers = _references(rows)
        records = [
            {
                "broker_id": brokers[row.values["npn"]],
                "carrier_id": carriers[row.values["carrier_code"]],
                "appointed_from": row.values["appointed_from"],
                "appointed_until": row.values["appointed_until"],
            }
            for row in rows
        ]
        existing = CarrierAppointment.objects.filter(
            broker_id__in=brokers.values(), carrier_id__in=carriers.values()
        )
        for change in upsert(
            model=CarrierAppointment,
            records=records,
            existing=existing,
            key=("broker_id", "carrier_id", "appointed_from"),
            fields=("appointed_until",),
        ):
            self.counts.add(change.outcome)


def _references(rows: Sequence[Row]) -> tuple[dict, dict]:
    brokers = ids_by(Broker, "npn", (row.values["npn"] for row in rows))
    carriers = ids_by(Carrier, "code", (row.values["carrier_code"] for row in rows))
    return brokers, carriers
