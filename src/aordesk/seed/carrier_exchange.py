"""The demo market's carrier exchange: which carriers take X12 834 files, with their
synthetic trading partner ids, and one carrier's broker appointments (all but a few
brokers, so the "not appointed" flag has something to show). Idempotent."""

from __future__ import annotations

import datetime as dt

from aordesk.carriers.models import Carrier, CarrierAppointment

# code -> (ISA receiver id, payer tax id): synthetic, shaped like the real thing.
X12_CARRIERS = {"UCARE": ("UCAREMN", "416000001"), "DELTA": ("DELTADENTALMN", "416000002")}
EXCHANGE_ISA_ID = "MNSURE"
APPOINTING_CARRIER = "UCARE"
# Every this-many-th broker (by NPN) has no appointment with the appointing carrier.
UNAPPOINTED_EVERY = 12


def carrier_exchange_ensure(*, broker_ids: dict[str, int], year: int) -> None:
    for code, (receiver, tax_id) in X12_CARRIERS.items():
        Carrier.objects.filter(code=code, file_format=Carrier.FileFormat.CSV).update(
            file_format=Carrier.FileFormat.X12_834,
            isa_sender_qualifier="ZZ",
            isa_sender_id=EXCHANGE_ISA_ID,
            isa_receiver_qualifier="ZZ",
            isa_receiver_id=receiver,
            gs_sender_code=EXCHANGE_ISA_ID,
            gs_receiver_code=receiver,
            payer_tax_id=tax_id,
        )
    carrier = Carrier.objects.filter(code=APPOINTING_CARRIER).first()
    if carrier is None:
        return
    start = dt.date(year - 1, 1, 1)
    CarrierAppointment.objects.bulk_create(
        [
            CarrierAppointment(broker_id=pk, carrier=carrier, appointed_from=start)
            for n, (_, pk) in enumerate(sorted(broker_ids.items()))
            if n % UNAPPOINTED_EVERY != UNAPPOINTED_EVERY - 1
        ],
        ignore_conflicts=True,
        batch_size=5000,
    )
