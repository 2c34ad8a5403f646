"""The review queue's writes: triage (candidates and a proposal), taking the next claim,
deciding, asking the broker for more, the broker's answer, and reopening. Each is atomic,
locks the claim, moves its status through workflow.TRANSITIONS, and is audited (ids and
codes only: never a consumer's name or DOB)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from aordesk.accounts.models import User
from aordesk.artifacts.models import Artifact
from aordesk.core.audit import Actor, AuditEntry, audit_record, audit_record_many
from aordesk.core.dates import business_today
from aordesk.core.errors import ApplicationError, TransitionError
from aordesk.intake.models import Claim
from aordesk.messaging.models import Message
from aordesk.messaging.services import message_post
from aordesk.review import determination as core
from aordesk.review.evidence import claim_evidence, claims_evidence
from aordesk.review.matching import ScoredCandidate, rank
from aordesk.review.models import Assignment, Candidate, Decision, InfoRequest, Proposal
from aordesk.review.selectors import FIFO
from aordesk.review.texts import info_body, info_subject
from aordesk.review.workflow import claim_transition_check

Status = Claim.Status
# A DOB block of a million households holds a few dozen people: the best ten are plenty
# for a person to compare, and the rest score far below the floor.
MAX_CANDIDATES = 10
# Claims triaged per transaction: their evidence is read together (a handful of queries per
# batch instead of per claim); small enough that a failure costs little to redo.
TRIAGE_BATCH = 200
SYSTEM = Actor.system("review")
_TAKE_ATTEMPTS = 5


def _locked(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _move(claim: Claim, status: str) -> None:
    claim_transition_check(claim.status, status)
    claim.status = status
    claim.save(update_fields=["status"])


def _audit(actor: Actor, action: str, claim: Claim, **detail: object) -> None:
    audit_record(actor=actor, action=action, object_type="claim", object_id=claim.pk, detail=detail)


def _particulars_json(particulars: core.Particulars) -> dict[str, str]:
    return {key: str(value) for key, value in asdict(particulars).items() if value is not None}


def _particulars(data: dict[str, str]) -> core.Particulars:
    def day(key: str) -> dt.date | None:
        return dt.date.fromisoformat(data[key]) if key in data else None

    return core.Particulars(
        method=data.get("method"),
        received_on=day("received_on"),
        sent_on=day("sent_on"),
        report_month=day("report_month"),
        enrollment_id=data.get("enrollment_id"),
    )


def _candidate_rows(
    claim: Claim, ranked: list[ScoredCandidate], enrollments: dict
) -> list[Candidate]:
    """The best MAX_CANDIDATES, each with its reasons and its combined evidence weight."""
    return [
        Candidate(
            claim=claim,
            household_id=scored.candidate.household_id,
            enrollment_id=enrollments.get(scored.candidate.household_id),
            score=scored.score.value,
            reasons=[
                *({"code": r.code, "text": r.text} for r in scored.score.reasons),
                {
                    "code": "evidence_weight",
                    "text": f"evidence combined: {scored.score.weight:.1f} bits",
                },
            ],
            rank=position,
        )
        for position, scored in enumerate(ranked[:MAX_CANDIDATES], start=1)
    ]


def _candidates_record(claim: Claim, ranked: list[ScoredCandidate], enrollments: dict) -> int:
    claim.candidates.all().delete()
    rows = _candidate_rows(claim, ranked, enrollments)
    Candidate.objects.bulk_create(rows)
    return len(rows)


def _proposal_fields(proposal: core.Proposal, actor: Actor) -> dict[str, object]:
    return {
        "internal_code": proposal.internal_code.value,
        "broker_code": proposal.broker_code.value,
        "confidence": proposal.confidence,
        "confident": proposal.confident,
        "household_id": proposal.household_id,
        "staff_reason": core.staff_explanation(proposal),
        "broker_explanation": core.broker_explanation(proposal),
        "needs": proposal.needs or "",
        "particulars": _particulars_json(proposal.particulars),
        "reasons": [{"code": r.code, "text": r.text} for r in proposal.reasons],
        "proposed_by": actor.label,
        "proposed_at": timezone.now(),
    }


def _proposal_record(claim: Claim, proposal: core.Proposal, actor: Actor) -> Proposal:
    record, _ = Proposal.objects.update_or_create(
        claim=claim, defaults=_proposal_fields(proposal, actor)
    )
    return record


def _auto_decides(claim: Claim, proposal: Proposal) -> bool:
    return (
        settings.REVIEW_AUTO_DECIDE
        and proposal.confident
        and claim.status == Status.NEW
        and not claim.needs_review
    )


@transaction.atomic
def claim_triage(*, claim: Claim, actor: Actor, today: dt.date | None = None) -> Proposal:
    """Score the claim's candidates and record them with a proposal, replacing any earlier
    ones; with REVIEW_AUTO_DECIDE, a confident proposal is decided by the system."""
    return _triage(claim, actor, today)[0]


def _triage(claim: Claim, actor: Actor, today: dt.date | None) -> tuple[Proposal, bool]:
    """The proposal, and whether the system decided it."""
    claim = _locked(claim)
    if claim.status == Status.DECIDED:
        raise TransitionError("A decided claim is not triaged again; reopen it first.")
    today = today or business_today()
    gathered = claim_evidence(claim=claim, today=today)
    ranked = rank(gathered.claim, gathered.candidates)
    proposal = core.propose(gathered.claim, ranked, gathered.evidence, current_year=today.year)
    count = _candidates_record(claim, ranked, gathered.carrier_enrollment)
    record = _proposal_record(claim, proposal, actor)
    _audit(
        actor,
        "claim.triage",
        claim,
        internal_code=record.internal_code,
        broker_code=record.broker_code,
        confident=record.confident,
        candidates=count,
    )
    if not _auto_decides(claim, record):
        return record, False
    _decision_record(claim, record, code=record.internal_code, reviewer=None, note="")
    _move(claim, Status.DECIDED)
    _audit(SYSTEM, "claim.decide", claim, internal_code=record.internal_code, automatic=True)
    return record, True


def claims_triage_pending(
    *, actor: Actor, limit: int | None = None, today: dt.date | None = None
) -> dict[str, int]:
    """Triage new claims without a proposal, oldest first, TRIAGE_BATCH claims per
    transaction (a failure leaves the earlier batches triaged). Counts triaged,
    auto_decided, skipped (decided or taken meanwhile) and each broker-facing code."""
    pending = Claim.objects.filter(status=Status.NEW, proposal__isnull=True).order_by(*FIFO)
    ids = list(pending.values_list("pk", flat=True)[:limit])
    counts: Counter[str] = Counter(triaged=0, auto_decided=0, skipped=0)
    today = today or business_today()
    for start in range(0, len(ids), TRIAGE_BATCH):
        counts.update(
            claims_triage_batch(ids=ids[start : start + TRIAGE_BATCH], actor=actor, today=today)
        )
    return dict(counts)


@transaction.atomic
def claims_triage_batch(*, ids: list[int], actor: Actor, today: dt.date) -> Counter[str]:
    """Triage some new claims in one transaction: their evidence read together
    (evidence.claims_evidence), candidates, proposals and audit events written in bulk.
    Claims no longer new, or already proposed, are skipped."""
    claims = Claim.objects.filter(pk__in=ids, status=Status.NEW, proposal__isnull=True)
    if connection.vendor == "postgresql":
        claims = claims.select_for_update(skip_locked=True, of=("self",))
    batch = list(claims.order_by(*FIFO))
    counts: Counter[str] = Counter(triaged=len(batch), skipped=len(ids) - len(batch))
    candidates: list[Candidate] = []
    records: list[Proposal] = []
    for claim, gathered in zip(batch, claims_evidence(claims=batch, today=today), strict=True):
        ranked = rank(gathered.claim, gathered.candidates)
        proposal = core.propose(gathered.claim, ranked, gathered.evidence, current_year=today.year)
        candidates += _candidate_rows(claim, ranked, gathered.carrier_enrollment)
        records.append(Proposal(claim=claim, **_proposal_fields(proposal, actor)))
    Candidate.objects.bulk_create(candidates, batch_size=1000)
    Proposal.objects.bulk_create(records, batch_size=500)
    per_claim = Counter(c.claim_id for c in candidates)
    audit_record_many(
        actor=actor,
        entries=[
            AuditEntry(
                action="claim.triage",
                object_type="claim",
                object_id=record.claim_id,
                detail={
                    "internal_code": record.internal_code,
                    "broker_code": record.broker_code,
                    "confident": record.confident,
                    "candidates": per_claim[record.claim_id],
                },
            )
            for record in records
        ],
    )
    for claim, record in zip(batch, records, strict=True):
        counts[record.broker_code] += 1
        if _auto_decides(claim, record):
            _decision_record(claim, record, code=record.internal_code, reviewer=None, note="")
            _move(claim, Status.DECIDED)
            _audit(
                SYSTEM, "claim.decide", claim, internal_code=record.internal_code, automatic=True
            )
            counts["auto_decided"] += 1
    return counts


def _next_new() -> Claim | None:
    """The oldest new claim, now in review. On PostgreSQL reviewers skip each other's
    locked rows instead of queueing behind them (only the claim's row: the joins just
    order). Elsewhere the conditional UPDATE decides a race: the loser tries the next."""
    for _ in range(_TAKE_ATTEMPTS):
        claims = Claim.objects.filter(status=Status.NEW).order_by(*FIFO)
        if connection.vendor == "postgresql":
            claims = claims.select_for_update(skip_locked=True, of=("self",))
        claim = claims.first()
        if claim is None:
            return None
        won = Claim.objects.filter(pk=claim.pk, status=Status.NEW).update(status=Status.IN_REVIEW)
        if won:
            claim.status = Status.IN_REVIEW
            return claim
    return None


def _require_staff(reviewer: User) -> None:
    if reviewer.role != User.Role.STAFF or not reviewer.is_active:
        raise ApplicationError("Only active Broker Team staff review claims.")


@transaction.atomic
def claim_take_next(*, reviewer: User, actor: Actor, today: dt.date | None = None) -> Claim | None:
    """Give the reviewer the oldest untaken new claim (None when the queue is empty); it
    moves to in review, assigned to them. Safe with many reviewers at once on PostgreSQL."""
    _require_staff(reviewer)
    claim = _next_new()
    if claim is None:
        return None
    Assignment.objects.create(claim=claim, reviewer=reviewer, assigned_at=timezone.now())
    _audit(actor, "claim.take", claim, reviewer=reviewer.pk)
    if not Proposal.objects.filter(claim=claim).exists():
        claim_triage(claim=claim, actor=actor, today=today)
    return claim


def _open_assignment(claim: Claim, reviewer: User) -> Assignment:
    assignment = claim.assignments.filter(ended_at__isnull=True).first()
    if assignment is None or assignment.reviewer_id != reviewer.pk:
        raise ApplicationError("This claim is not assigned to you; take it from the queue first.")
    return assignment


def _assignment_end(assignment: Assignment, outcome: str) -> None:
    assignment.ended_at = timezone.now()
    assignment.outcome = outcome
    assignment.save(update_fields=["ended_at", "outcome"])


@transaction.atomic
def claim_release(*, claim: Claim, reviewer: User, actor: Actor) -> Claim:
    """The reviewer gives the claim back: it returns to the queue in its place."""
    claim = _locked(claim)
    assignment = _open_assignment(claim, reviewer)
    _move(claim, Status.NEW)
    _assignment_end(assignment, Assignment.Outcome.RELEASED)
    _audit(actor, "claim.release", claim, reviewer=reviewer.pk)
    return claim


# A positive told to a broker quotes their association's facts: never one without them.
_NEEDED_FACTS = {
    core.InternalCode.ON_REPORT: ("sent_on", "report_month"),
    core.InternalCode.SENT: ("method", "received_on", "sent_on", "report_month"),
    core.InternalCode.HELD: ("method", "received_on"),
}


_FACT_WORDS = {
    "method": "how it was received",
    "received_on": "when it was received",
    "sent_on": "when it was sent to a carrier",
    "report_month": "the report it is on",
}


def _refusal(proposal: Proposal, code: core.InternalCode, missing: list[str]) -> str:
    """Why a chosen determination cannot be told, in the terms of the case page's evidence."""
    facts = ", ".join(_FACT_WORDS[name] for name in missing)
    if proposal.household_id is None:
        return (
            f"{code} tells the broker about their association with one household ({facts}), "
            "and no single household was found for this claim. Ask the broker, or choose "
            "another determination."
        )
    if "method" in missing:
        return (
            f"{code} tells the broker about their association ({facts}), and the proposed "
            "household has no active association of this broker. Choose another determination."
        )
    return (
        f"{code} tells the broker {facts}, and this broker's association with the proposed "
        "household has not been sent to a carrier. Choose another determination."
    )


def _chosen(proposal: Proposal, code: core.InternalCode) -> core.Proposal:
    """The pure proposal for a code the reviewer chose, with the evidence triage found."""
    particulars = _particulars(proposal.particulars)
    missing = [name for name in _NEEDED_FACTS.get(code, ()) if getattr(particulars, name) is None]
    if missing:
        raise ApplicationError(_refusal(proposal, code, missing))
    return core.Proposal(
        internal_code=code,
        broker_code=core.broker_code_for(code),
        confidence=proposal.confidence,
        reasons=(),
        particulars=particulars,
    )


def _decision_record(
    claim: Claim, proposal: Proposal, *, code: str, reviewer: User | None, note: str
) -> Decision:
    followed = code == proposal.internal_code
    if followed:
        broker_text, staff_text = proposal.broker_explanation, proposal.staff_reason
        broker_code, particulars = proposal.broker_code, proposal.particulars
    else:
        chosen = _chosen(proposal, core.InternalCode(code))
        broker_text = core.broker_explanation(chosen)
        staff_text = f"{code} chosen over the proposed {proposal.internal_code}."
        broker_code, particulars = chosen.broker_code.value, proposal.particulars
    return Decision.objects.create(
        claim=claim,
        internal_code=code,
        broker_code=broker_code,
        broker_explanation=broker_text,
        staff_reason=staff_text,
        particulars=particulars,
        followed_proposal=followed,
        reviewer=reviewer,
        decided_by=f"user:{reviewer.pk}" if reviewer else SYSTEM.label,
        automatic=reviewer is None,
        note=note,
        decided_at=timezone.now(),
    )


@transaction.atomic
def claim_decide(
    *, claim: Claim, reviewer: User, internal_code: str, note: str, actor: Actor
) -> Decision:
    """The reviewer confirms the proposal or chooses another determination (with a note
    saying why). More information is asked with claim_request_info, not decided."""
    claim = _locked(claim)
    assignment = _open_assignment(claim, reviewer)
    if internal_code not in core.InternalCode.__members__ or internal_code == "NEEDS_INFO":
        raise ApplicationError(f"{internal_code!r} is not a determination one can decide.")
    proposal = Proposal.objects.filter(claim=claim).first()
    if proposal is None:
        raise ApplicationError("This claim has no proposal yet; triage it first.")
    if internal_code != proposal.internal_code and not note.strip():
        raise ApplicationError("Say in the note why you chose another determination.")
    _move(claim, Status.DECIDED)
    decision = _decision_record(claim, proposal, code=internal_code, reviewer=reviewer, note=note)
    _assignment_end(assignment, Assignment.Outcome.DECIDED)
    _audit(
        actor,
        "claim.decide",
        claim,
        reviewer=reviewer.pk,
        internal_code=internal_code,
        followed_proposal=decision.followed_proposal,
    )
    # The last decision of a submission sends the broker a determination file.
    transaction.on_commit(partial(_determinations_enqueue, claim.submission_id))
    return decision


def _determinations_enqueue(submission_id: int) -> None:
    from aordesk.review.tasks import determinations_enqueue  # the tasks import these services

    determinations_enqueue(submission_id=submission_id)


@transaction.atomic
def claim_request_info(*, claim: Claim, reviewer: User, needed: str, actor: Actor) -> InfoRequest:
    """Ask the broker for what is needed: a portal message; the claim awaits the broker."""
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("submission", "row", "broker")
        .get(pk=claim.pk)
    )
    assignment = _open_assignment(claim, reviewer)
    if not needed.strip():
        raise ApplicationError("Write what the broker needs to send.")
    _move(claim, Status.AWAITING_BROKER)
    message = message_post(
        kind=Message.Kind.REQUEST_FOR_INFORMATION,
        subject=info_subject(claim),
        body=info_body(claim, needed.strip()),
        actor=actor,
        broker=claim.broker,
    )
    request = InfoRequest.objects.create(
        claim=claim,
        needed=needed.strip(),
        requested_by=reviewer,
        requested_at=timezone.now(),
        message=message,
    )
    _assignment_end(assignment, Assignment.Outcome.INFO_REQUESTED)
    _audit(actor, "claim.request_info", claim, reviewer=reviewer.pk, message=message.pk)
    return request


@transaction.atomic
def claim_info_received(
    *, claim: Claim, text: str, actor: Actor, artifact: Artifact | None = None
) -> InfoRequest:
    """The broker answered: the claim goes back to the queue in its original place (FIFO is
    by the submission's position and the row, not by when the answer came)."""
    claim = _locked(claim)
    request = claim.info_requests.filter(answered_at__isnull=True).first()
    if claim.status != Status.AWAITING_BROKER or request is None:
        raise TransitionError("This claim is not waiting for the broker.")
    _move(claim, Status.NEW)
    request.answer, request.answer_artifact = text, artifact
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "answer_artifact", "answered_at"])
    _audit(actor, "claim.info_received", claim, request=request.pk, files=int(artifact is not None))
    return request


@transaction.atomic
def claim_reopen(*, claim: Claim, reason: str, actor: Actor) -> Claim:
    """Back to the queue (in its place) to be decided again; the decision stays on record."""
    claim = _locked(claim)
    if claim.status != Status.DECIDED:
        # in review -> new is a release: reopening would leave the reviewer's hold open.
        raise TransitionError("Only a decided claim is reopened.")
    if not reason.strip():
        raise ApplicationError("Say why the claim is reopened.")
    _move(claim, Status.NEW)
    claim.decisions.filter(is_current=True).update(
        is_current=False, reopened_at=timezone.now(), reopen_reason=reason.strip()
    )
    _audit(actor, "claim.reopen", claim)
    return claim
