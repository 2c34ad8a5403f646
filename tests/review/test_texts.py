"""Information requests and their reminders name the broker they are about: the broker's
agency administrators read them in their inbox too, so never "a consumer you listed"."""

import datetime as dt

import pytest

from aordesk.core.audit import Actor
from aordesk.core.dates import CHICAGO
from aordesk.messaging.models import Message
from aordesk.review.models import InfoRequest
from aordesk.review.reminders import info_reminders_send
from aordesk.review.services import claim_request_info, claim_take_next
from tests.accounts.factories import AgencyAdminFactory
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.intake.factories import SubmissionFactory
from tests.review.factories import TODAY, claim_about

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")
PAT = "Pat Lee (NPN 1000003)"
# 02:59 UTC on December 4 is 8:59 PM Central on December 3.
LATE = dt.datetime(2026, 12, 4, 2, 59, tzinfo=dt.UTC)


@pytest.fixture
def pat(db):
    return BrokerFactory(first_name="Pat", last_name="Lee", npn="1000003")


def ask(broker, carrier, reviewer, *, row_number: int = 7) -> InfoRequest:
    submission = SubmissionFactory(
        broker=broker, received_at=LATE, original_name="Marisol Quintanilla.xlsx"
    )
    claim_about(broker=broker, carrier=carrier, submission=submission, row__row_number=row_number)
    claim = claim_take_next(reviewer=reviewer, actor=ACTOR, today=TODAY)
    return claim_request_info(claim=claim, reviewer=reviewer, needed="An address.", actor=ACTOR)


def remind(request: InfoRequest) -> Message:
    asked_on = dt.datetime(2026, 11, 2, 16, tzinfo=CHICAGO)
    InfoRequest.objects.filter(pk=request.pk).update(requested_at=asked_on)
    assert info_reminders_send(actor=ACTOR, today=dt.date(2026, 11, 17)) == 1
    return Message.objects.get(in_reply_to=request.message)


def test_a_request_for_information_names_the_broker_in_its_subject_and_body(pat, carrier, reviewer):
    request = ask(pat, carrier, reviewer)
    message, pk = request.message, request.claim.submission_id
    assert message.subject == (
        f"More information needed for {PAT}: submission {pk} received 12/03/2026, row 7"
    )
    assert message.body.startswith(
        f"We need more information to decide a consumer listed in the file of {PAT} "
        f"received 12/03/2026 (submission {pk}; sheet Add Consumers, row 7):\n"
    )


def test_a_request_for_information_never_says_you_listed_or_your_file(pat, carrier, reviewer):
    message = ask(pat, carrier, reviewer).message
    text = (message.subject + message.body).lower()
    assert "you listed" not in text and "your file" not in text
    assert "quintanilla.xlsx" not in text


def test_a_reminder_names_the_broker_the_submission_and_the_row(pat, carrier, reviewer):
    request = ask(pat, carrier, reviewer, row_number=9)
    reminder, pk = remind(request), request.claim.submission_id
    assert reminder.subject == (
        f"Reminder: more information needed for {PAT}: submission {pk} received 12/03/2026, row 9"
    )
    assert (
        f"On 11/02/2026 we asked for more information about a consumer listed in the file "
        f"of {PAT} received 12/03/2026 (submission {pk}; sheet Add Consumers, row 9)"
    ) in reminder.body
    text = (reminder.subject + reminder.body).lower()
    assert "you listed" not in text and "asked you" not in text and "until you answer" not in text
    assert "quintanilla.xlsx" not in text
    assert "What we need: An address." in reminder.body


def test_requests_about_two_brokers_of_one_agency_each_name_only_their_broker(carrier, reviewer):
    agency = AgencyFactory()
    AgencyAdminFactory(agency=agency)
    one = BrokerFactory(agency=agency, first_name="Pat", last_name="Lee", npn="1000003")
    other = BrokerFactory(agency=agency, first_name="Ana", last_name="Ruiz", npn="1000004")
    first, second = ask(one, carrier, reviewer), ask(other, carrier, reviewer)
    assert first.message.subject != second.message.subject
    assert PAT in first.message.subject and "Ana Ruiz" not in first.message.body
    assert "Ana Ruiz (NPN 1000004)" in second.message.subject
    assert "Pat Lee" not in second.message.subject + second.message.body
