"""How a carrier's acknowledgement moves a transmission's status. Pure.

A 999 says more than a TA1 (it judged the content, not only the envelope), so a 999's
answer replaces a TA1's, and a later TA1 never overrides a 999. A rejection is final: its
lines are already queued for the next file, so nothing may turn it back into an acceptance.
"""

from __future__ import annotations

from dataclasses import dataclass

REJECTED = "rejected"
TA1 = "ta1"
ACK_999 = "999"


@dataclass(frozen=True)
class Transition:
    """What recording one answer does: the new status (None: keep) or a refusal."""

    status: str | None = None
    refusal: str = ""


def transition(*, current: str, kinds_recorded: set[str], kind: str, new: str) -> Transition:
    if current == REJECTED:
        return Transition(refusal="was already rejected; its lines go out again in the next file")
    if kind == ACK_999:
        if ACK_999 in kinds_recorded:
            return Transition(refusal="already has a different 999")
        return Transition(status=new)
    if ACK_999 in kinds_recorded:
        return Transition()  # recorded, but the 999's word stands
    if TA1 in kinds_recorded and current != new:
        return Transition(refusal="already has a TA1 that says otherwise")
    return Transition(status=new)
