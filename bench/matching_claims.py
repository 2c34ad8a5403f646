"""Labelled claims for the matching benchmark, written the way brokers write them.

Each claim names who it is really about (a household index, or None for nobody) and the
broker-facing code a careful reviewer would reach with the ADR 0007 rules (`truth_code`).
Noise: typos, first/last swapped, nicknames, half of a compound surname, a previous last
name, accents dropped or added, missing or old address, missing or wrong carrier, twins.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from aordesk.review.matching import Address, ClaimFacts
from aordesk.seed import names
from bench.matching_world import ACCENTED, LAST_REPORTED, PLAIN, YEAR, Home, Index

# Short forms brokers write: the seed's own list plus common ones (some the matcher's
# nickname table may not know: the benchmark should show that).
NICKS = {
    **names.NICKNAMES,
    "Alexander": "Alex", "Andrew": "Andy", "Anthony": "Tony", "Benjamin": "Ben",
    "Daniel": "Dan", "Gregory": "Greg", "Jonathan": "Jon", "Joshua": "Josh", "Matthew": "Matt",
    "Nicholas": "Nick", "Samuel": "Sam", "Timothy": "Tim", "Zachary": "Zach", "Susan": "Sue",
    "Barbara": "Barb", "Cynthia": "Cindy", "Abigail": "Abby", "Jessica": "Jess",
    "Kimberly": "Kim", "Victoria": "Tori", "Samantha": "Sam", "Stephanie": "Steph",
    "Nicole": "Nikki", "Gabriel": "Gabe", "Jacob": "Jake", "Christina": "Tina",
    "Amanda": "Mandy", "Catherine": "Cathy", "Steven": "Steve", "Donald": "Don",
    "Nathan": "Nate", "Patrick": "Pat", "Charles": "Charlie", "Walter": "Walt",
}  # fmt: skip
CARRIER_CODES = tuple(c.code for c in names.CARRIERS if c.kind == "medical")


@dataclass(frozen=True, slots=True)
class Claim:
    kind: str  # what the benchmark made it as ("own:typo", "other_broker", "nobody"...)
    npn: str
    facts: ClaimFacts
    household: int | None  # who the claim is really about
    truth: str  # the broker-facing code a careful reviewer would give


def truth_code(home: Home | None, npn: str) -> str:
    """The broker code the rules give for the right household (ADR 0007, Proposing)."""
    if home is None:
        return "NO_ASSOCIATION"
    mine = [a for a in home.associations if a.broker_npn == npn and a.status == "active"]
    if not mine:
        return "NO_ASSOCIATION"
    ref = mine[0].reference
    enrollments = home.candidate.enrollments
    current = {e.enrollment_id for e in enrollments if e.coverage_year == YEAR}
    lines = [x for x in home.lines if x.association_reference == ref and x.enrollment_id in current]
    if lines:
        return "ON_REPORT" if any(x.month <= LAST_REPORTED for x in lines) else "SENT"
    if any(h.association_reference == ref and h.enrollment_id in current for h in home.held):
        return "HELD"
    live = [e for e in enrollments if e.status != "cancelled"]
    if any(e.coverage_year == YEAR for e in live):
        return "NEEDS_INFO"  # received, not yet in a carrier file: staff check
    return "NOT_CURRENT_YEAR" if live else "NO_ASSOCIATION"


def typo(word: str, rng: random.Random) -> str:
    """One slip of the keyboard after the first letter (brokers rarely miss the first)."""
    if len(word) < 4:
        return word
    i = rng.randint(1, len(word) - 2)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiourstnl") + word[i + 1 :]


class ClaimMaker:
    def __init__(self, index: Index, rng: random.Random) -> None:
        self.index, self.rng = index, rng
        homes = index.homes
        self.owned = [h for h in homes if h.active_npn()]
        self.unowned = [h for h in homes if not h.associations and _current(h)]
        self.tagged: dict[str, list[Home]] = {}
        for h in self.owned:
            for tag in h.tags:
                self.tagged.setdefault(tag, []).append(h)
        self.held = [h for h in self.owned if truth_code(h, h.active_npn() or "") == "HELD"]
        twins = self.tagged.get("twin", [])
        siblings = [index.homes[h.twin_of] for h in twins if h.twin_of is not None]
        self.tagged["twin"] = twins + [h for h in siblings if h.active_npn()]
        self.nicknamed = [h for h in self.owned if _plain(h.candidate.first_name) in NICKS]

    def make(self, count: int) -> list[Claim]:
        plan = (
            ("own:exact", 0.22), ("own:typo", 0.10), ("own:swapped", 0.05),
            ("own:nickname", 0.06), ("own:compound", 0.04), ("own:previous", 0.03),
            ("own:accents", 0.04), ("own:twin", 0.04), ("own:held", 0.05),
            ("own:next_year", 0.04), ("own:wrong_carrier", 0.04),
            ("other_broker", 0.12), ("no_association", 0.10), ("nobody", 0.07),
        )  # fmt: skip
        kinds = [k for k, _ in plan]
        weights = [w for _, w in plan]
        return [self._claim(self.rng.choices(kinds, weights)[0]) for _ in range(count)]

    def _claim(self, kind: str) -> Claim:
        rng = self.rng
        if kind == "nobody":
            return self._nobody()
        if kind == "other_broker":
            home = rng.choice(self.owned)
            npn = rng.choice([n for n in rng.sample(self.index.npns, 3) if n != home.active_npn()])
            return self._written(kind, home, npn, rng.choice(("exact", "typo", "nickname")))
        if kind == "no_association":
            home = rng.choice(self.unowned)
            return self._written(kind, home, rng.choice(self.index.npns), "exact")
        pool = {
            "own:compound": self.tagged["compound"], "own:previous": self.tagged["previous"],
            "own:accents": self.tagged["accented"], "own:twin": self.tagged["twin"],
            "own:held": self.held, "own:next_year": self.tagged["next_year"],
            "own:nickname": self.nicknamed,
        }.get(kind, self.owned)  # fmt: skip
        home = rng.choice(pool)
        return self._written(kind, home, home.active_npn() or "", kind.split(":")[1])

    def _written(self, kind: str, home: Home, npn: str, noise: str) -> Claim:
        rng, c = self.rng, self.rng.random
        first, last = _plain_or_not(home.candidate.first_name, rng), home.candidate.last_name
        last = _plain_or_not(last, rng)
        if noise == "typo":
            if c() < 0.5:
                first = typo(first, rng)
            else:
                last = typo(last, rng)
        elif noise == "nickname":
            first = NICKS.get(_plain(first), first)
        elif noise == "compound":
            parts = last.replace("-", " ").split()
            last = rng.choice((parts[0], parts[-1], " ".join(parts), last.upper()))
        elif noise == "previous":
            last = home.candidate.alt_last_names[0]
        elif noise == "accents":
            first, last = _toggle(first), _toggle(last)
        if noise == "swapped":
            first, last = last, first
        carrier = self._carrier(home, wrong=noise == "wrong_carrier")
        facts = ClaimFacts(
            first_name=first if c() > 0.1 else first.upper(),
            last_name=last,
            dob=home.candidate.dob,
            carrier_id=carrier,
            application_date=home.candidate.application_submitted_on if c() < 0.4 else None,
            address=self._address(home),
        )
        return Claim(kind, npn, facts, home.index, truth_code(home, npn))

    def _carrier(self, home: Home, *, wrong: bool) -> str | None:
        held = {e.carrier_id for e in home.candidate.enrollments}
        if wrong:
            return self.rng.choice([c for c in CARRIER_CODES if c not in held] or CARRIER_CODES)
        if self.rng.random() < 0.08 or not held:
            return None
        return str(sorted(held, key=str)[-1 if self.rng.random() < 0.2 else 0])

    def _address(self, home: Home) -> Address | None:
        u, address = self.rng.random(), home.candidate.address
        if u < 0.3 or address is None:
            return None  # many workbooks leave the address out
        if u < 0.38:
            return Address(f"{self.rng.randint(10, 9899)} Old Mill Rd", "", "Anoka", "55303")
        line1 = address.line1.replace(" St", " Street").replace(" Ave", " Avenue")
        return Address(line1.upper() if u > 0.9 else line1, address.line2, address.city,
                       address.zip_code)  # fmt: skip

    def _nobody(self) -> Claim:
        """Someone the exchange never enrolled, with a DOB shared by real households."""
        rng = self.rng
        while True:
            home = rng.choice(self.index.homes)
            first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
            same_dob = self.index.by_dob[home.candidate.dob]
            if all(_plain(h.candidate.last_name) != last for h in same_dob):
                break
        facts = ClaimFacts(
            first_name=first,
            last_name=last,
            dob=home.candidate.dob,
            carrier_id=rng.choice(CARRIER_CODES),
            address=None,
        )
        return Claim("nobody", rng.choice(self.index.npns), facts, None, "NO_ASSOCIATION")


def _current(home: Home) -> bool:
    return any(
        e.coverage_year == YEAR and e.status != "cancelled" for e in home.candidate.enrollments
    )


def _plain(name: str) -> str:
    return PLAIN.get(name, name)


def _plain_or_not(name: str, rng: random.Random) -> str:
    """Brokers' keyboards drop accents two times in three."""
    return _plain(name) if name in PLAIN and rng.random() < 0.67 else name


def _toggle(name: str) -> str:
    return PLAIN.get(name) or ACCENTED.get(name, name)
