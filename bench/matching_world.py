"""The matching benchmark's world: households from the seed generator, kept in memory.

`aordesk.seed.generator` makes the people, enrollments and associations (synthetic names
only). On top of that this module adds what the seed does not make often enough, decided per
household from a seeded Random so runs repeat: hyphenated and two-word surnames, previous last
names, accented spellings, twins (the next household made the same person's twin: same DOB,
last name and address, a similar first name) and next-year enrollments.

The AOR evidence the real system keeps in tables (carrier-file lines, held lines, reports) is
derived here with the hold rule's logic: AOR files go out on the 7th, 14th, 21st and 28th; a
line goes in the first file after both its association and its enrollment file; a
current-year line whose enrollment was never sent is held; the broker has the reports of
every month before the demo month. Broker certification is ignored (every line may go).

Blocking (`Index.block`) is an in-memory dict by date of birth standing in for the indexed
`Household.date_of_birth` query; scoring and proposing use the real pure functions.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, replace

from rapidfuzz.distance import JaroWinkler

from aordesk.review.determination import (
    AssociationFacts,
    HeldLine,
    HouseholdEvidence,
    ReportFacts,
    SentLine,
)
from aordesk.review.matching import Address, CandidateFacts, EnrollmentFacts
from aordesk.seed import names
from aordesk.seed.generator import (
    AssociationRow,
    EnrollmentRow,
    HouseholdRow,
    SeedPlan,
    generate_households,
    generate_roster,
)

YEAR = 2026
THROUGH = dt.date(YEAR, 12, 1)  # the demo month: next year's open enrollment has begun
AS_OF = dt.date(YEAR, 12, 31)
LAST_REPORTED = dt.date(YEAR, 11, 1)  # reports exist for every month up to this one
SEND_DAYS = (7, 14, 21, 28)

ACCENTED = {
    "Jose": "José", "Maria": "María", "Sofia": "Sofía", "Angela": "Ángela", "Andrea": "Andréa",
    "Garcia": "García", "Lopez": "López", "Hernandez": "Hernández", "Rodriguez": "Rodríguez",
    "Martinez": "Martínez", "Ramirez": "Ramírez", "Gonzalez": "González", "Diaz": "Díaz",
    "Nguyen": "Nguyễn", "Tran": "Trần", "Hoang": "Hoàng", "Sorensen": "Sørensen",
    "Cruz": "Crúz", "Ortiz": "Ortíz", "Torres": "Tórres", "Novak": "Novák", "Muller": "Müller",
}  # fmt: skip
PLAIN = {accented: plain for plain, accented in ACCENTED.items()}


@dataclass(frozen=True, slots=True)
class Home:
    """One household as the benchmark keeps it: the candidate and its evidence."""

    index: int
    candidate: CandidateFacts
    associations: tuple[AssociationRow, ...]
    lines: tuple[SentLine, ...]
    held: tuple[HeldLine, ...]
    tags: frozenset[str]
    twin_of: int | None = None

    def active_npn(self) -> str | None:
        return next((a.broker_npn for a in self.associations if a.status == "active"), None)

    def evidence(self, npn: str) -> HouseholdEvidence:
        """What the evidence selector would gather for a claim from broker `npn`."""
        mine = {a.reference for a in self.associations if a.broker_npn == npn}
        months = sorted({line.month for line in self.lines if line.association_reference in mine})
        return HouseholdEvidence(
            associations=tuple(_association_facts(a, npn) for a in self.associations),
            lines_sent=self.lines,
            held=self.held,
            reports=tuple(
                ReportFacts(month=m, date_sent=_next_month(m) + dt.timedelta(days=2))
                for m in months
                if m <= LAST_REPORTED
            ),
        )


def _association_facts(row: AssociationRow, npn: str) -> AssociationFacts:
    return AssociationFacts(
        reference=row.reference,
        broker_npn=row.broker_npn,
        method=row.method,
        received_on=row.received_on,
        status=row.status,
        is_this_broker=row.broker_npn == npn,
    )


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def send_day_on_or_after(day: dt.date) -> dt.date:
    for d in SEND_DAYS:
        if day.day <= d:
            return day.replace(day=d)
    return _next_month(day).replace(day=SEND_DAYS[0])


class Index:
    """Households by date of birth, as the selector blocks."""

    def __init__(self) -> None:
        self.homes: list[Home] = []
        self.by_dob: dict[dt.date, list[Home]] = defaultdict(list)
        self.npns: list[str] = []

    def add(self, home: Home) -> None:
        self.homes.append(home)
        self.by_dob[home.candidate.dob].append(home)

    def block(self, dob: dt.date) -> list[Home]:
        """Households with this DOB, and with its day and month swapped when that is a date."""
        found = list(self.by_dob.get(dob, ()))
        if dob.day <= 12 and dob.day != dob.month:
            found += self.by_dob.get(dob.replace(month=dob.day, day=dob.month), ())
        return found


def build(households: int, *, seed: int = 20261) -> Index:
    plan = SeedPlan(
        seed=seed, year=YEAR, through=THROUGH, brokers=2000, agencies=200, households=households
    )
    roster = generate_roster(plan)
    index = Index()
    index.npns = [b.npn for b in roster.brokers]
    rng = random.Random(f"{seed}:bench-matching")
    twins = _twin_names()
    for chunk in generate_households(plan, roster):
        previous: HouseholdRow | None = None
        for row in chunk:
            tags: set[str] = set()
            twin_of = None
            if previous is not None and "twin" not in previous.scenario and rng.random() < 0.01:
                row = _twin(row, previous, twins)
                twin_of = previous.index
                tags.add("twin")
            else:
                row = _vary(row, rng, tags)
            index.add(_home(row, rng, tags, twin_of))
            previous = row
    return index


def _vary(row: HouseholdRow, rng: random.Random, tags: set[str]) -> HouseholdRow:
    u = rng.random()
    if u < 0.06:
        other = rng.choice(names.LAST_NAMES)
        joined = f"{row.last_name}{rng.choice('- ')}{other}" if other != row.last_name else None
        if joined:
            tags.add("compound")
            row = replace(row, last_name=joined)
    elif u < 0.10:
        tags.add("previous")
        row = replace(row, previous_last_names=rng.choice(names.LAST_NAMES))
    if rng.random() < 0.5 and (row.first_name in ACCENTED or row.last_name in ACCENTED):
        tags.add("accented")
        row = replace(
            row,
            first_name=ACCENTED.get(row.first_name, row.first_name),
            last_name=ACCENTED.get(row.last_name, row.last_name),
        )
    if row.associations and rng.random() < 0.02:
        tags.add("next_year")
        row = _next_year(row, rng)
    return row


def _twin(row: HouseholdRow, sibling: HouseholdRow, twins: dict[str, str]) -> HouseholdRow:
    return replace(
        row,
        first_name=twins.get(sibling.first_name, sibling.first_name + "a"),
        last_name=sibling.last_name,
        date_of_birth=sibling.date_of_birth,
        address_line1=sibling.address_line1,
        address_line2=sibling.address_line2,
        city=sibling.city,
        zip_code=sibling.zip_code,
        scenario=row.scenario + " twin",
    )


def _twin_names() -> dict[str, str]:
    """Each first name's most similar other first name: twins' names are alike."""
    pool = names.FIRST_NAMES
    return {
        name: max((o for o in pool if o != name), key=lambda o: JaroWinkler.similarity(name, o))
        for name in pool
    }


def _next_year(row: HouseholdRow, rng: random.Random) -> HouseholdRow:
    """All coverage moved to next year, chosen in this year's open enrollment."""
    completed = dt.date(YEAR, 11, 1) + dt.timedelta(days=rng.randint(0, 40))
    sent = completed + dt.timedelta(days=rng.randint(1, 4))
    transmitted = rng.random() < 0.5 and sent <= AS_OF
    enrollments = tuple(
        replace(
            e,
            coverage_year=YEAR + 1,
            effective_on=dt.date(YEAR + 1, 1, 1),
            end_on=None,
            status="active",
            completed_on=completed,
            transmissions=tuple(replace(t, sent_on=sent) for t in e.transmissions[:1])
            if transmitted
            else (),
        )
        for e in row.enrollments
        if e.coverage_year == YEAR
    ) or tuple(replace(e, coverage_year=YEAR + 1) for e in row.enrollments[:1])
    received = completed + dt.timedelta(days=rng.randint(0, 10))
    first = row.associations[0]
    associations = (
        replace(first, received_on=received, ended_on=None, end_reason="", status="active"),
    )
    return replace(row, enrollments=enrollments, associations=associations)


def _home(row: HouseholdRow, rng: random.Random, tags: set[str], twin_of: int | None) -> Home:
    candidate = CandidateFacts(
        household_id=row.index,
        first_name=row.first_name,
        last_name=row.last_name,
        dob=row.date_of_birth,
        application_submitted_on=row.application_submitted_on,
        alt_last_names=(row.previous_last_names,) if row.previous_last_names else (),
        address=Address(row.address_line1, row.address_line2, row.city, row.zip_code),
        enrollments=tuple(_enrollment_facts(e) for e in row.enrollments),
    )
    lines: list[SentLine] = []
    held: list[HeldLine] = []
    for association in row.associations:
        if association.status != "active":
            continue  # an ended association's lines no longer decide anything
        for e in row.enrollments:
            _line_or_hold(association, e, lines, held)
    return Home(
        row.index, candidate, row.associations, tuple(lines), tuple(held), frozenset(tags), twin_of
    )


def _line_or_hold(
    association: AssociationRow, e: EnrollmentRow, lines: list[SentLine], held: list[HeldLine]
) -> None:
    if e.status == "cancelled":
        return
    if not e.transmissions:
        if e.coverage_year >= YEAR:
            held.append(
                HeldLine(
                    association_reference=association.reference,
                    enrollment_id=e.enrollment_id,
                    carrier_id=e.carrier_code,
                )
            )
        return
    first_sent = min(t.sent_on for t in e.transmissions)
    day = send_day_on_or_after(max(association.received_on, first_sent + dt.timedelta(days=1)))
    last = AS_OF if e.coverage_year >= YEAR else dt.date(e.coverage_year, 12, 31)
    if day <= last:
        lines.append(
            SentLine(
                association_reference=association.reference,
                enrollment_id=e.enrollment_id,
                carrier_id=e.carrier_code,
                sent_on=day,
            )
        )


def _enrollment_facts(e: EnrollmentRow) -> EnrollmentFacts:
    return EnrollmentFacts(
        enrollment_id=e.enrollment_id,
        carrier_id=e.carrier_code,
        coverage_year=e.coverage_year,
        completed_on=e.completed_on,
        effective_on=e.effective_on,
        status=e.status,
    )
