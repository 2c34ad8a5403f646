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
    broker = BrokerFactory(first_name="Pat", last_name="Lee", npn="1000003")
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 12))
    run()
    report = BrokerReport.objects.get(broker=broker)
    statement = Statement.objects.get(broker=broker)
    message = Message.objects.get(broker=broker)
    assert message.kind == "aor_report"
    # An agency administrator reads it too: it names whose report it is, never "your".
    assert message.subject == "AOR report for October 2026: Pat Lee (NPN 1000003)"
    assert (
        "The AOR report and the AOR statement of Pat Lee (NPN 1000003) for October 2026 are "
        "attached." in message.body
    )
    assert "your AOR" not in message.body.lower().replace("your agency", "")
    assert "They list 1 enrollment(s) whose AOR the exchange sent" in message.body
    attached = [a.artifact_id for a in message.attachments.order_by("id")]
    assert attached == [report.artifact_id, statement.artifact_id]
    assert Notification.objects.filter(message__broker=broker).count() == 1


def test_messages_of_two_brokers_of_one_agency_have_different_subjects():
    agency = AgencyFactory()
    brokers = [BrokerFactory(agency=agency) for _ in range(2)]
    for broker in brokers:
        sent_line(broker=broker, sent_on=dt.date(2026, 10, 12))
    run()
    subjects = {Message.objects.get(broker=broker).subject for broker in brokers}
    assert len(subjects) == 2


def test_an_empty_months_message_says_the_report_has_its_header_and_no_rows():
    broker = BrokerFactory(first_name="Pat", last_name="Lee", npn="1000003")
    sent_line(broker=broker, sent_on=dt.date(2026, 2, 3))
    run()
    body = Message.objects.get(broker=broker).body
    assert "No AOR naming Pat Lee (NPN 1000003) was sent to a carrier in October 2026" in body


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
