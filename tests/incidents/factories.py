import datetime as dt
from dataclasses import dataclass

from aordesk.brokers.models import Broker
from aordesk.core.audit import Actor
from aordesk.cycle import runner
from aordesk.cycle.models import BrokerReport
from aordesk.households.models import Enrollment
from aordesk.messaging.models import Message
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.cycle.factories import OCTOBER, close_month, sent_line
from tests.households.factories import HouseholdFactory


@dataclass
class Reported:
    """A broker's October report as the cycle posted it, and the enrollments it lists."""

    broker: Broker
    report: BrokerReport
    message: Message
    enrollments: list[Enrollment]


def october_report(*, consumers: int = 3, with_agency: bool = False) -> Reported:
    """The October cycle for one broker (in an agency when asked) with `consumers`
    households on the report, built and posted as the monthly job does."""
    broker = BrokerFactory(agency=AgencyFactory() if with_agency else None)
    lines = [
        sent_line(
            broker=broker,
            sent_on=dt.date(2026, 10, 3 + n),
            household=HouseholdFactory(last_name=f"Synthetic{n}", first_name="Test"),
        )
        for n in range(consumers)
    ]
    close_month(OCTOBER)
    runner.cycle_run(month=OCTOBER, actor=Actor.cli())
    report = BrokerReport.objects.select_related("artifact").get(broker=broker, status="current")
    message = Message.objects.get(broker=broker, kind=Message.Kind.AOR_REPORT)
    return Reported(broker, report, message, [line.enrollment for line in lines])
