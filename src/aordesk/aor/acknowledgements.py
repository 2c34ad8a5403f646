"""Recording a carrier's TA1/999 acknowledgement against the transmissions it answers.

All or nothing: an acknowledgement that matches no transmission, or any answer in it that
matches none or contradicts what is recorded, is refused and nothing changes. The same file
twice records nothing the second time. Format and rules: docs/formats/carrier-aor-834.md."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from aordesk.aor.ack_rules import ACK_999, TA1, transition
from aordesk.aor.models import AorAcknowledgement, AorTransmission, AorTransmissionLine
from aordesk.artifacts.models import Artifact
from aordesk.artifacts.services import artifact_create
from aordesk.carriers.models import Carrier
from aordesk.core.audit import Actor, audit_record
from aordesk.core.errors import ApplicationError
from aordesk.x12.acks import AckError, AckFormatError, GroupAnswer, InterchangeAnswer, parse_ack

# A 999 for a large 834 with an error on every line is still far below this.
MAX_ACK_BYTES = 50 * 1024 * 1024
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class AckOutcome:
    """What one acknowledgement file did to one transmission."""

    transmission_id: int
    batch_id: str
    status: str
    carrier_code: str = ""
    kinds: list[str] = field(default_factory=list)
    errors: list[AckError] = field(default_factory=list)
    rejected_sets: list[str] = field(default_factory=list)
    lines_to_resend: int = 0
    already_recorded: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "transmission": self.transmission_id,
            "batch_id": self.batch_id,
            "carrier": self.carrier_code,
            "status": self.status,
            "errors": [error.as_dict() for error in self.errors],
            "kinds": self.kinds,
            "rejected_sets": self.rejected_sets,
            "lines_to_resend": self.lines_to_resend,
            "already_recorded": self.already_recorded,
        }


@dataclass(frozen=True)
class _Answer:
    kind: str
    transmission: AorTransmission
    status: str
    errors: list[AckError]
    rejected_sets: list[str]


def _text(content: bytes) -> str:
    if len(content) > MAX_ACK_BYTES:
        raise ApplicationError(f"The file is larger than {MAX_ACK_BYTES // 1024 // 1024} MB.")
    try:
        return content.decode("ascii")
    except UnicodeDecodeError:
        raise ApplicationError(
            "The file is not plain ASCII text, so it is not an X12 acknowledgement."
        ) from None


def _senders(*, qualifier: str, sender_id: str, carrier: Carrier | None) -> list[Carrier]:
    """The carriers that may have sent it: those we send to under its ISA05/ISA06 (several
    when carriers share a clearinghouse id), or only the named one."""
    found = Carrier.objects.filter(isa_receiver_qualifier=qualifier, isa_receiver_id=sender_id)
    if carrier is not None:
        found = found.filter(pk=carrier.pk)
    carriers = list(found)
    if not carriers:
        whose = f"carrier {carrier.code}" if carrier else "any carrier"
        raise ApplicationError(
            f"The acknowledgement comes from ISA id {qualifier}:{sender_id}, which is not the "
            f"trading partner id of {whose}. Nothing was recorded."
        )
    return carriers


def _find(carriers: list[Carrier], **numbers: int) -> AorTransmission:
    ((name, value),) = numbers.items()
    what = "interchange (ISA13)" if name.startswith("interchange") else "group (GS06)"
    found = list(
        AorTransmission.objects.select_for_update()
        .select_related("carrier")
        .filter(carrier__in=carriers, **numbers)[:2]
    )
    codes = ", ".join(c.code for c in carriers)
    if not found:
        raise ApplicationError(
            f"The acknowledgement answers {what} control number {value}, which matches no "
            f"file sent to carrier {codes}. Nothing was recorded."
        )
    if len(found) > 1:
        raise ApplicationError(
            f"The {what} control number {value} was sent to more than one of {codes} under "
            "this ISA id: record it from that carrier's page or with --carrier."
        )
    return found[0]


def _answers(text: str, carrier: Carrier | None) -> list[_Answer]:
    try:
        parsed = parse_ack(text)
    except AckFormatError as error:
        raise ApplicationError(f"The file is not a TA1 or 999 acknowledgement: {error}.") from None
    senders = _senders(
        qualifier=parsed.sender_qualifier, sender_id=parsed.sender_id, carrier=carrier
    )
    answers = [_ta1(senders, ta1) for ta1 in parsed.interchanges]
    answers += [_999(senders, group) for group in parsed.groups]
    return answers


def _ta1(carriers: list[Carrier], ta1: InterchangeAnswer) -> _Answer:
    found = _find(carriers, interchange_control_number=ta1.interchange_control_number)
    return _Answer(TA1, found, ta1.status, ta1.errors, [])


def _999(carriers: list[Carrier], group: GroupAnswer) -> _Answer:
    found = _find(carriers, group_control_number=group.group_control_number)
    return _Answer(ACK_999, found, group.status, group.all_errors, group.rejected_sets)


def _store(
    *, carrier: Carrier, content: bytes, sha256: str, filename: str, actor: Actor
) -> Artifact:
    safe = _UNSAFE_NAME.sub("_", Path(filename).name)[:80] or "acknowledgement.x12"
    relative = f"carrier-acks/{carrier.code}/{sha256[:16]}-{safe}"
    existing = Artifact.objects.filter(relative_path=relative).first()
    if existing is not None:
        return existing
    return artifact_create(
        kind=Artifact.Kind.CARRIER_ACK,
        relative_path=relative,
        filename=safe,
        content_type="application/edi-x12",
        write=lambda path: _write(path, content),
        actor=actor,
    )


def _write(path: Path, content: bytes) -> None:
    path.write_bytes(content)


def _reject_lines(answer: _Answer, ack: AorAcknowledgement) -> int:
    lines = AorTransmissionLine.objects.filter(
        transmission=answer.transmission, rejected_by__isnull=True
    )
    if answer.status != "rejected":  # a partly accepted group: only its rejected sets
        lines = lines.filter(transaction_set_control_number__in=answer.rejected_sets)
    return lines.update(rejected_by=ack)


@transaction.atomic
def carrier_ack_record(
    *, content: bytes, filename: str, actor: Actor, carrier: Carrier | None = None
) -> list[AckOutcome]:
    """Record a TA1/999 file; one outcome per transmission it answers (see module doc)."""
    text = _text(content)
    answers = _answers(text, carrier)
    sha256 = hashlib.sha256(content).hexdigest()
    outcomes: dict[int, AckOutcome] = {}
    plan = _plan(answers, sha256, outcomes)
    if not plan:
        return list(outcomes.values())  # the same file again: nothing changes
    sender = answers[0].transmission.carrier
    artifact = _store(
        carrier=sender, content=content, sha256=sha256, filename=filename, actor=actor
    )
    now = timezone.now()
    for answer, new_status in plan:
        _apply(
            answer,
            new_status,
            sha256=sha256,
            artifact=artifact,
            now=now,
            outcome=outcomes[answer.transmission.pk],
        )
    for outcome in outcomes.values():
        audit_record(
            actor=actor,
            action="aor.transmission.acknowledge",
            object_type="aor_transmission",
            object_id=outcome.transmission_id,
            detail={
                "carrier_code": outcome.carrier_code,
                "batch_id": outcome.batch_id,
                "status": outcome.status,
                "kinds": outcome.kinds,
                "errors": len(outcome.errors),
                "lines_to_resend": outcome.lines_to_resend,
                "sha256": sha256,
            },
        )
    return list(outcomes.values())


def _plan(
    answers: list[_Answer], sha256: str, outcomes: dict[int, AckOutcome]
) -> list[tuple[_Answer, str | None]]:
    """Check every answer before writing any: (answer, new status or None) to apply."""
    plan: list[tuple[_Answer, str | None]] = []
    # TA1s first, so a 999 in the same file has the last word.
    for answer in sorted(answers, key=lambda a: a.kind != TA1):
        found = answer.transmission
        outcome = outcomes.setdefault(
            found.pk,
            AckOutcome(
                found.pk,
                found.batch_id,
                found.ack_status,
                carrier_code=found.carrier.code,
                already_recorded=True,
            ),
        )
        outcome.kinds.append(answer.kind)
        outcome.errors += answer.errors
        recorded = found.acknowledgements.all()
        if any(a.kind == answer.kind and a.sha256 == sha256 for a in recorded):
            continue
        outcome.already_recorded = False
        kinds = {a.kind for a in recorded} | {
            a.kind for a, _ in plan if a.transmission.pk == found.pk
        }
        current = next(
            (s for a, s in reversed(plan) if a.transmission.pk == found.pk and s), found.ack_status
        )
        step = transition(
            current=current, kinds_recorded=kinds, kind=answer.kind, new=answer.status
        )
        if step.refusal:
            raise ApplicationError(
                f"File {found.batch_id} {step.refusal}; this acknowledgement was not recorded."
            )
        plan.append((answer, step.status))
    return plan


def _apply(
    answer: _Answer,
    new_status: str | None,
    *,
    sha256: str,
    artifact: Artifact,
    now: Any,
    outcome: AckOutcome,
) -> None:
    found = answer.transmission
    ack = AorAcknowledgement.objects.create(
        transmission=found,
        kind=answer.kind,
        status=answer.status,
        errors=[error.as_dict() for error in answer.errors],
        rejected_sets=answer.rejected_sets,
        sha256=sha256,
        artifact=artifact,
        received_at=now,
    )
    if new_status is not None:
        found.ack_status = new_status
        found.ack_errors = ack.errors
        found.acknowledged_at = now
        found.save(update_fields=["ack_status", "ack_errors", "acknowledged_at"])
        outcome.status = new_status
    if answer.status == "rejected" or answer.rejected_sets:
        outcome.lines_to_resend += _reject_lines(answer, ack)
        outcome.rejected_sets = sorted({*outcome.rejected_sets, *answer.rejected_sets})
