"""Receiving a carrier roster and comparing it: keep the original, gate, read, compare,
record the mismatches as the carrier's work list (superseding its earlier roster)."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.services import CSV, artifact_create
from aordesk.carriers.models import Carrier
from aordesk.core.audit import Actor, audit_record
from aordesk.core.dates import business_date, month_start
from aordesk.intake.issues import Issue
from aordesk.reconciliation import compare as core
from aordesk.reconciliation.gate import roster_gate
from aordesk.reconciliation.models import Mismatch, Reconciliation
from aordesk.reconciliation.roster import RosterIssues, RosterRow
from aordesk.reconciliation.roster_csv import csv_roster
from aordesk.reconciliation.roster_x12 import x12_roster
from aordesk.reconciliation.selectors import broker_pks, carrier_sent_lines, enrollment_pks

INSERT_BATCH = 2000


@dataclass
class ReconcileResult:
    reconciliation: Reconciliation
    issues: list[Issue] = field(default_factory=list)
    mismatches: list[dict[str, Any]] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.reconciliation.status == Reconciliation.Status.REFUSED

    def as_dict(self) -> dict[str, Any]:
        r = self.reconciliation
        return {
            "reconciliation": r.pk,
            "carrier": r.carrier.code,
            "status": r.status,
            "roster_rows": r.roster_rows,
            **{key: getattr(r, key) for key in core.COUNT_KEYS},
            "match_rate": None if r.match_rate is None else round(r.match_rate, 6),
            "issue_count": r.issue_count,
            "issues": [i.as_dict() for i in self.issues],
            "mismatches": self.mismatches,
        }


def _store_original(*, carrier: Carrier, path: Path, original_name: str, actor: Actor) -> Artifact:
    # Stored under a generated name: the carrier's file name is data, never a path.
    suffix = Path(original_name).suffix.lower()
    safe = suffix if suffix in (".csv", ".x12", ".edi", ".834", ".txt") else ".bin"

    def write(target: Path) -> None:
        shutil.copyfile(path, target)

    return artifact_create(
        kind=Artifact.Kind.OTHER,
        relative_path=f"rosters/{carrier.code}/{uuid.uuid4().hex}{safe}",
        filename=original_name[:200] or "roster",
        content_type=CSV if safe == ".csv" else "text/plain",
        write=write,
        actor=actor,
    )


def _reader(kind: str, path: Path, only: set[int] | None = None) -> Iterator[RosterRow | Issue]:
    return csv_roster(path, only) if kind == "csv" else x12_roster(path)


def reconciliation_receive(
    *,
    carrier: Carrier,
    path: Path,
    original_name: str,
    actor: Actor,
    received_at: dt.datetime | None = None,
) -> ReconcileResult:
    """Keep the roster whatever it holds; refuse it whole when any row has an error (a row
    not read would look like an AOR the carrier lacks); otherwise compare and record."""
    received_at = received_at or timezone.now()
    artifact = _store_original(carrier=carrier, path=path, original_name=original_name, actor=actor)
    gate = roster_gate(path, original_name=original_name)
    if not gate.kind:
        issues = RosterIssues()
        for issue in gate.issues:
            issues.add(issue)
        return _refuse(carrier, artifact, original_name, received_at, "", issues, actor)
    index, issues = core.roster_index(_reader(gate.kind, path))
    if issues:
        return _refuse(carrier, artifact, original_name, received_at, gate.kind, issues, actor)
    return _compare(
        carrier=carrier,
        artifact=artifact,
        original_name=original_name,
        received_at=received_at,
        source=gate.kind,
        index=index,
        path=path,
        actor=actor,
    )


def _new(
    carrier: Carrier,
    artifact: Artifact,
    name: str,
    at: dt.datetime,
    source: str,
    actor: Actor,
    **fields: Any,
) -> Reconciliation:
    return Reconciliation.objects.create(
        carrier=carrier,
        month=month_start(business_date(at)),
        artifact=artifact,
        original_name=name[:255],
        received_at=at,
        received_by_label=actor.label,
        source=source,
        **fields,
    )


def _refuse(
    carrier: Carrier,
    artifact: Artifact,
    name: str,
    at: dt.datetime,
    source: str,
    issues: RosterIssues,
    actor: Actor,
) -> ReconcileResult:
    """Recorded (the original is kept) but changes nothing: the current roster stays."""
    recon = _new(
        carrier,
        artifact,
        name,
        at,
        source,
        actor,
        status=Reconciliation.Status.REFUSED,
        issues=[i.as_dict() for i in issues.shown],
        issue_count=issues.total,
    )
    audit_record(
        actor=actor,
        action="reconciliation.refuse",
        object_type="reconciliation",
        object_id=recon.pk,
        detail={
            "carrier_code": carrier.code,
            "issues": issues.total,
            "codes": sorted({i.code for i in issues.shown}),
        },
    )
    return ReconcileResult(recon, issues=list(issues.shown))


@transaction.atomic
def _compare(
    *,
    carrier: Carrier,
    artifact: Artifact,
    original_name: str,
    received_at: dt.datetime,
    source: str,
    index: core.RosterIndex,
    path: Path,
    actor: Actor,
) -> ReconcileResult:
    # Two rosters of one carrier queue here, so one of them is current, never both.
    carrier = Carrier.objects.select_for_update().get(pk=carrier.pk)
    rows = len(index)
    recon = _new(
        carrier,
        artifact,
        original_name,
        received_at,
        source,
        actor,
        status=Reconciliation.Status.COMPLETED,
        roster_rows=rows,
    )
    counts = core.Counts()
    found = list(core.compare(index, carrier_sent_lines(carrier_id=carrier.pk), counts))
    del index
    details = _roster_details(source, path, {m.roster_row for m in found if m.roster_row})
    pending = _pending_resends(carrier)
    _insert(recon, found, details, pending)
    for key in core.COUNT_KEYS:
        setattr(recon, key, counts.by_key[key])
    recon.save(update_fields=list(core.COUNT_KEYS))
    superseded = _supersede(carrier=carrier, successor=recon)
    audit_record(
        actor=actor,
        action="reconciliation.complete",
        object_type="reconciliation",
        object_id=recon.pk,
        detail={
            "carrier_code": carrier.code,
            "roster_rows": rows,
            **counts.by_key,
            "superseded": superseded,
        },
    )
    return ReconcileResult(recon, mismatches=[_mismatch_dict(m) for m in found])


def _roster_details(source: str, path: Path, wanted: set[int]) -> dict[int, RosterRow]:
    """A second pass for the few rows that mismatched: the index keeps only id and NPN."""
    if not wanted:
        return {}
    return {
        item.number: item
        for item in _reader(source, path, wanted)
        if isinstance(item, RosterRow) and item.number in wanted
    }


def _pending_resends(carrier: Carrier) -> dict[int, Mismatch]:
    """Resends asked for on the earlier roster that no file has carried yet, by line."""
    return {
        m.line_id: m
        for m in Mismatch.objects.filter(
            reconciliation__carrier=carrier,
            reconciliation__status=Reconciliation.Status.COMPLETED,
            status=Mismatch.Status.RESEND,
            line__resent_as__isnull=True,
        )
        if m.line_id is not None
    }


def _insert(
    recon: Reconciliation,
    found: list[core.Mismatch],
    details: dict[int, RosterRow],
    pending: dict[int, Mismatch],
) -> None:
    unknown = [m.enrollment_id for m in found if m.sent is None]
    pks = enrollment_pks(enrollment_ids=unknown)
    brokers = broker_pks(npns=sorted({m.sent.npn for m in found if m.sent}))
    batch: list[Mismatch] = []
    for m in found:
        batch.append(_mismatch_row(recon, m, details.get(m.roster_row or 0), pks, brokers, pending))
        if len(batch) >= INSERT_BATCH:
            Mismatch.objects.bulk_create(batch)
            batch = []
    Mismatch.objects.bulk_create(batch)


def _mismatch_row(
    recon: Reconciliation,
    m: core.Mismatch,
    row: RosterRow | None,
    pks: dict[str, int],
    brokers: dict[str, int],
    pending: dict[int, Mismatch],
) -> Mismatch:
    line_pk = m.sent.line_pk if m.sent else None
    carried = pending.get(line_pk) if line_pk else None
    return Mismatch(
        reconciliation=recon,
        kind=m.kind.value,
        # A resend asked for and not yet sent is not asked for twice: the new row keeps it.
        status=Mismatch.Status.RESEND if carried else Mismatch.Status.OPEN,
        note=f"Resend asked for on roster {carried.reconciliation_id}." if carried else "",
        acted_by_label=carried.acted_by_label if carried else "",
        acted_at=carried.acted_at if carried else None,
        roster_enrollment_id=m.enrollment_id,
        enrollment_id=m.sent.enrollment_pk if m.sent else pks.get(m.enrollment_id),
        roster_row=m.roster_row,
        roster_npn=m.roster_npn,
        roster_member_name=row.member_name if row else "",
        roster_date_of_birth=row.date_of_birth if row else None,
        roster_effective_on=row.effective_on if row else None,
        roster_carrier_member_id=row.carrier_member_id if row else "",
        line_id=line_pk,
        sent_broker_id=brokers.get(m.sent.npn) if m.sent else None,
    )


def _supersede(*, carrier: Carrier, successor: Reconciliation) -> int:
    """The carrier's earlier current roster steps down; its work still open goes with it
    (a resend not yet sent was carried to the successor's row, if it mismatches again)."""
    earlier = Reconciliation.objects.filter(
        carrier=carrier, status=Reconciliation.Status.COMPLETED
    ).exclude(pk=successor.pk)
    ids = list(earlier.values_list("pk", flat=True))
    Mismatch.objects.filter(reconciliation_id__in=ids).filter(
        status__in=[Mismatch.Status.OPEN, Mismatch.Status.RESEND], line__resent_as__isnull=True
    ).update(status=Mismatch.Status.SUPERSEDED)
    earlier.update(status=Reconciliation.Status.SUPERSEDED, superseded_by=successor)
    return len(ids)


def _mismatch_dict(m: core.Mismatch) -> dict[str, Any]:
    return {
        "kind": m.kind.value,
        "enrollment_id": m.enrollment_id,
        "roster_row": m.roster_row,
        "roster_npn": m.roster_npn or None,
        "sent_npn": m.sent.npn if m.sent else None,
        "transmission": m.sent.batch_id if m.sent else None,
        "sent_on": m.sent.sent_on.isoformat() if m.sent and m.sent.sent_on else None,
        "transmission_line": m.sent.line_pk if m.sent else None,
    }
