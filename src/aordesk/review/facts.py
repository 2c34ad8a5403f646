"""The AOR evidence about one household that a determination reads. Pure: no Django.

The evidence reads (review/evidence.py) fill these from the tables; `determination.propose`
reads them. Kept apart from determination.py (which re-exports them) so each module stays readable.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from aordesk.review.matching import CarrierRef, HouseholdRef


@dataclass(frozen=True, slots=True, kw_only=True)
class AssociationFacts:
    reference: str
    broker_npn: str
    method: str  # "portal", "electronic" or "paper"
    received_on: date
    status: str  # "active", "ended" or "voided"
    is_this_broker: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class SentLine:
    """A line of a carrier AOR file for one of this household's associations."""

    association_reference: str
    enrollment_id: str
    carrier_id: CarrierRef
    sent_on: date  # the Date Sent that reports show
    report_month: date | None = None  # first of the report's month; defaults to sent_on's
    # The line's two dates as the broker's report shows them (ADR 0014): Medical EA Eff Date
    # is the plan's, AOR Effective Date the association's.
    plan_effective_on: date | None = None
    aor_effective_on: date | None = None

    @property
    def month(self) -> date:
        return self.report_month or self.sent_on.replace(day=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class HeldLine:
    """An association waiting for the household's enrollment to be sent to the carrier."""

    association_reference: str
    enrollment_id: str | None = None
    carrier_id: CarrierRef | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportFacts:
    """A report of the claiming broker that covers this household."""

    month: date  # first of the month
    date_sent: date  # the day the report went to the broker


@dataclass(frozen=True, slots=True, kw_only=True)
class HouseholdEvidence:
    associations: tuple[AssociationFacts, ...] = ()
    lines_sent: tuple[SentLine, ...] = ()
    held: tuple[HeldLine, ...] = ()
    reports: tuple[ReportFacts, ...] = ()


# By household id; a household missing from the mapping has no associations, lines or reports.
Evidence = Mapping[HouseholdRef, HouseholdEvidence]
