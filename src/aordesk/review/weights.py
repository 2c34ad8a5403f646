"""Evidence combined Fellegi-Sunter style: one match weight per candidate. Pure: no Django.

Each field of a claim compared with a household falls in an agreement level (first name
exact, a typo, an initial, none...). For each level, m is how often it is seen when claim
and household are the same person, u how often when they are not; the level adds
log2(m / u) bits to the match weight, and a field the claim leaves out adds nothing (an
absent address never counts against). The levels are the scorer's own (review/matching.py).

u comes from the exchange's own data: the share of pairs of different households that land
in each level, measured on the synthetic market of 1,000,000 households (about 90 last
names, 120 first names, 36,500 dates of birth: so u of an exact name is about 1/90, which
makes names weaker evidence here than on a real roster). m comes from the noisy benchmark's
labelled claims (docs/benchmarks.md, Matching): how often brokers' claims about a person
keep each field in each level. Both are in ADR 0007; re-estimate them when either changes.

The weight never overrides the precision rules of determination.py; it ranks candidates
and settles whether the evidence is enough where the scorer's thresholds alone would give up
(a replaced name, a mistyped DOB): see `ACCEPT_BITS` and `MARGIN_BITS` there.
"""

from __future__ import annotations

from math import log2

# (m, u) per level; the weight of a level is log2(m / u).
_FIRST = {
    "exact": (0.80, 0.012), "nickname": (0.06, 0.004), "part": (0.02, 0.002),
    "typo": (0.04, 0.001), "initial": (0.01, 0.05), "fuzzy": (0.02, 0.02),
    "none": (0.05, 0.91),
}  # fmt: skip
_LAST = {
    "exact": (0.82, 0.012), "part": (0.03, 0.001), "previous": (0.02, 0.0005),
    "nickname": (0.005, 0.001), "initial": (0.005, 0.01), "typo": (0.05, 0.001),
    "fuzzy": (0.02, 0.03), "none": (0.05, 0.95),
}  # fmt: skip
_DOB = {
    "exact": (0.88, 2.7e-5), "swapped": (0.01, 2.7e-5), "near": (0.08, 1.6e-3),
    "differs": (0.03, 0.998),
}  # fmt: skip
_ADDRESS = {
    "same": (0.55, 2e-5), "other_unit": (0.02, 1e-5), "locality": (0.15, 0.02),
    "differs": (0.28, 0.98),
}  # fmt: skip
_CARRIER = {"matches": (0.92, 0.45), "none": (0.08, 0.55)}
_APPLICATION = {"same": (0.55, 0.003), "near": (0.15, 0.04), "differs": (0.30, 0.957)}
# Names read crossed (first as last): brokers do it, but so does chance. One bit less.
_SWAPPED_NAMES = 1.0


def _bits(table: dict[str, tuple[float, float]]) -> dict[str, float]:
    return {level: log2(m / u) for level, (m, u) in table.items()}


FIRST, LAST, DOB = _bits(_FIRST), _bits(_LAST), _bits(_DOB)
ADDRESS, CARRIER, APPLICATION = _bits(_ADDRESS), _bits(_CARRIER), _bits(_APPLICATION)


def match_weight(
    *,
    first: str,
    last: str,
    dob: str,
    address: str | None = None,
    carrier: str | None = None,
    application: str | None = None,
    names_swapped: bool = False,
) -> float:
    """The sum of the levels' bits; None (or 'unknown') for a field the claim leaves out."""
    weight = FIRST[first] + LAST[last] + DOB[dob]
    if address in ADDRESS:
        weight += ADDRESS[address]
    if carrier is not None:
        weight += CARRIER[carrier]
    if application is not None:
        weight += APPLICATION[application]
    if names_swapped:
        weight -= _SWAPPED_NAMES
    return round(weight, 2)
