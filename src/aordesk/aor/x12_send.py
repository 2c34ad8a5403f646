"""What an X12 carrier's send needs from the database and settings: the envelope with the
next control numbers, and the parties. Reads only; aor.services writes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Max

from aordesk.aor.models import AorTransmission
from aordesk.carriers.models import Carrier
from aordesk.x12.edi834 import Envelope, Parties


def next_control_numbers(*, carrier_id: int) -> tuple[int, int]:
    """(ISA13, GS06) for the carrier's next interchange: one more than its last. Called
    under the carrier's row lock; a send that rolls back used no number, so its rerun gets
    the same ones and rebuilds the same file."""
    last = AorTransmission.objects.filter(carrier_id=carrier_id).aggregate(
        isa=Max("interchange_control_number"), gs=Max("group_control_number")
    )
    return (last["isa"] or 0) + 1, (last["gs"] or 0) + 1


def envelope_for(*, carrier: Carrier, created: dt.datetime) -> Envelope:
    isa, gs = next_control_numbers(carrier_id=carrier.pk)
    return Envelope(
        sender_qualifier=carrier.isa_sender_qualifier,
        sender_id=carrier.isa_sender_id,
        receiver_qualifier=carrier.isa_receiver_qualifier,
        receiver_id=carrier.isa_receiver_id,
        gs_sender=carrier.gs_sender_code,
        gs_receiver=carrier.gs_receiver_code,
        interchange_control_number=isa,
        group_control_number=gs,
        created=created,
        usage=settings.AORDESK_X12_USAGE,
    )


def parties_for(*, carrier: Carrier) -> Parties:
    return Parties(
        sponsor_name=settings.AORDESK_X12_SPONSOR_NAME,
        sponsor_tax_id=settings.AORDESK_X12_SPONSOR_TAX_ID,
        payer_name=carrier.legal_name,
        payer_tax_id=carrier.payer_tax_id,
    )
