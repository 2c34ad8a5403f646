"""One synthetic office for the staff pages' browser checks and the screenshots: a broker
with an October report (posted, downloaded, then the subject of a privacy incident), a claim
taken by the staff member, and a consumer whose documents audit search finds."""

import datetime as dt
from dataclasses import dataclass

from aordesk.accounts.models import User
from aordesk.brokers.models import Broker
from aordesk.core.audit import Actor
from aordesk.incidents.models import PrivacyIncident
from aordesk.incidents.services import incident_open
from aordesk.intake.models import Claim
from aordesk.messaging.models import Message
from aordesk.review.services import claim_take_next, claim_triage
from tests.accounts.factories import BrokerUserFactory, UserFactory, with_totp
from tests.audit.factories import consumer_with_reports, downloaded
from tests.carriers.factories import CarrierFactory
from tests.dashboard.factories import DecisionFactory
from tests.incidents.factories import october_report
from tests.review.factories import TODAY, associated, claim_about, consumer, enrolled, sent

ACTOR = Actor.system("test")
AUDITED_LAST_NAME = "Vandersloot"


@dataclass
class StaffScene:
    staff: User
    secret: str
    broker_user: User
    broker_secret: str
    broker: Broker
    message: Message
    claim: Claim
    incident: PrivacyIncident


def staff_scene() -> StaffScene:
    staff = UserFactory(username="reviewer.one")
    reported = october_report(consumers=3, with_agency=True)
    broker_user = BrokerUserFactory(broker=reported.broker)
    claim = _taken_claim(staff, reported.broker)
    scene = consumer_with_reports(last=AUDITED_LAST_NAME)
    downloaded(scene["reports"][1], BrokerUserFactory(broker=scene["broker"]))
    DecisionFactory()
    incident = incident_open(
        report=reported.report,
        enrollment_ids=[reported.enrollments[0].pk],
        reported_by=broker_user,
        source="broker",
        note="A line of another broker's client appeared on the report.",
        actor=ACTOR,
    )
    return StaffScene(
        staff=staff,
        secret=with_totp(staff),
        broker_user=broker_user,
        broker_secret=with_totp(broker_user),
        broker=reported.broker,
        message=reported.message,
        claim=claim,
        incident=incident,
    )


def _taken_claim(reviewer: User, broker: Broker) -> Claim:
    household = consumer()
    carrier = CarrierFactory(display_name="North Lakes Health")
    sent(associated(household, broker), enrolled(household, carrier), on=dt.date(2026, 11, 4))
    claim = claim_about(broker=broker, carrier=carrier)
    claim_triage(claim=claim, actor=ACTOR, today=TODAY)
    # A second claim keeps the queue from looking empty.
    claim_triage(
        claim=claim_about(broker=broker, carrier=carrier, first="Teodoro", last="Aalto"),
        actor=ACTOR,
        today=TODAY,
    )
    claim_take_next(reviewer=reviewer, actor=ACTOR, today=TODAY)
    return claim
