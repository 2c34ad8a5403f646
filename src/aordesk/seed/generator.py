"""The synthetic market as plain rows, from a seeded Random. Pure: no Django, no clock.

Determinism: the roster comes from Random(f"{seed}:roster"); households are made in
fixed chunks of CHUNK_SIZE, chunk c from Random(f"{seed}:households:{c}"), one household
after another. So the same seed gives the same rows, a smaller --households gives a
prefix of a larger one, and any chunk can be made alone (memory stays bounded).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace

from aordesk.seed import names
from aordesk.seed.keys import CASE_NUMBER_MAX_INDEX, agency_code

CHUNK_SIZE = 10_000
DECERTIFIED = "decertified"
SUSPENDED = "suspended"
CERTIFIED = "certified"


@dataclass(frozen=True)
class SeedPlan:
    seed: int
    year: int
    # First day of the demo month: the last month with any activity.
    through: dt.date
    brokers: int
    agencies: int
    households: int

    def __post_init__(self) -> None:
        if self.through.year != self.year or self.through.day != 1:
            raise ValueError("`through` must be the first day of a month of the coverage year")
        if self.brokers < 3 or not 0 <= self.agencies <= self.brokers // 2:
            raise ValueError("need at least 3 brokers and at most one agency per two brokers")
        if not 0 <= self.households <= CASE_NUMBER_MAX_INDEX + 1:
            raise ValueError(f"households must be between 0 and {CASE_NUMBER_MAX_INDEX + 1}")

    @property
    def chunks(self) -> int:
        return -(-self.households // CHUNK_SIZE)


@dataclass(frozen=True)
class AgencyRow:
    code: str
    name: str
    admin_name: str
    admin_email: str
    admin_phone: str


@dataclass(frozen=True)
class BrokerRow:
    npn: str
    first_name: str
    last_name: str
    email: str
    agency_code: str  # "" for an independent broker
    certification_status: str
    certified_on: dt.date
    status_changed_on: dt.date
    # Relative share of households: a few brokers write much of the book.
    weight: int


@dataclass(frozen=True)
class Roster:
    agencies: tuple[AgencyRow, ...]
    brokers: tuple[BrokerRow, ...]

    def npn_with_status(self, status: str) -> str:
        return next(b.npn for b in self.brokers if b.certification_status == status)


@dataclass(frozen=True)
class TransmissionRow:
    batch_id: str
    sent_on: dt.date


@dataclass(frozen=True)
class EnrollmentRow:
    enrollment_id: str
    carrier_code: str
    coverage_kind: str
    program: str
    coverage_year: int
    effective_on: dt.date
    end_on: dt.date | None
    status: str
    completed_on: dt.date
    transmissions: tuple[TransmissionRow, ...]


@dataclass(frozen=True)
class AssociationRow:
    reference: str
    broker_npn: str
    method: str
    received_on: dt.date
    effective_on: dt.date
    ended_on: dt.date | None
    end_reason: str
    status: str


@dataclass(frozen=True)
class HouseholdRow:
    index: int
    case_number: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    address_line1: str
    address_line2: str
    city: str
    zip_code: str
    application_method: str
    application_submitted_on: dt.date
    enrollments: tuple[EnrollmentRow, ...]
    associations: tuple[AssociationRow, ...]
    # Why this household exists, for tests and benchmarks ("" for an ordinary one).
    scenario: str
    previous_last_names: str = ""


def default_agencies(brokers: int) -> int:
    return max(1, brokers // 10) if brokers >= 3 else 0


def generate_roster(plan: SeedPlan) -> Roster:
    rng = random.Random(f"{plan.seed}:roster")
    agencies = tuple(_agency(rng, index) for index in range(plan.agencies))
    npns = _unique_npns(rng, plan.brokers)
    brokers = [
        _broker(rng, plan, npn, _agency_for(rng, position, agencies))
        for position, npn in enumerate(npns)
    ]
    # The last two are the broker-team's problem cases: one decertified mid-year of the
    # coverage year, one suspended a month before the demo month.
    brokers[-1] = _with_status(brokers[-1], DECERTIFIED, decertified_on(plan))
    brokers[-2] = _with_status(brokers[-2], SUSPENDED, suspended_on(plan))
    return Roster(agencies=agencies, brokers=tuple(brokers))


def decertified_on(plan: SeedPlan) -> dt.date:
    return dt.date(plan.year, min(7, max(1, plan.through.month - 3)), 15)


def suspended_on(plan: SeedPlan) -> dt.date:
    return dt.date(plan.year, max(1, plan.through.month - 1), 1)


def _agency(rng: random.Random, index: int) -> AgencyRow:
    first = names.AGENCY_FIRST_WORDS[index % len(names.AGENCY_FIRST_WORDS)]
    last = names.AGENCY_LAST_WORDS[(index * 5 + index // 24) % len(names.AGENCY_LAST_WORDS)]
    lap = index // (len(names.AGENCY_FIRST_WORDS) * len(names.AGENCY_LAST_WORDS))
    name = f"{first} {last}" + (f" {lap + 1}" if lap else "")
    admin_first, admin_last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
    return AgencyRow(
        code=agency_code(index),
        name=name,
        admin_name=f"{admin_first} {admin_last}",
        admin_email=f"admin@{_slug(name)}.example",
        # 555-01xx numbers are reserved for fiction.
        admin_phone=f"651-555-01{index % 100:02d}",
    )


def _unique_npns(rng: random.Random, count: int) -> list[str]:
    seen: set[str] = set()
    npns: list[str] = []
    while len(npns) < count:
        npn = str(rng.randint(2_000_000, 99_999_999))
        if npn not in seen:
            seen.add(npn)
            npns.append(npn)
    return npns


def _agency_for(
    rng: random.Random, position: int, agencies: tuple[AgencyRow, ...]
) -> AgencyRow | None:
    if not agencies:
        return None
    # The first brokers fill every agency with two members; the rest join one at random
    # or stay independent.
    if position < 2 * len(agencies):
        return agencies[position // 2]
    return rng.choice(agencies) if rng.random() < 0.55 else None


def _broker(rng: random.Random, plan: SeedPlan, npn: str, agency: AgencyRow | None) -> BrokerRow:
    first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
    domain = f"{_slug(agency.name)}.example" if agency else "brokers.example"
    certified = dt.date(plan.year - 11, 1, 1) + dt.timedelta(days=rng.randint(0, 3650))
    return BrokerRow(
        npn=npn,
        first_name=first,
        last_name=last,
        email=f"{first}.{last}.{npn[-4:]}@{domain}".lower(),
        agency_code=agency.code if agency else "",
        certification_status=CERTIFIED,
        certified_on=certified,
        status_changed_on=certified,
        weight=min(400, int(10 * rng.paretovariate(1.6))),
    )


def _with_status(broker: BrokerRow, status: str, on: dt.date) -> BrokerRow:
    # A modest book: enough lines to show in `aor held`, not enough to crowd it.
    return replace(broker, certification_status=status, status_changed_on=on, weight=15)


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def generate_households(plan: SeedPlan, roster: Roster) -> Iterator[list[HouseholdRow]]:
    """Every household of the plan, one chunk at a time."""
    for chunk in range(plan.chunks):
        yield generate_chunk(plan, roster, chunk)


def generate_chunk(plan: SeedPlan, roster: Roster, chunk: int) -> list[HouseholdRow]:
    # Imported here: timeline needs the row types defined above.
    from aordesk.seed.timeline import Timeline

    rng = random.Random(f"{plan.seed}:households:{chunk}")
    timeline = Timeline(plan=plan, roster=roster, rng=rng)
    start = chunk * CHUNK_SIZE
    stop = min(plan.households, start + CHUNK_SIZE)
    return [timeline.household(index) for index in range(start, stop)]


def default_year(today: dt.date) -> int:
    """The demo month is the month before today; its year is the coverage year."""
    return (today.replace(day=1) - dt.timedelta(days=1)).year


def default_through(*, year: int, today: dt.date) -> dt.date:
    """The demo month (the month before today), kept inside the coverage year."""
    demo = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return min(max(demo, dt.date(year, 1, 1)), dt.date(year, 12, 1))
