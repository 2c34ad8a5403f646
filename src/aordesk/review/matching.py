"""Scoring how well a household matches a broker's claim. Pure: no Django.

The caller blocks: it passes only households whose primary enrollee has the claim's date of
birth (and, if it chooses, the day/month-swapped date). This module scores each candidate in
[0, 1] with reasons a person can read, and never decides anything: see determination.py.

The score is a product of factors, 1.0 for a perfect match. Names dominate (each name's factor
falls steeply with Jaro-Winkler distance, so a different first name sinks a twin); the date of
birth caps the score when it is not exact; address and application date can only confirm or
nudge. Mixed-script names are capped below ACCEPT so no such name is ever accepted unseen.
See docs/adr/0007-matching.md for the thresholds.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler

from aordesk.review import weights
from aordesk.review.addresses import Address, compare_addresses, normalise_address
from aordesk.review.dobs import dob_relation
from aordesk.review.names import NormalName, normalise_name
from aordesk.review.nicknames import nickname_link

__all__ = ["Address", "compare_addresses", "normalise_address"]

CarrierRef = int | str
HouseholdRef = int | str

ACCEPT = 0.90  # the best candidate must reach this to be proposed at all
CONFIDENT = 0.97  # ... and this to be auto-resolved without a person
MARGIN = 0.10  # the best must beat the runner-up by at least this
FLOOR = 0.60  # below this a candidate is not a plausible match

MIXED_SCRIPTS_CAP = 0.85
DOB_SWAPPED_CAP = 0.80
DOB_NEAR_CAP = 0.80  # one digit changed or two neighbours swapped: weaker than exact
DOB_DIFFERS_CAP = 0.40

_PART = 0.95  # one part of a compound name, or the given name without its middle name
_PREVIOUS = 0.97  # a previous (maiden) last name on file
_INITIAL = 0.85
_SWAPPED = 0.97
_ADDRESS_DIFFERS = 0.93  # people move; brokers' records lag
_ADDRESS_LOCALITY = 0.95  # another street in the same ZIP or city
_OTHER_UNIT = 0.98
_APPLICATION_DIFFERS = 0.97
_NEAR_DAYS = 14
_SLIP_MIN_LENGTH = 4  # one slip in a shorter name makes another name ("Ali"/"Al")


@dataclass(frozen=True, slots=True, kw_only=True)
class EnrollmentFacts:
    enrollment_id: str
    carrier_id: CarrierRef
    coverage_year: int
    completed_on: date
    effective_on: date
    status: str  # "active", "terminated" or "cancelled"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimFacts:
    first_name: str
    last_name: str
    dob: date
    carrier_id: CarrierRef | None = None
    application_date: date | None = None
    address: Address | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CandidateFacts:
    household_id: HouseholdRef
    first_name: str
    last_name: str
    dob: date
    application_submitted_on: date
    alt_last_names: tuple[str, ...] = ()
    address: Address | None = None
    enrollments: tuple[EnrollmentFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    text: str


@dataclass(frozen=True, slots=True)
class NameMatch:
    """How one name compares with another: `kind` is exact, nickname, part, previous,
    initial, typo, fuzzy or none; `value` is the factor it contributes to the score.
    A typo is a fuzzy match one typing slip away (see `one_slip`): same value as fuzzy."""

    kind: str
    value: float
    detail: str = ""

    @property
    def strong(self) -> bool:
        return self.kind in {"exact", "nickname", "part", "previous"}


@dataclass(frozen=True, slots=True)
class Score:
    value: float
    reasons: tuple[Reason, ...]
    dob: str  # "exact", "swapped", "near" (review/dobs.py) or "differs"
    names_strong: bool
    mixed_scripts: bool
    carrier_enrollment_ids: tuple[str, ...] = ()
    # Strong names, or one strong and the other a single typing slip (determination.py).
    names_near: bool = False
    # The Fellegi-Sunter match weight in bits (review/weights.py): all evidence combined.
    weight: float = 0.0
    # At least one name agrees (strong, or one typing slip), or the address is the same:
    # the least a contender by weight needs (a DOB and a date alone name nobody).
    one_name: bool = False

    def codes(self) -> tuple[str, ...]:
        return tuple(reason.code for reason in self.reasons)


@dataclass(frozen=True, slots=True)
class ScoredCandidate:
    candidate: CandidateFacts
    score: Score


def _fuzzy_factor(similarity: float) -> float:
    # 0.96 -> 0.90, 0.90 -> 0.75, 0.80 -> 0.50: a different given name ("Maria"/"Marta",
    # 0.91) must land far below an exact one, or twins would look alike.
    return max(0.0, 1.0 - 2.5 * (1.0 - similarity))


def compare_names(left: NormalName, right: NormalName, *, given: bool = False) -> NameMatch:
    """Compare two normalised names; `given` allows nicknames and initials. Symmetric."""
    if not left or not right:
        return NameMatch("none", 0.0)
    if left.key == right.key:
        return NameMatch("exact", 1.0)
    if given:
        link = nickname_link(left.key, right.key) or nickname_link(left.parts[0], right.parts[0])
        if link:
            return NameMatch("nickname", 1.0, link)
        if (left.is_initial or right.is_initial) and left.key[0] == right.key[0]:
            return NameMatch("initial", _INITIAL)
    if not left.significant.isdisjoint(right.significant):
        return NameMatch("part", _PART)
    similarity = JaroWinkler.similarity(left.key, right.key)
    for a in left.significant:
        for b in right.significant:
            similarity = max(similarity, 0.97 * JaroWinkler.similarity(a, b))
    factor = _fuzzy_factor(similarity)
    if factor > 0 and one_slip(left.key, right.key):
        return NameMatch("typo", factor, f"{similarity:.2f}")
    return NameMatch("fuzzy" if factor > 0 else "none", factor, f"{similarity:.2f}")


def one_slip(left: str, right: str) -> bool:
    """One typing slip apart: a letter dropped, added, replaced, or two neighbours swapped,
    not in the first letter, in names of at least four letters."""
    return (
        min(len(left), len(right)) >= _SLIP_MIN_LENGTH
        and left[0] == right[0]
        and OSA.distance(left, right) == 1
    )


# Cached on the raw names: a block of candidates repeats the common names many times over.
@lru_cache(maxsize=262144)
def _compare(left: str, right: str, given: bool = False) -> NameMatch:
    return compare_names(normalise_name(left), normalise_name(right), given=given)


def _best_last(claim_last: str, candidate: CandidateFacts) -> NameMatch:
    best = _compare(claim_last, candidate.last_name)
    for previous in candidate.alt_last_names:
        match = _compare(claim_last, previous)
        if match.kind in {"exact", "part"}:
            match = NameMatch("previous", _PREVIOUS * match.value, previous)
        if match.value > best.value:
            best = match
    return best


_FIRST_TEXT = {
    "exact": "first name exact",
    "nickname": "first name nickname of {detail}",
    "part": "first name matches part of the given names",
    "initial": "first name matches an initial",
    "typo": "first name one typing slip away ({detail})",
    "fuzzy": "first name similar ({detail})",
    "none": "first name differs",
}
_LAST_TEXT = {
    "exact": "last name exact",
    "part": "last name matches part of a compound surname",
    "previous": "last name matches previous last name {detail}",
    "nickname": "last name (given as first) nickname of {detail}",
    "initial": "last name matches an initial",
    "typo": "last name one typing slip away ({detail})",
    "fuzzy": "last name similar ({detail})",
    "none": "last name differs",
}


def _name_reasons(first: NameMatch, last: NameMatch) -> list[Reason]:
    return [
        Reason(f"first_{first.kind}", _FIRST_TEXT[first.kind].format(detail=first.detail.title())),
        Reason(f"last_{last.kind}", _LAST_TEXT[last.kind].format(detail=last.detail.title())),
    ]


@dataclass(frozen=True, slots=True)
class _Names:
    value: float
    strong: bool
    near: bool
    reasons: tuple[Reason, ...]
    first: str = "none"  # the agreement levels, for the match weight
    last: str = "none"
    swapped: bool = False


_NAMES_SWAPPED = Reason("names_swapped", "first and last names swapped")


@lru_cache(maxsize=65536)
def _reading(first: NameMatch, last: NameMatch, value: float) -> _Names:
    near = {first.kind == "typo", last.kind == "typo"}
    strong_or_slip = all(m.strong or m.kind == "typo" for m in (first, last))
    near_enough = strong_or_slip and near != {True}  # at most one slip
    strong = first.strong and last.strong
    reasons = tuple(_name_reasons(first, last))
    return _Names(value, strong, near_enough, reasons, first.kind, last.kind)


def _levels(first: NameMatch, last: NameMatch) -> float:
    return weights.FIRST[first.kind] + weights.LAST[last.kind]


def _names(claim: ClaimFacts, candidate: CandidateFacts) -> _Names:
    """The names' factor, how strongly both names match, and the reasons."""
    first = _compare(claim.first_name, candidate.first_name, True)
    last = _best_last(claim.last_name, candidate)
    straight = first.value * last.value
    if straight >= _SWAPPED:
        return _reading(first, last, straight)
    # Brokers' workbooks and carrier portals disagree on column order: try the names crossed.
    crossed_first = _compare(claim.first_name, candidate.last_name, True)
    crossed_last = _compare(claim.last_name, candidate.first_name, True)
    crossed = _SWAPPED * crossed_first.value * crossed_last.value
    # Both readings at nothing (a name replaced as well): the levels' evidence decides.
    by_levels = crossed == straight == 0 and _levels(crossed_first, crossed_last) > _levels(
        first, last
    )
    if crossed > straight or by_levels:
        names = _reading(crossed_first, crossed_last, crossed)
        return replace(names, reasons=(*names.reasons, _NAMES_SWAPPED), swapped=True)
    return _reading(first, last, straight)


_DOB_REASONS = {
    "exact": Reason("dob_exact", "DOB exact"),
    "swapped": Reason("dob_swapped", "DOB matches with day and month swapped (weak)"),
    "near": Reason("dob_near", "DOB one digit off or two digits swapped (weak)"),
    "differs": Reason("dob_differs", "DOB differs"),
}
_DOB_CAPS = {"exact": 1.0, "swapped": DOB_SWAPPED_CAP, "near": DOB_NEAR_CAP,
             "differs": DOB_DIFFERS_CAP}  # fmt: skip
_NO_CARRIER_ENROLLMENT = Reason("carrier_no_enrollment", "no enrollment with the claimed carrier")


def _dob(claim: ClaimFacts, candidate: CandidateFacts) -> tuple[str, Reason]:
    relation = dob_relation(claim.dob, candidate.dob)
    return relation, _DOB_REASONS[relation]


@lru_cache(maxsize=4096)
def _carrier_reason(ids: tuple[str, ...]) -> Reason:
    return Reason("carrier_matches", f"carrier matches enrollment {', '.join(ids)}")


def _carrier(claim: ClaimFacts, candidate: CandidateFacts) -> tuple[tuple[str, ...], list[Reason]]:
    if claim.carrier_id is None:
        return (), []
    ids = tuple(
        e.enrollment_id
        for e in candidate.enrollments
        if e.carrier_id == claim.carrier_id and e.status != "cancelled"
    )
    if ids:
        return ids, [_carrier_reason(ids)]
    # No penalty: the person is the same whether or not they enrolled with that carrier.
    return (), [_NO_CARRIER_ENROLLMENT]


Factor = tuple[float, list[Reason], str | None]  # factor, reasons, agreement level


def _application(claim: ClaimFacts, candidate: CandidateFacts) -> Factor:
    if claim.application_date is None:
        return 1.0, [], None
    known = [candidate.application_submitted_on, *(e.completed_on for e in candidate.enrollments)]
    gap = min(abs((claim.application_date - day).days) for day in known)
    if gap == 0:
        reason = Reason("application_date_matches", "application/enrollment date matches")
        return 1.0, [reason], "same"
    if gap <= _NEAR_DAYS:
        reason = Reason("application_date_near", f"application date within {gap} days")
        return 1.0, [reason], "near"
    reason = Reason("application_date_differs", "application date differs")
    return _APPLICATION_DIFFERS, [reason], "differs"


_ADDRESS_FACTORS = {
    "same": (1.0, Reason("address_same", "address matches")),
    "other_unit": (_OTHER_UNIT, Reason("address_other_unit", "same street address, other unit")),
    "locality": (_ADDRESS_LOCALITY, Reason("address_locality", "street differs, same ZIP or city")),
    "differs": (_ADDRESS_DIFFERS, Reason("address_differs", "address differs")),
}


def _address(claim: ClaimFacts, candidate: CandidateFacts) -> Factor:
    # An absent address (either side) is no evidence either way.
    if claim.address is None or candidate.address is None:
        return 1.0, [], None
    outcome = compare_addresses(claim.address, candidate.address)
    if outcome not in _ADDRESS_FACTORS:
        return 1.0, [], None
    factor, reason = _ADDRESS_FACTORS[outcome]
    return factor, [reason], outcome


def _mixed_scripts(claim: ClaimFacts, candidate: CandidateFacts) -> bool:
    return (
        normalise_name(claim.first_name).mixed_scripts
        or normalise_name(claim.last_name).mixed_scripts
        or normalise_name(candidate.first_name).mixed_scripts
        or normalise_name(candidate.last_name).mixed_scripts
    )


_ONE_NAME = frozenset({"exact", "nickname", "part", "previous", "typo"})


def score_candidate(claim: ClaimFacts, candidate: CandidateFacts) -> Score:
    """Score one candidate household against a claim: a value in [0, 1], the match weight
    (all evidence combined, in bits) and reasons."""
    names = _names(claim, candidate)
    value, reasons = names.value, list(names.reasons)
    dob, dob_reason = _dob(claim, candidate)
    reasons.append(dob_reason)
    enrollment_ids, carrier_reasons = _carrier(claim, candidate)
    reasons += carrier_reasons
    application, address = _application(claim, candidate), _address(claim, candidate)
    for factor, more, _ in (application, address):
        value *= factor
        reasons += more
    value = min(value, _DOB_CAPS[dob])
    mixed = _mixed_scripts(claim, candidate)
    if mixed:
        value = min(value, MIXED_SCRIPTS_CAP)
        reasons.append(Reason("mixed_scripts", "mixed scripts: look-alike letters"))
    carrier = None if claim.carrier_id is None else ("matches" if enrollment_ids else "none")
    weight = weights.match_weight(
        first=names.first,
        last=names.last,
        dob=dob,
        address=address[2],
        carrier=carrier,
        application=application[2],
        names_swapped=names.swapped,
    )
    return Score(
        value=round(max(0.0, min(1.0, value)), 4),
        reasons=tuple(reasons),
        dob=dob,
        names_strong=names.strong,
        mixed_scripts=mixed,
        carrier_enrollment_ids=enrollment_ids,
        names_near=names.near,
        weight=weight,
        one_name=bool({names.first, names.last} & _ONE_NAME) or address[2] == "same",
    )


def rank(claim: ClaimFacts, candidates: Iterable[CandidateFacts]) -> list[ScoredCandidate]:
    """Score every candidate, best first (ties in household order, so runs repeat)."""
    scored = [ScoredCandidate(c, score_candidate(claim, c)) for c in candidates]
    scored.sort(key=lambda s: (-s.score.value, -s.score.weight, str(s.candidate.household_id)))
    return scored


def plausible(scored: Sequence[ScoredCandidate]) -> list[ScoredCandidate]:
    """The candidates worth a person's look: at or above FLOOR."""
    return [s for s in scored if s.score.value >= FLOOR]
