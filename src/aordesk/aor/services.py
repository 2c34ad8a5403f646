"""Sending AOR associations to carriers: one CSV file and one AorTransmission per carrier;
and voiding associations recorded in error (after a privacy incident)."""

from __future__ import annotations

import datetime as dt
import shutil
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from aordesk.aor import carrier_file
from aordesk.aor.models import AorAssociation, AorTransmission, AorTransmissionLine
from aordesk.aor.records import CarrierOutcome, CarrierSendResult, LineRef, SendResult
from aordesk.aor.rules import LineStatus
from aordesk.aor.selectors import (
    aor_held_summary,
    aor_pending_lines,
    carrier_last_sent_on,
    carrier_month_final,
    carrier_transmissions_on,
    carriers_for_sending,
)
from aordesk.artifacts.models import Artifact
from aordesk.artifacts.services import CSV, artifact_create
from aordesk.artifacts.storage import absolute, scratch_path
from aordesk.carriers.models import Carrier
from aordesk.core.audit import Actor, audit_record
from aordesk.core.dates import month_start
from aordesk.core.errors import ApplicationError

__all__ = ["aor_associations_void", "aor_held_summary", "aor_send", "aor_send_carrier"]

LINE_INSERT_BATCH = 5000


@dataclass
class _Batch:
    """What one pass over a carrier's pending lines found. The ids of the lines written are
    kept as two int64 arrays (16 bytes a line), not as model objects, so a million fit."""

    carrier_code: str
    send_date: dt.date
    held: int = 0
    skipped: list[LineRef] = field(default_factory=list)
    association_ids: array = field(default_factory=lambda: array("q"))
    enrollment_ids: array = field(default_factory=lambda: array("q"))

    @property
    def ready(self) -> int:
        return len(self.enrollment_ids)


def _ready_rows(batch: _Batch, carrier_id: int) -> Iterator[carrier_file.FileRow]:
    """Classify each pending line with the hold rule; yield the file row of each ready one."""
    for line in aor_pending_lines(carrier_id=carrier_id, as_of=batch.send_date):
        status = line.status(batch.send_date)
        if status == LineStatus.READY:
            batch.association_ids.append(line.association_pk)
            batch.enrollment_ids.append(line.enrollment_pk)
            yield line.file_row(batch.carrier_code)
        elif status == LineStatus.HELD_ENROLLMENT_NOT_SENT:
            batch.held += 1
        elif status == LineStatus.BROKER_NOT_CERTIFIED:
            batch.skipped.append(LineRef.of(line, carrier_code=batch.carrier_code, reason=status))


@contextmanager
def _private_temp_file() -> Iterator[Path]:
    """A scratch file in memory (the file is only known to be worth keeping once every
    line is classified), sealed into the data directory by _store; gone whatever happens."""
    with scratch_path(".csv") as path:
        yield path


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
    def write(out: BinaryIO) -> None:
        with built.open("rb") as source:
            shutil.copyfileobj(source, out)

    return artifact_create(
        kind=Artifact.Kind.AOR_FILE,
        relative_path=name.relative_path,
        filename=name.file_name,
        content_type=CSV,
        stream=write,
        actor=actor,
    )


def _insert_lines(*, transmission_id: int, batch: _Batch) -> None:
    """Insert the lines as multi-row INSERTs: a model object per line (bulk_create) or a
    round trip per line (executemany on PostgreSQL) took most of the time of a large send."""
    quote, line = connection.ops.quote_name, AorTransmissionLine
    fields = (line.transmission.field, line.association.field, line.enrollment.field)
    columns = ", ".join(quote(fk.column) for fk in fields)
    max_params = connection.features.max_query_params or 3 * LINE_INSERT_BATCH
    step = min(LINE_INSERT_BATCH, max_params // 3)
    with connection.cursor() as cursor:
        for start in range(0, batch.ready, step):
            stop = min(start + step, batch.ready)
            values = ", ".join(["(%s, %s, %s)"] * (stop - start))
            params: list[int] = []
            for a, e in zip(
                batch.association_ids[start:stop], batch.enrollment_ids[start:stop], strict=True
            ):
                params += (transmission_id, a, e)
            cursor.execute(
                f"INSERT INTO {quote(line._meta.db_table)} ({columns}) VALUES {values}",  # noqa: S608
                params,
            )


def _record(
    *,
    carrier: Carrier,
    name: carrier_file.BatchName,
    artifact: Artifact,
    batch: _Batch,
    final_for_month: bool,
    actor: Actor,
) -> AorTransmission:
    transmission = AorTransmission.objects.create(
        carrier=carrier,
        batch_id=name.batch_id,
        sent_on=name.sent_on,
        final_for_month=final_for_month,
        artifact=artifact,
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
        },
    )
    return transmission


def _batch_name(*, carrier: Carrier, send_date: dt.date) -> carrier_file.BatchName:
    sequence = carrier_transmissions_on(carrier_id=carrier.pk, sent_on=send_date) + 1
    try:
        return carrier_file.BatchName(carrier.code, send_date, sequence)
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
    batch = _Batch(carrier_code=carrier.code, send_date=send_date)
    with _private_temp_file() as built:
        with built.open("w", encoding="utf-8", newline="") as handle:
            carrier_file.write_rows(handle, _ready_rows(batch, carrier.pk))
        if batch.ready == 0 and not final_for_month:
            _remove_stray(name)
            return CarrierSendResult(
                carrier.code, CarrierOutcome.NOTHING_READY, held=batch.held, skipped=batch.skipped
            )
        artifact = _store(name=name, built=built, actor=actor)
    _record(
        carrier=carrier,
        name=name,
        artifact=artifact,
        batch=batch,
        final_for_month=final_for_month,
        actor=actor,
    )
    return CarrierSendResult(
        carrier_code=carrier.code,
        outcome=CarrierOutcome.SENT,
        batch_id=name.batch_id,
        relative_path=artifact.relative_path,
        lines=batch.ready,
        final_for_month=final_for_month,
        held=batch.held,
        skipped=batch.skipped,
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
