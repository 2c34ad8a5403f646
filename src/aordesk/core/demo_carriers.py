"""The demo's X12 carriers answer: each acknowledges its 834 files with the 999 pyx12 (the
HIPAA validator a carrier's translator resembles) writes for them, all but its latest file,
which stays awaiting so the desk and dashboard show both states. Idempotent."""

from __future__ import annotations

from aordesk.aor.acknowledgements import carrier_ack_record
from aordesk.aor.models import AorTransmission
from aordesk.artifacts.storage import absolute
from aordesk.carriers.models import Carrier
from aordesk.core.audit import Actor
from aordesk.x12.validation import pyx12_999


def demo_carriers_acknowledge(*, actor: Actor) -> int:
    """Record one 999 per X12 carrier for its awaiting files but the latest; returns how
    many files were acknowledged. One pyx12 run per carrier (its maps load once)."""
    acknowledged = 0
    for carrier in Carrier.objects.filter(file_format=Carrier.FileFormat.X12_834):
        awaiting = list(
            AorTransmission.objects.filter(
                carrier=carrier, ack_status=AorTransmission.AckStatus.AWAITING
            ).order_by("interchange_control_number")
        )
        latest = (
            AorTransmission.objects.filter(carrier=carrier, artifact__isnull=False).latest(
                "interchange_control_number"
            )
            if awaiting
            else None
        )
        files = [t for t in awaiting if t != latest and t.artifact is not None]
        if not files:
            continue
        text = "".join(absolute(t.artifact.relative_path).read_text("ascii") for t in files)  # type: ignore[union-attr]
        answer = pyx12_999(text)
        outcomes = carrier_ack_record(
            content=answer.encode("ascii"),
            filename=f"{carrier.code}-demo.999",
            actor=actor,
            carrier=carrier,
        )
        acknowledged += len(outcomes)
    return acknowledged
