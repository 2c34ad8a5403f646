"""Scenes for the review queue: a consumer's household, a broker's claim about them, and the
AOR evidence between (associations, carrier files, reports). Synthetic names only."""

import datetime as dt

import factory

from aordesk.aor.models import AorAssociation
from aordesk.cycle.models import BrokerReport
from aordesk.households.models import Household
from aordesk.intake.models import Claim, Submission
from tests.aor.factories import (
    AorAssociationFactory,
    AorTransmissionFactory,
    AorTransmissionLineFactory,
)
from tests.households.factories import (
    EnrollmentFactory,
    EnrollmentTransmissionFactory,
    HouseholdFactory,
)
from tests.intake.factories import ArtifactFactory, ClaimFactory, SubmissionFactory

TODAY = dt.date(2026, 11, 20)
DOB = dt.date(1984, 3, 17)
APPLIED = dt.date(2026, 1, 5)


def consumer(first: str = "Marisol", last: str = "Quintanilla", **fields) -> Household:
    fields.setdefault("date_of_birth", DOB)
    fields.setdefault("application_submitted_on", APPLIED)
    return HouseholdFactory(first_name=first, last_name=last, **fields)


def claim_about(
    *,
    broker,
    carrier,
    first: str = "Marisol",
    last: str = "Quintanilla",
    submission: Submission | None = None,
    **fields,
) -> Claim:
    """A broker's claim, in `submission` (a new one, last in the queue, by default)."""
    submission = submission or SubmissionFactory(broker=broker)
    fields.setdefault("dob", DOB)
    fields.setdefault("application_date", APPLIED)
    return ClaimFactory(
        row__submission=submission,
        carrier=carrier,
        first_name=first,
        last_name=last,
        **fields,
    )


def enrolled(household: Household, carrier, *, year: int = 2026, sent_on=dt.date(2026, 1, 2)):
    """An enrollment of the household with the carrier, its enrollment file sent on `sent_on`
    (None: not sent yet)."""
    enrollment = EnrollmentFactory(household=household, carrier=carrier, coverage_year=year)
    if sent_on is not None:
        EnrollmentTransmissionFactory(enrollment=enrollment, sent_on=sent_on)
    return enrollment


def associated(household: Household, broker, **fields) -> AorAssociation:
    fields.setdefault("received_on", dt.date(2026, 9, 3))
    fields.setdefault("method", AorAssociation.Method.ELECTRONIC)
    return AorAssociationFactory(household=household, broker=broker, **fields)


def sent(association: AorAssociation, enrollment, *, on: dt.date):
    transmission = AorTransmissionFactory(carrier=enrollment.carrier, sent_on=on)
    return AorTransmissionLineFactory(
        transmission=transmission, association=association, enrollment=enrollment
    )


def report(broker, month: dt.date, **fields) -> BrokerReport:
    return BrokerReport.objects.create(
        broker=broker,
        month=month,
        version=1,
        artifact=ArtifactFactory(),
        rows=1,
        created_by="cli:test",
        **fields,
    )


class StaffFactory(factory.django.DjangoModelFactory):
    """A Broker Team reviewer (no password: services only)."""

    class Meta:
        model = "accounts.User"

    username = factory.Sequence(lambda n: f"reviewer{n}@exchange.example")
    role = "staff"


def decide_next(reviewer, *, today: dt.date = TODAY, code: str | None = None):
    """Take the oldest claim and decide it as proposed (or as `code`, with a note)."""
    from aordesk.core.audit import Actor
    from aordesk.review.services import claim_decide, claim_take_next

    actor = Actor.system("test")
    claim = claim_take_next(reviewer=reviewer, actor=actor, today=today)
    proposed = claim.proposal.internal_code
    chosen = code or (proposed if proposed != "NEEDS_INFO" else "NO_MATCHING_ENROLLMENT")
    note = "" if chosen == proposed else "Chosen in a test."
    return claim_decide(
        claim=claim, reviewer=reviewer, internal_code=chosen, note=note, actor=actor
    )
