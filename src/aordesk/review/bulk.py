"""Bulk confirm: a reviewer confirms several confident proposals from a queue page in one
action. Each claim still gets its own audited take and decision, in its own transaction
(one refusal never undoes the others), and its determination file goes out as after a
single decision (claim_decide enqueues it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from aordesk.accounts.models import User
from aordesk.core.audit import Actor, audit_record
from aordesk.core.errors import ApplicationError
from aordesk.intake.models import Claim
from aordesk.review.models import Assignment, Proposal
from aordesk.review.services import claim_decide
from aordesk.review.workflow import claim_transition_check

MAX_BULK = 200


@dataclass
class BulkResult:
    decided: list[int] = field(default_factory=list)
    # (claim id, why it was left alone)
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _confirmable(claim: Claim, proposal: Proposal | None, reviewer: User) -> str | None:
    """Why the claim may not be bulk-confirmed by the reviewer, or None when it may."""
    if proposal is None or not proposal.confident or proposal.internal_code == "NEEDS_INFO":
        return "its proposal is not confident: open its case"
    if claim.needs_review:
        return "intake flagged its row for review: open its case"
    if claim.status == Claim.Status.IN_REVIEW:
        holder = claim.assignments.filter(ended_at__isnull=True).first()
        if holder is None or holder.reviewer_id != reviewer.pk:
            return "another reviewer holds it"
        return None
    if claim.status != Claim.Status.NEW:
        return f"it is {claim.get_status_display().lower()}"
    return None


@transaction.atomic
def claim_confirm_confident(*, claim_id: int, reviewer: User, actor: Actor) -> str | None:
    """Take (when new) and confirm one claim's confident proposal; the reason it was left
    alone otherwise. The proposal confirmed is the one read under the claim's lock."""
    claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
    if claim is None:
        return "it does not exist"
    proposal = Proposal.objects.filter(claim=claim).first()
    refusal = _confirmable(claim, proposal, reviewer)
    if refusal is not None or proposal is None:
        return refusal
    if claim.status == Claim.Status.NEW:
        claim_transition_check(claim.status, Claim.Status.IN_REVIEW)
        claim.status = Claim.Status.IN_REVIEW
        claim.save(update_fields=["status"])
        Assignment.objects.create(claim=claim, reviewer=reviewer, assigned_at=timezone.now())
        audit_record(
            actor=actor,
            action="claim.take",
            object_type="claim",
            object_id=claim.pk,
            detail={"reviewer": reviewer.pk, "bulk": True},
        )
    claim_decide(
        claim=claim, reviewer=reviewer, internal_code=proposal.internal_code, note="", actor=actor
    )
    return None


def claims_confirm_confident(
    *, claim_ids: Iterable[int], reviewer: User, actor: Actor
) -> BulkResult:
    """Confirm each selected claim on its own; returns what was decided and what was not."""
    if reviewer.role != User.Role.STAFF or not reviewer.is_active:
        raise ApplicationError("Only active Broker Team staff review claims.")
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        raise ApplicationError("Select the confident proposals to confirm.")
    if len(ids) > MAX_BULK:
        raise ApplicationError(f"Confirm at most {MAX_BULK} claims at once.")
    result = BulkResult()
    for claim_id in ids:
        try:
            refusal = claim_confirm_confident(claim_id=claim_id, reviewer=reviewer, actor=actor)
        except ApplicationError as exc:  # TransitionError included: decided meanwhile
            refusal = exc.message
        if refusal is None:
            result.decided.append(claim_id)
        else:
            result.skipped.append((claim_id, refusal))
    return result
