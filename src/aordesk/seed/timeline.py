"""One household's story: who, which coverage, when it was sent, which broker. Pure.

Rates are rough shapes of an individual market, chosen so the demo month has plenty of
associations to send, some of them held. The first households of every seed are the
hard cases and then one of each FORCED scenario, so small seeds still hold every case.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Any, TypeVar

from aordesk.brokers.rules import certified_on_date
from aordesk.core.dates import month_end, next_month_start
from aordesk.seed import names
from aordesk.seed.generator import (
    DECERTIFIED,
    SUSPENDED,
    AssociationRow,
    BrokerRow,
    EnrollmentRow,
    HouseholdRow,
    Roster,
    SeedPlan,
    TransmissionRow,
    decertified_on,
)
from aordesk.seed.hardcases import hard_cases
from aordesk.seed.keys import (
    association_reference,
    case_number,
    enrollment_batch_id,
    enrollment_id,
)

HELD = "held"
UNTRANSMITTED = "untransmitted"
BROKER_CHANGE = "broker_change"
DECERTIFIED_BEFORE = "decertified_before"
DECERTIFIED_AFTER = "decertified_after"
SUSPENDED_BROKER = "suspended_broker"
DEMO_MONTH = "demo_month"
PRIOR_YEAR_ONLY = "prior_year_only"
CONSUMER_REMOVED = "consumer_removed"
FORCED = (
    HELD,
    UNTRANSMITTED,
    BROKER_CHANGE,
    DECERTIFIED_BEFORE,
    DECERTIFIED_AFTER,
    SUSPENDED_BROKER,
    DEMO_MONTH,
    PRIOR_YEAR_ONLY,
    CONSUMER_REMOVED,
)
HARD_PREFIX = "hard:"
T = TypeVar("T")

# How an association's received date relates to the enrollment it names a broker for.
_STYLE_FOR = {
    HELD: "with_application",
    UNTRANSMITTED: "later",
    BROKER_CHANGE: "early",
    DECERTIFIED_BEFORE: "early",
    DECERTIFIED_AFTER: "after_decertification",
    SUSPENDED_BROKER: "early",
    DEMO_MONTH: "demo_month",
    PRIOR_YEAR_ONLY: "longstanding",
    CONSUMER_REMOVED: "early",
}
_METHODS = ("portal", "electronic", "paper")
_METHOD_CUM = [50, 80, 100]


class Timeline:
    def __init__(self, *, plan: SeedPlan, roster: Roster, rng: random.Random) -> None:
        self.plan, self.roster, self.rng = plan, roster, rng
        self.through_end = month_end(plan.through)
        self.hard = hard_cases()
        self.decertified_on = decertified_on(plan)
        self._broker_cum = list(accumulate(b.weight for b in roster.brokers))
        medical = [c for c in names.CARRIERS if c.kind == "medical"]
        dental = [c for c in names.CARRIERS if c.kind == "dental"]
        self._medical = ([c.code for c in medical], list(accumulate(c.weight for c in medical)))
        self._dental = ([c.code for c in dental], list(accumulate(c.weight for c in dental)))
        self._places = (names.PLACES, list(accumulate(p.weight for p in names.PLACES)))

    def household(self, index: int) -> HouseholdRow:
        scenario = self._scenario(index)
        case = case_number(index)
        enrollments = self._enrollments(case, scenario)
        first_completed = min(e.completed_on for e in enrollments)
        rng = self.rng
        return HouseholdRow(
            index=index,
            case_number=case,
            **self._person(index),
            application_method="online" if rng.random() < 0.82 else "paper",
            application_submitted_on=first_completed - dt.timedelta(days=rng.randint(0, 10)),
            enrollments=enrollments,
            associations=self._associations(case, enrollments, scenario),
            scenario=scenario,
        )

    def _scenario(self, index: int) -> str:
        if index < len(self.hard):
            return HARD_PREFIX + self.hard[index].key
        forced = index - len(self.hard)
        return FORCED[forced] if forced < len(FORCED) else ""

    def _person(self, index: int) -> dict[str, Any]:
        if index < len(self.hard):
            hc = self.hard[index]
            return {"first_name": hc.first_name, "last_name": hc.last_name,
                    "previous_last_names": hc.alternate_last_name,
                    "date_of_birth": hc.date_of_birth, "address_line1": hc.address_line1,
                    "address_line2": "", "city": hc.city, "zip_code": hc.zip_code}  # fmt: skip
        rng = self.rng
        place = _weighted(rng, *self._places)
        street = f"{rng.choice(names.STREET_NAMES)} {rng.choice(names.STREET_SUFFIXES)}"
        born = dt.date(self.plan.year - rng.randint(19, 64), 1, 1)
        return {
            "first_name": rng.choice(names.FIRST_NAMES),
            "last_name": rng.choice(names.LAST_NAMES),
            "date_of_birth": born + dt.timedelta(days=rng.randint(0, 364)),
            "address_line1": f"{rng.randint(10, 9899)} {street}",
            "address_line2": f"Apt {rng.randint(1, 420)}" if rng.random() < 0.12 else "",
            "city": place.city,
            "zip_code": rng.choice(place.zip_codes),
        }

    # --- enrollments -------------------------------------------------------------------

    def _enrollments(self, case: str, scenario: str) -> tuple[EnrollmentRow, ...]:
        year, u = self.plan.year, self.rng.random()
        if scenario == PRIOR_YEAR_ONLY or (not scenario and u < 0.06):
            years = [year - 1]
        elif u < 0.56:
            years = [year - 1, year]
        else:
            years = [year]
        rows: list[EnrollmentRow] = []
        for coverage_year in years:
            rows.extend(self._year_enrollments(case, coverage_year, scenario))
        return tuple(rows)

    def _year_enrollments(self, case: str, year: int, scenario: str) -> list[EnrollmentRow]:
        rng = self.rng
        completed, effective = self._coverage_dates(year, scenario)
        program = "qhp_aptc" if rng.random() < 0.62 else "qhp"
        kinds = [("medical", _weighted(rng, *self._medical), program)]
        if rng.random() < 0.3:
            kinds.append(("dental", _weighted(rng, *self._dental), "dental"))
        return [
            self._enrollment(case, year, kind, carrier, program, completed, effective, scenario)
            for kind, carrier, program in kinds
        ]

    def _coverage_dates(self, year: int, scenario: str) -> tuple[dt.date, dt.date]:
        """Open enrollment (Nov 1 - Dec 15, effective Jan 1) or a special enrollment
        completed the month before it takes effect."""
        rng, current = self.rng, year == self.plan.year
        last_month = min(12, self.plan.through.month + 1) if current else 12
        if current and scenario == UNTRANSMITTED:
            month = last_month  # completed in the demo month: not sent yet
        elif scenario or last_month < 2 or rng.random() < 0.85:
            opened = dt.date(year - 1, 11, 1)
            return opened + dt.timedelta(days=rng.randint(0, 44)), dt.date(year, 1, 1)
        else:
            month = rng.randint(2, last_month)
        effective = dt.date(year, month, 1)
        opened = effective.replace(month=month - 1)
        return opened + dt.timedelta(days=rng.randint(0, (effective - opened).days - 1)), effective

    def _enrollment(
        self,
        case: str,
        year: int,
        kind: str,
        carrier: str,
        program: str,
        completed: dt.date,
        effective: dt.date,
        scenario: str,
    ) -> EnrollmentRow:
        status, end_on = self._status(year, effective, ordinary=not scenario)
        return EnrollmentRow(
            enrollment_id=enrollment_id(case=case, year=year, kind=kind),
            carrier_code=carrier,
            coverage_kind=kind,
            program=program,
            coverage_year=year,
            effective_on=effective,
            end_on=end_on,
            status=status,
            completed_on=completed,
            transmissions=self._transmissions(carrier, year, completed, scenario),
        )

    def _status(
        self, year: int, effective: dt.date, *, ordinary: bool
    ) -> tuple[str, dt.date | None]:
        if year < self.plan.year:
            return "active", dt.date(year, 12, 31)
        u = self.rng.random()
        if not ordinary or u >= 0.06:
            return "active", None
        if u < 0.04:
            last = max(effective.month, self.plan.through.month)
            ended = dt.date(year, self.rng.randint(effective.month, last), 1)
            return "terminated", month_end(ended)
        return "cancelled", effective

    def _transmissions(
        self, carrier: str, year: int, completed: dt.date, scenario: str
    ) -> tuple[TransmissionRow, ...]:
        rng, current = self.rng, year == self.plan.year
        sent = completed + dt.timedelta(days=rng.randint(1, 4))
        stuck = not scenario and rng.random() < 0.015
        if current and (scenario == UNTRANSMITTED or stuck or sent > self.through_end):
            return ()
        rows = [TransmissionRow(enrollment_batch_id(carrier=carrier, sent_on=sent), sent)]
        # A few enrollments change later and go out again in a maintenance file.
        if rng.random() < 0.04:
            later = sent + dt.timedelta(days=rng.randint(20, 120))
            if later <= (self.through_end if current else dt.date(year, 12, 31)):
                rows.append(
                    TransmissionRow(enrollment_batch_id(carrier=carrier, sent_on=later), later)
                )
        return tuple(rows)

    # --- associations ------------------------------------------------------------------

    def _associations(
        self, case: str, enrollments: tuple[EnrollmentRow, ...], scenario: str
    ) -> tuple[AssociationRow, ...]:
        medical = [e for e in enrollments if e.coverage_kind == "medical"]
        style, change, removed = self._style(scenario, has_prior=len(medical) > 1)
        if style is None:
            return ()
        anchor = medical[-1]
        limit = (
            self.through_end
            if anchor.coverage_year == self.plan.year
            else dt.date(anchor.coverage_year, 12, 31)
        )
        received = self._received(style, anchor, medical[0], limit)
        npn = self._broker_for(received, scenario)
        method = "paper" if scenario == DECERTIFIED_AFTER else self._method()
        taken_over = self._later_date(next_month_start(received), limit) if change else None
        gone = self._later_date(next_month_start(received), limit) if removed else None
        if taken_over is not None:
            new_npn = self._broker_for(taken_over, "", exclude=npn)
            ended = next_month_start(taken_over) - dt.timedelta(days=1)
            return (
                _association(case, 1, npn, method, received, ended, "new_broker"),
                _association(case, 2, new_npn, self._method(), taken_over),
            )
        if gone is not None:
            return (_association(case, 1, npn, method, received, gone, "consumer_removed"),)
        return (_association(case, 1, npn, method, received),)

    def _style(self, scenario: str, *, has_prior: bool) -> tuple[str | None, bool, bool]:
        if scenario.startswith(HARD_PREFIX):
            return "early", False, False
        if scenario:
            return _STYLE_FOR[scenario], scenario == BROKER_CHANGE, scenario == CONSUMER_REMOVED
        u, v = self.rng.random(), self.rng.random()
        if u < 0.35:
            return None, False, False
        if u < 0.45:
            style = "with_application"
        elif u < 0.57:
            style = "demo_month"
        elif has_prior and u < 0.75:
            style = "longstanding"
        else:
            style = "later"
        return style, v < 0.08, 0.08 <= v < 0.10

    def _received(
        self, style: str, anchor: EnrollmentRow, first: EnrollmentRow, limit: dt.date
    ) -> dt.date:
        rng, completed = self.rng, anchor.completed_on
        if style == "with_application":
            return completed
        if style == "early":
            return min(limit, completed + dt.timedelta(days=rng.randint(1, 20)))
        if style == "longstanding":
            return _between(rng, first.completed_on, dt.date(first.coverage_year, 12, 31))
        if style == "demo_month" and anchor.coverage_year == self.plan.year:
            return _between(rng, max(completed, self.plan.through), limit)
        if style == "after_decertification":
            return _between(rng, max(completed, self.decertified_on), limit)
        return _between(rng, min(limit, completed + dt.timedelta(days=1)), limit)

    def _later_date(self, earliest: dt.date, limit: dt.date) -> dt.date | None:
        return _between(self.rng, earliest, limit) if earliest <= limit else None

    def _broker_for(self, received: dt.date, scenario: str, exclude: str = "") -> str:
        if scenario in (DECERTIFIED_BEFORE, DECERTIFIED_AFTER):
            return self.roster.npn_with_status(DECERTIFIED)
        if scenario == SUSPENDED_BROKER:
            return self.roster.npn_with_status(SUSPENDED)
        brokers, rng = self.roster.brokers, self.rng
        for _ in range(8):
            broker = brokers[_index(rng, self._broker_cum)]
            certified = certified_on_date(
                status=broker.certification_status,
                certified_on=broker.certified_on,
                status_changed_on=broker.status_changed_on,
                day=received,
            )
            if broker.npn == exclude or (scenario and broker.certification_status != "certified"):
                continue
            # Now and then a paper form still names a broker who is no longer certified.
            if certified or (not scenario and rng.random() < 0.05):
                return broker.npn
        # Rarely reached (tiny rosters): any other broker, certified ones first.
        others = sorted((b for b in brokers if b.npn != exclude), key=_uncertified)
        return others[0].npn

    def _method(self) -> str:
        return _METHODS[_index(self.rng, _METHOD_CUM)]


def _association(
    case: str,
    sequence: int,
    npn: str,
    method: str,
    received: dt.date,
    ended: dt.date | None = None,
    reason: str = "",
) -> AssociationRow:
    return AssociationRow(
        reference=association_reference(case=case, sequence=sequence),
        broker_npn=npn,
        method=method,
        received_on=received,
        effective_on=next_month_start(received),
        ended_on=ended,
        end_reason=reason,
        status="ended" if ended else "active",
    )


def _uncertified(broker: BrokerRow) -> bool:
    return broker.certification_status != "certified"


def _index(rng: random.Random, cumulative: list[int]) -> int:
    return bisect_right(cumulative, rng.random() * cumulative[-1])


def _weighted(rng: random.Random, items: Sequence[T], cumulative: list[int]) -> T:
    return items[_index(rng, cumulative)]


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))
