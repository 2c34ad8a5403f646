"""Reminders: one per information request, after ten business days without an answer."""

import datetime as dt
import json

import pytest
from django.core.management import call_command

from aordesk.core.audit import Actor
from aordesk.core.dates import CHICAGO
from aordesk.messaging.models import Message, Notification
from aordesk.review.models import InfoRequest
from aordesk.review.reminders import info_reminders_send
from aordesk.review.replies import info_request_answer
from aordesk.review.services import claim_info_received, claim_request_info, claim_take_next
from aordesk.review.tasks import info_reminders
from tests.accounts.factories import BrokerUserFactory
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.review.factories import TODAY, StaffFactory, claim_about

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")
MONDAY = dt.date(2026, 11, 2)


def asked(on: dt.date = MONDAY) -> InfoRequest:
    broker = BrokerFactory()
    claim_about(broker=broker, carrier=CarrierFactory())
    reviewer = StaffFactory()
    claim = claim_take_next(reviewer=reviewer, actor=ACTOR, today=TODAY)
    request = claim_request_info(claim=claim, reviewer=reviewer, needed="An address.", actor=ACTOR)
    # Asked at 4 pm in Minnesota on `on`.
    moment = dt.datetime.combine(on, dt.time(16), tzinfo=CHICAGO)
    InfoRequest.objects.filter(pk=request.pk).update(requested_at=moment)
    return request


def reminders() -> list[Message]:
    return list(Message.objects.filter(subject__startswith="Reminder"))


def test_no_reminder_before_ten_business_days():
    asked()
    assert info_reminders_send(actor=ACTOR, today=dt.date(2026, 11, 13)) == 0
    assert reminders() == []


def test_veterans_day_is_not_counted_so_the_reminder_waits_one_more_day():
    asked()  # Monday November 2; Wednesday November 11 is Veterans Day
    assert info_reminders_send(actor=ACTOR, today=dt.date(2026, 11, 16)) == 0
    assert info_reminders_send(actor=ACTOR, today=dt.date(2026, 11, 17)) == 1


def test_one_reminder_in_the_requests_thread_after_ten_business_days():
    request = asked()
    assert info_reminders_send(actor=ACTOR, today=dt.date(2026, 11, 17)) == 1
    (reminder,) = reminders()
    assert reminder.in_reply_to == request.message
    assert reminder.kind == "request_for_information"
    assert reminder.broker == request.claim.broker
    assert "An address." in reminder.body
    assert Notification.objects.filter(message=reminder).count() == 1
    request.refresh_from_db()
    assert request.reminded_at is not None
    assert request.claim.status == "awaiting_broker"


def test_sending_reminders_again_sends_none_twice():
    asked()
    later = dt.date(2026, 12, 30)
    assert info_reminders_send(actor=ACTOR, today=later) == 1
    assert info_reminders_send(actor=ACTOR, today=later) == 0
    assert len(reminders()) == 1


def test_an_answered_request_gets_no_reminder():
    request = asked()
    claim_info_received(claim=request.claim, text="Here it is.", actor=ACTOR)
    assert info_reminders_send(actor=ACTOR, today=dt.date(2026, 12, 30)) == 0


def test_answering_the_reminder_answers_the_request():
    request = asked()
    info_reminders_send(actor=ACTOR, today=dt.date(2026, 11, 17))
    user = BrokerUserFactory(broker=request.claim.broker)
    answer = info_request_answer(
        message=reminders()[0], body="12 Oak St.", upload=None, actor=Actor.web(user)
    )
    assert answer.request == request
    request.refresh_from_db()
    assert (request.answer, request.claim.status) == ("12 Oak St.", "new")


def test_the_command_and_the_task_send_due_reminders(capsys):
    asked(on=dt.date(2026, 10, 1))
    call_command("review", "remind", "--json")
    assert json.loads(capsys.readouterr().out) == {"reminders": 1}
    assert info_reminders.call() == 0
