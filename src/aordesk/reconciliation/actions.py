"""Staff actions on a mismatch of the work list: resend the AOR in the carrier's next
file (once), resolve with a note, or open a claim on the broker's behalf. Each audited."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from aordesk.aor.models import AorTransmissionLine
from aordesk.brokers.models import Broker
from aordesk.core.audit import Actor, audit_record
from aordesk.core.errors import ApplicationError, TransitionError
from aordesk.intake.models import Submission
from aordesk.intake.services import submission_receive
from aordesk.reconciliation.models import Mismatch, Reconciliation

Status = Mismatch.Status


def _locked(mismatch: Mismatch) -> Mismatch:
    locked = (
        Mismatch.objects.select_for_update().select_related("reconciliation").get(pk=mismatch.pk)
    )
    if locked.status != Status.OPEN:
        raise TransitionError(
            f"This mismatch is already {locked.get_status_display().lower()}; nothing changed."
        )
    if locked.reconciliation.status != Reconciliation.Status.COMPLETED:
        raise TransitionError("A later roster superseded this one; work the current list.")
    return locked


def _done(mismatch: Mismatch, *, status: str, note: str, actor: Actor, action: str) -> None:
    mismatch.status = status
    mismatch.note = note.strip()
    mismatch.acted_by_label = actor.label
    mismatch.acted_at = timezone.now()
    mismatch.save(update_fields=["status", "note", "acted_by_label", "acted_at", "claim"])
    audit_record(
        actor=actor,
        action=action,
        object_type="roster_mismatch",
        object_id=mismatch.pk,
        detail={"kind": mismatch.kind, "reconciliation": mismatch.reconciliation_id},
    )


@transaction.atomic
def mismatch_resend(*, mismatch: Mismatch, actor: Actor, note: str = "") -> Mismatch:
    """The AOR line goes again in the carrier's next file, once: a line asked for (or
    already resent) on any roster is not asked for again."""
    mismatch = _locked(mismatch)
    if mismatch.line_id is None:
        raise ApplicationError("aordesk never sent this enrollment to the carrier: no resend.")
    already = Mismatch.objects.filter(line_id=mismatch.line_id, status=Status.RESEND).exclude(
        pk=mismatch.pk
    )
    resent = AorTransmissionLine.objects.filter(resends_id=mismatch.line_id).exists()
    if already.exists() or resent:
        raise ApplicationError("This AOR line is already being sent again; it is sent once.")
    _done(mismatch, status=Status.RESEND, note=note, actor=actor, action="roster_mismatch.resend")
    return mismatch


@transaction.atomic
def mismatch_resolve(*, mismatch: Mismatch, actor: Actor, note: str) -> Mismatch:
    if not note.strip():
        raise ApplicationError("Say how it was resolved: the note is required.")
    mismatch = _locked(mismatch)
    _done(
        mismatch, status=Status.RESOLVED, note=note, actor=actor, action="roster_mismatch.resolve"
    )
    return mismatch


def _claim_broker(mismatch: Mismatch) -> Broker:
    """The broker who would report it: the one aordesk sent (the carrier lacks them), or,
    for an AOR aordesk never sent, the broker the carrier pays."""
    if mismatch.sent_broker is not None:
        return mismatch.sent_broker
    broker = Broker.objects.filter(npn=mismatch.roster_npn).first()
    if broker is None:
        raise ApplicationError(
            f"No broker with NPN {mismatch.roster_npn} is known: no claim can be opened."
        )
    return broker


@transaction.atomic
def mismatch_claim_open(*, mismatch: Mismatch, actor: Actor, note: str = "") -> Mismatch:
    """A one-row discrepancy file recorded by staff for the broker, through intake, so the
    claim is checked, queued and decided like any the broker sends."""
    mismatch = _locked(mismatch)
    if mismatch.enrollment is None:
        raise ApplicationError("The roster's Enrollment ID is not one of ours: no consumer.")
    broker = _claim_broker(mismatch)
    with tempfile.TemporaryDirectory(prefix="aordesk-roster-claim-") as folder:
        path = Path(folder) / "claim.csv"
        _claim_file(path, mismatch, note)
        result = submission_receive(
            broker=broker,
            path=path,
            original_name=f"roster-mismatch-{mismatch.pk}.csv",
            channel=Submission.Channel.STAFF,
            actor=actor,
        )
    claim = result.submission.claims.order_by("pk").first()
    if claim is None:
        reasons = "; ".join(issue.message for issue in result.issues[:3])
        raise ApplicationError(f"Intake did not accept the claim: {reasons}")
    mismatch.claim = claim
    _done(
        mismatch,
        status=Status.CLAIM_OPENED,
        note=note,
        actor=actor,
        action="roster_mismatch.claim_open",
    )
    return mismatch


def _claim_file(path: Path, mismatch: Mismatch, note: str) -> None:
    enrollment = mismatch.enrollment
    assert enrollment is not None
    household = enrollment.household
    method = mismatch.line.association.method if mismatch.line else ""
    comment = f"Opened by staff from carrier roster reconciliation {mismatch.reconciliation_id}"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "First Name",
                "Last Name",
                "Date of Birth",
                "Application Date",
                "Carrier",
                "Method of AOR Submission",
                "Comments",
            ]
        )
        writer.writerow(
            [
                household.first_name,
                household.last_name,
                household.date_of_birth.strftime("%m/%d/%Y"),
                household.application_submitted_on.strftime("%m/%d/%Y"),
                enrollment.carrier.display_name,
                {"portal": "Portal", "electronic": "Electronic", "paper": "PDF"}.get(method, ""),
                f"{comment}. {note}".strip()[:500],
            ]
        )
