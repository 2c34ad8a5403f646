"""A claim's review states and the moves between them; reading a claim's one-line address.
Pure: no Django. Claim.Status (intake) holds the same values."""

from __future__ import annotations

import re
from enum import StrEnum

from aordesk.core.errors import TransitionError
from aordesk.review.matching import Address


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


_ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\s*$")
_STATE = re.compile(r"\b[A-Za-z]{2}\s*$")
_UNIT = re.compile(r"^\s*(apt|apartment|unit|ste|suite|#|no|rm|room)\b", re.IGNORECASE)


def address_parse(text: str) -> Address | None:
    """A broker's one-cell address ('12 Oak St, Apt 4, Duluth, MN 55802') as the parts
    matching compares: street, unit, city, ZIP. None when there is nothing to compare."""
    text = text.strip()
    if not text:
        return None
    zip_code = ""
    found = _ZIP.search(text)
    if found:
        zip_code, text = found.group(1), text[: found.start()].rstrip(" ,")
    pieces = [piece.strip() for piece in text.split(",") if piece.strip()]
    if not pieces:
        return Address(line1="", zip_code=zip_code)
    line1, rest = pieces[0], pieces[1:]
    units = [piece for piece in rest if _UNIT.match(piece)]
    others = [piece for piece in rest if piece not in units]
    if others and _STATE.fullmatch(others[-1].strip()):
        others = others[:-1]  # a lone state code
    city = _STATE.sub("", others[-1]).strip() if others else ""
    return Address(line1=line1, line2=" ".join(units), city=city, zip_code=zip_code)
