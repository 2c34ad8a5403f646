import datetime as dt

import pytest

from aordesk.core.audit import Actor
from aordesk.cycle import runner
from aordesk.cycle.models import BrokerReport, CycleUnit, Statement
from aordesk.messaging.models import Message, Notification
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.cycle.factories import OCTOBER, close_month, sent_line
from tests.households.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def run():
    close_month(OCTOBER)
    return runner.cycle_run(month=OCTOBER, actor=Actor.cli())


def test_a_broker_gets_one_message_with_its_report_and_its_statement_attached():
    broker = BrokerFactory()
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 12))
    run()
    report = BrokerReport.objects.get(broker=broker)
    statement = Statement.objects.get(broker=broker)
    message = Message.objects.get(broker=broker)
    assert message.kind == "aor_report"
    assert message.subject == "AOR report for October 2026"
    assert "AOR report and your AOR statement for October 2026" in message.body
    assert "They list 1 enrollment(s) whose AOR the exchange sent" in message.body
    attached = [a.artifact_id for a in message.attachments.order_by("id")]
    assert attached == [report.artifact_id, statement.artifact_id]
    assert Notification.objects.filter(message__broker=broker).count() == 1


def test_an_agency_statement_is_posted_to_the_agency_not_to_a_broker():
    agency = AgencyFactory()
    sent_line(broker=BrokerFactory(agency=agency), sent_on=dt.date(2026, 10, 12))
    run()
    message = Message.objects.get(agency=agency)
    assert message.kind == "statement" and message.broker_id is None


def test_a_rerun_posts_nothing_more():
    sent_line(broker=BrokerFactory(), sent_on=dt.date(2026, 10, 12))
    run()
    before = Message.objects.count()
    run()
    assert Message.objects.count() == before == CycleUnit.objects.count()


def test_the_message_names_no_consumer():
    household = HouseholdFactory(first_name="Zebulon", last_name="Quixotic")
    broker = BrokerFactory()
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 12), household=household)
    run()
    for message in Message.objects.all():
        text = f"{message.subject} {message.body}"
        assert "Zebulon" not in text and "Quixotic" not in text
        assert household.date_of_birth.isoformat() not in text
