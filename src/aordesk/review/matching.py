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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler

from aordesk.review.names import NormalName, fold, normalise_name
from aordesk.review.nicknames import nickname_link

CarrierRef = int | str
HouseholdRef = int | str

ACCEPT = 0.90  # the best candidate must reach this to be proposed at all
CONFIDENT = 0.97  # ... and this to be auto-resolved without a person
MARGIN = 0.10  # the best must beat the runner-up by at least this
FLOOR = 0.60  # below this a candidate is not a plausible match

MIXED_SCRIPTS_CAP = 0.85
DOB_SWAPPED_CAP = 0.80
DOB_DIFFERS_CAP = 0.40

_PART = 0.95  # one part of a compound name, or the given name without its middle name
_PREVIOUS = 0.97  # a previous (maiden) last name on file
_INITIAL = 0.85
_SWAPPED = 0.97
_ADDRESS_DIFFERS = 0.93  # people move; brokers' records lag
_OTHER_UNIT = 0.98
_APPLICATION_DIFFERS = 0.97
_NEAR_DAYS = 14
_SLIP_MIN_LENGTH = 4  # one slip in a shorter name makes another name ("Ali"/"Al")


@dataclass(frozen=True, slots=True)
class Address:
    line1: str
    line2: str = ""
    city: str = ""
    zip_code: str = ""


_STREET_WORDS = {
    "street": "st", "avenue": "ave", "av": "ave", "road": "rd", "drive": "dr", "lane": "ln",
    "boulevard": "blvd", "court": "ct", "place": "pl", "parkway": "pkwy", "highway": "hwy",
    "circle": "cir", "terrace": "ter", "trail": "trl", "north": "n", "south": "s", "east": "e",
    "west": "w", "northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw",
}  # fmt: skip
_UNIT_WORDS = frozenset({"apt", "apartment", "unit", "ste", "suite", "#", "no", "rm", "room"})
_ADDRESS_TOKENS = re.compile(r"#|[a-z0-9]+")


# Cached: a claim's address is compared with every candidate's.
@lru_cache(maxsize=65536)
def normalise_address(address: Address) -> tuple[tuple[str, ...], str, str]:
    """(street tokens, unit, 5-digit ZIP): '12 Oak Street, Apt 4' -> (('12','oak','st'),'4','')."""
    tokens = _ADDRESS_TOKENS.findall(fold(f"{address.line1} {address.line2}"))
    street: list[str] = []
    unit = ""
    expect_unit = False
    for token in tokens:
        if token in _UNIT_WORDS:
            expect_unit = True
        elif expect_unit:
            unit, expect_unit = token, False
        else:
            street.append(_STREET_WORDS.get(token, token))
    return tuple(street), unit, "".join(filter(str.isdigit, address.zip_code))[:5]


def compare_addresses(left: Address, right: Address) -> str:
    """'same', 'other_unit', 'differs', or 'unknown' when either has no street."""
    left_street, left_unit, left_zip = normalise_address(left)
    right_street, right_unit, right_zip = normalise_address(right)
    if not left_street or not right_street:
        return "unknown"
    if (left_zip and right_zip and left_zip != right_zip) or left_street != right_street:
        return "differs"
    # A unit missing on one side is a broker's shorthand, not a different home.
    if left_unit and right_unit and left_unit != right_unit:
        return "other_unit"
    return "same"


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
    dob: str  # "exact", "swapped" or "differs"
    names_strong: bool
    mixed_scripts: bool
    carrier_enrollment_ids: tuple[str, ...] = ()
    # Strong names, or one strong and the other a single typing slip (determination.py).
    names_near: bool = False

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


_NAMES_SWAPPED = Reason("names_swapped", "first and last names swapped")


@lru_cache(maxsize=65536)
def _reading(first: NameMatch, last: NameMatch, value: float) -> _Names:
    near = {first.kind == "typo", last.kind == "typo"}
    strong_or_slip = all(m.strong or m.kind == "typo" for m in (first, last))
    near_enough = strong_or_slip and near != {True}  # at most one slip
    strong = first.strong and last.strong
    return _Names(value, strong, near_enough, tuple(_name_reasons(first, last)))


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
    if crossed > straight:
        names = _reading(crossed_first, crossed_last, crossed)
        return replace(names, reasons=(*names.reasons, _NAMES_SWAPPED))
    return _reading(first, last, straight)


_DOB_EXACT = Reason("dob_exact", "DOB exact")
_DOB_SWAPPED = Reason("dob_swapped", "DOB matches with day and month swapped (weak)")
_DOB_DIFFERS = Reason("dob_differs", "DOB differs")
_DOB_CAPS = {"exact": 1.0, "swapped": DOB_SWAPPED_CAP, "differs": DOB_DIFFERS_CAP}
_NO_CARRIER_ENROLLMENT = Reason("carrier_no_enrollment", "no enrollment with the claimed carrier")


def _dob(claim: ClaimFacts, candidate: CandidateFacts) -> tuple[str, Reason]:
    if claim.dob == candidate.dob:
        return "exact", _DOB_EXACT
    swapped = (claim.dob.year, claim.dob.day, claim.dob.month)
    if swapped == (candidate.dob.year, candidate.dob.month, candidate.dob.day):
        return "swapped", _DOB_SWAPPED
    return "differs", _DOB_DIFFERS


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


def _application(claim: ClaimFacts, candidate: CandidateFacts) -> tuple[float, list[Reason]]:
    if claim.application_date is None:
        return 1.0, []
    known = [candidate.application_submitted_on, *(e.completed_on for e in candidate.enrollments)]
    gap = min(abs((claim.application_date - day).days) for day in known)
    if gap == 0:
        return 1.0, [Reason("application_date_matches", "application/enrollment date matches")]
    if gap <= _NEAR_DAYS:
        return 1.0, [Reason("application_date_near", f"application date within {gap} days")]
    return _APPLICATION_DIFFERS, [Reason("application_date_differs", "application date differs")]


def _address(claim: ClaimFacts, candidate: CandidateFacts) -> tuple[float, list[Reason]]:
    if claim.address is None or candidate.address is None:
        return 1.0, []
    outcome = compare_addresses(claim.address, candidate.address)
    if outcome == "same":
        return 1.0, [Reason("address_same", "address matches")]
    if outcome == "other_unit":
        return _OTHER_UNIT, [Reason("address_other_unit", "same street address, other unit")]
    if outcome == "differs":
        return _ADDRESS_DIFFERS, [Reason("address_differs", "address differs")]
    return 1.0, []


def _mixed_scripts(claim: ClaimFacts, candidate: CandidateFacts) -> bool:
    return (
        normalise_name(claim.first_name).mixed_scripts
        or normalise_name(claim.last_name).mixed_scripts
        or normalise_name(candidate.first_name).mixed_scripts
        or normalise_name(candidate.last_name).mixed_scripts
    )


def score_candidate(claim: ClaimFacts, candidate: CandidateFacts) -> Score:
    """Score one candidate household against a claim: a value in [0, 1] and reasons."""
    names = _names(claim, candidate)
    value, reasons = names.value, list(names.reasons)
    dob, dob_reason = _dob(claim, candidate)
    reasons.append(dob_reason)
    enrollment_ids, carrier_reasons = _carrier(claim, candidate)
    reasons += carrier_reasons
    for factor, more in (_application(claim, candidate), _address(claim, candidate)):
        value *= factor
        reasons += more
    value = min(value, _DOB_CAPS[dob])
    mixed = _mixed_scripts(claim, candidate)
    if mixed:
        value = min(value, MIXED_SCRIPTS_CAP)
        reasons.append(Reason("mixed_scripts", "mixed scripts: look-alike letters"))
    return Score(
        value=round(max(0.0, min(1.0, value)), 4),
        reasons=tuple(reasons),
        dob=dob,
        names_strong=names.strong,
        mixed_scripts=mixed,
        carrier_enrollment_ids=enrollment_ids,
        names_near=names.near,
    )


def rank(claim: ClaimFacts, candidates: Iterable[CandidateFacts]) -> list[ScoredCandidate]:
    """Score every candidate, best first (ties in household order, so runs repeat)."""
    scored = [ScoredCandidate(c, score_candidate(claim, c)) for c in candidates]
    scored.sort(key=lambda s: (-s.score.value, str(s.candidate.household_id)))
    return scored


def plausible(scored: Sequence[ScoredCandidate]) -> list[ScoredCandidate]:
    """The candidates worth a person's look: at or above FLOOR."""
    return [s for s in scored if s.score.value >= FLOOR]
