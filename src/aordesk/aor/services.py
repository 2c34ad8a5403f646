"""Sending AOR associations to carriers: one file (CSV, or an X12 834 interchange) and one
AorTransmission per carrier;
and voiding associations recorded in error (after a privacy incident)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from django.db import connection, transaction
from django.db.models import F, Field, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from aordesk.aor import carrier_file
from aordesk.aor.ack_selectors import carrier_appointments
from aordesk.aor.models import AorAssociation, AorTransmission, AorTransmissionLine
from aordesk.aor.records import (
    CarrierOutcome,
    CarrierSendResult,
    SendResult,
)
from aordesk.aor.selectors import (
    aor_held_summary,
    carrier_last_sent_on,
    carrier_month_final,
    carrier_transmissions_on,
    carriers_for_sending,
)
from aordesk.aor.send_batch import Batch, write_csv, write_x12
from aordesk.artifacts.models import Artifact
from aordesk.artifacts.services import CSV, artifact_create
from aordesk.artifacts.storage import absolute, data_dir, ensure_private_dir
from aordesk.carriers.models import Carrier
from aordesk.core.audit import Actor, audit_record
from aordesk.core.dates import month_start
from aordesk.core.errors import ApplicationError
from aordesk.x12 import edi834
from aordesk.x12.edi834 import Envelope

__all__ = ["aor_associations_void", "aor_held_summary", "aor_send", "aor_send_carrier"]

LINE_INSERT_BATCH = 5000
# The usual media type of X12 (RFC 1767).
X12 = "application/edi-x12"


@contextmanager
def _private_temp_file() -> Iterator[Path]:
    """A scratch file in the data directory (same file system as the artifact, so the
    hand-over is a rename), removed whatever happens."""
    folder = data_dir() / "tmp"
    ensure_private_dir(folder)
    handle, name = tempfile.mkstemp(dir=folder, suffix=".csv")
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def _refusal(*, carrier: Carrier, send_date: dt.date) -> CarrierOutcome | None:
    if carrier_month_final(carrier_id=carrier.pk, month=month_start(send_date)) is not None:
        return CarrierOutcome.MONTH_CLOSED
    last = carrier_last_sent_on(carrier_id=carrier.pk)
    if last is not None and send_date < last:
        return CarrierOutcome.DATE_BEFORE_LAST_FILE
    return None


def _remove_stray(name: carrier_file.BatchName) -> None:
    """A file under the next batch's name that no artifact records was left by a crash before
    commit; when the rerun has nothing to send, it would otherwise stay, with personal data."""
    if not Artifact.objects.filter(relative_path=name.relative_path).exists():
        absolute(name.relative_path).unlink(missing_ok=True)


def _store(*, name: carrier_file.BatchName, built: Path, actor: Actor) -> Artifact:
    def write(path: Path) -> None:
        shutil.move(built, path)

    return artifact_create(
        kind=Artifact.Kind.AOR_FILE,
        relative_path=name.relative_path,
        filename=name.file_name,
        content_type=X12 if name.extension == "x12" else CSV,
        write=write,
        actor=actor,
    )


def _line_params(
    transmission_id: int, batch: Batch, start: int, stop: int
) -> list[int | str | bool | None]:
    params: list[int | str | bool | None] = []
    for i in range(start, stop):
        number = batch.set_numbers[i]
        params += (
            transmission_id,
            batch.association_ids[i],
            batch.enrollment_ids[i],
            f"{number:04d}" if number else "",
            bool(batch.not_appointed[i]),
            batch.resends[i] or None,
        )
    return params


def _insert_lines(*, transmission_id: int, batch: Batch) -> None:
    """Insert the lines as multi-row INSERTs: a model object per line (bulk_create) or a
    round trip per line (executemany on PostgreSQL) took most of the time of a large send."""
    quote, line = connection.ops.quote_name, AorTransmissionLine
    fields = [
        cast(Field, line._meta.get_field(n))
        for n in (
            "transmission",
            "association",
            "enrollment",
            "transaction_set_control_number",
            "broker_not_appointed",
            "resends",
        )
    ]
    width = len(fields)
    columns = ", ".join(quote(f.column) for f in fields)
    max_params = connection.features.max_query_params or width * LINE_INSERT_BATCH
    step = min(LINE_INSERT_BATCH, max_params // width)
    placeholders = "(" + ", ".join(["%s"] * width) + ")"
    with connection.cursor() as cursor:
        for start in range(0, batch.ready, step):
            stop = min(start + step, batch.ready)
            values = ", ".join([placeholders] * (stop - start))
            cursor.execute(
                f"INSERT INTO {quote(line._meta.db_table)} ({columns}) VALUES {values}",  # noqa: S608
                _line_params(transmission_id, batch, start, stop),
            )


def _record(
    *,
    carrier: Carrier,
    name: carrier_file.BatchName,
    artifact: Artifact | None,
    envelope: Envelope | None,
    batch: Batch,
    final_for_month: bool,
    actor: Actor,
) -> AorTransmission:
    Status = AorTransmission.AckStatus
    transmission = AorTransmission.objects.create(
        carrier=carrier,
        batch_id=name.batch_id,
        sent_on=name.sent_on,
        final_for_month=final_for_month,
        artifact=artifact,
        file_format=carrier.file_format,
        interchange_control_number=envelope.interchange_control_number if envelope else None,
        group_control_number=envelope.group_control_number if envelope else None,
        ack_status=Status.AWAITING if envelope else Status.NOT_EXPECTED,
    )
    _insert_lines(transmission_id=transmission.pk, batch=batch)
    audit_record(
        actor=actor,
        action="aor.transmission.send",
        object_type="aor_transmission",
        object_id=transmission.pk,
        detail={
            "carrier_code": carrier.code,
            "batch_id": name.batch_id,
            "lines": batch.ready,
            "held": batch.held,
            "skipped_not_certified": len(batch.skipped),
            "final_for_month": final_for_month,
            "file_format": carrier.file_format,
            "interchange_control_number": (
                envelope.interchange_control_number if envelope else None
            ),
            "resent": batch.resent,
            "not_appointed": batch.not_appointed_count,
        },
    )
    return transmission


def _batch_name(*, carrier: Carrier, send_date: dt.date) -> carrier_file.BatchName:
    sequence = carrier_transmissions_on(carrier_id=carrier.pk, sent_on=send_date) + 1
    extension = "x12" if carrier.file_format == Carrier.FileFormat.X12_834 else "csv"
    try:
        return carrier_file.BatchName(carrier.code, send_date, sequence, extension)
    except ValueError as error:
        raise ApplicationError(str(error)) from None


@transaction.atomic
def aor_send_carrier(
    *, carrier: Carrier, send_date: dt.date, actor: Actor, final_for_month: bool = False
) -> CarrierSendResult:
    """Build, store and record the carrier's AOR file of `send_date`, all in this transaction:
    a crash before commit leaves at most a stray file that the rerun overwrites."""
    # Two sends to one carrier queue here, so the sequence and the month check hold.
    carrier = Carrier.objects.select_for_update().get(pk=carrier.pk)
    refusal = _refusal(carrier=carrier, send_date=send_date)
    if refusal is not None:
        return CarrierSendResult(carrier_code=carrier.code, outcome=refusal)
    name = _batch_name(carrier=carrier, send_date=send_date)
    batch = Batch(
        carrier_code=carrier.code,
        send_date=send_date,
        appointments=carrier_appointments(carrier_id=carrier.pk),
    )
    envelope: Envelope | None = None
    artifact: Artifact | None = None
    with _private_temp_file() as built:
        with built.open("w", encoding="utf-8", newline="") as handle:
            try:
                if name.extension == "x12":
                    envelope = write_x12(handle, batch, carrier, name)
                else:
                    write_csv(handle, batch, carrier)
            except edi834.X12ValueError as error:
                raise ApplicationError(f"Carrier {carrier.code}: {error}") from None
        if batch.ready == 0 and not final_for_month:
            _remove_stray(name)
            return CarrierSendResult(
                carrier.code, CarrierOutcome.NOTHING_READY, held=batch.held, skipped=batch.skipped
            )
        if batch.ready == 0 and envelope is not None:
            # An 834 has members: the empty closing file of an X12 carrier is recorded
            # (it closes the month) but no interchange is written or awaited.
            envelope = None
            _remove_stray(name)
        else:
            artifact = _store(name=name, built=built, actor=actor)
    _record(
        carrier=carrier,
        name=name,
        artifact=artifact,
        envelope=envelope,
        batch=batch,
        final_for_month=final_for_month,
        actor=actor,
    )
    return CarrierSendResult(
        carrier_code=carrier.code,
        outcome=CarrierOutcome.SENT,
        batch_id=name.batch_id,
        relative_path=artifact.relative_path if artifact else None,
        lines=batch.ready,
        final_for_month=final_for_month,
        held=batch.held,
        skipped=batch.skipped,
        file_format=carrier.file_format,
        resent=batch.resent,
        not_appointed=batch.not_appointed_count,
    )


def aor_send(
    *,
    send_date: dt.date,
    actor: Actor,
    carrier_code: str | None = None,
    final_for_month: bool = False,
) -> SendResult:
    """Send every active carrier's (or the named carrier's) AOR file of `send_date`.

    Not one transaction on purpose: each carrier's file commits on its own, so a failure
    at carrier B keeps carrier A's file, and the rerun finds nothing more to send to A."""
    carriers = list(carriers_for_sending(carrier_code=carrier_code))
    if carrier_code is not None and not carriers:
        raise ApplicationError(f"No active carrier with code {carrier_code!r}.")
    result = SendResult(send_date=send_date)
    for carrier in carriers:
        result.carriers.append(
            aor_send_carrier(
                carrier=carrier, send_date=send_date, actor=actor, final_for_month=final_for_month
            )
        )
    audit_record(
        actor=actor,
        action="aor.send",
        object_type="aor_send",
        object_id=send_date.isoformat(),
        detail={
            "carriers": len(carriers),
            "files": len(result.transmissions),
            "lines": result.lines,
            "held": result.held,
            "skipped_not_certified": len(result.skipped),
            "final_for_month": final_for_month,
        },
    )
    return result


@transaction.atomic
def aor_associations_void(*, association_ids: list[int], actor: Actor, reason: str) -> int:
    """Void associations recorded in error: no report, statement or count shows them again
    (the report selection excludes voided associations). An ended one keeps its end date.
    Returns how many were voided (already voided ones are left as they are)."""
    Status = AorAssociation.Status
    voidable = AorAssociation.objects.filter(pk__in=association_ids).exclude(status=Status.VOIDED)
    ids = sorted(voidable.values_list("pk", flat=True))
    count = AorAssociation.objects.filter(pk__in=ids).update(
        status=Status.VOIDED,
        ended_on=Coalesce(F("ended_on"), Value(timezone.localdate())),
        end_reason=AorAssociation.EndReason.CORRECTION,
    )
    for pk in ids:
        audit_record(
            actor=actor,
            action="aor_association.void",
            object_type="aor_association",
            object_id=pk,
            detail={"end_reason": AorAssociation.EndReason.CORRECTION, "reason": reason[:100]},
        )
    return count
