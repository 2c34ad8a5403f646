"""A claim's review states and the moves between them. Pure: no Django. Claim.Status (intake)
holds the same values. `address_parse` (review/addresses.py) is re-exported for callers."""

from __future__ import annotations

from enum import StrEnum

from aordesk.core.errors import TransitionError
from aordesk.review.addresses import address_parse

__all__ = ["TRANSITIONS", "ClaimState", "address_parse", "claim_transition_check"]


class ClaimState(StrEnum):
    NEW = "new"
    IN_REVIEW = "in_review"
    AWAITING_BROKER = "awaiting_broker"
    DECIDED = "decided"


# new -> decided is the system's automatic decision; in_review -> new a reviewer letting go;
# awaiting_broker -> new the broker's answer; decided -> new a reopened claim.
TRANSITIONS: dict[ClaimState, frozenset[ClaimState]] = {
    ClaimState.NEW: frozenset({ClaimState.IN_REVIEW, ClaimState.DECIDED}),
    ClaimState.IN_REVIEW: frozenset(
        {ClaimState.DECIDED, ClaimState.AWAITING_BROKER, ClaimState.NEW}
    ),
    ClaimState.AWAITING_BROKER: frozenset({ClaimState.NEW}),
    ClaimState.DECIDED: frozenset({ClaimState.NEW}),
}


def claim_transition_check(current: str, target: str) -> None:
    """Refuse a move the claim's status does not allow (the message names states, not people)."""
    if ClaimState(target) not in TRANSITIONS[ClaimState(current)]:
        raise TransitionError(f"A claim that is {current} cannot become {target}.")
