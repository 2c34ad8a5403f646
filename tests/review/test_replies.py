"""The more-information loop through the portal: a reviewer asks, the broker answers in the
portal (text and a file), the claim returns to the queue in its original place."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aordesk.core.audit import Actor
from aordesk.core.errors import ApplicationError
from aordesk.core.models import AuditEvent
from aordesk.intake.channels.reply import replies_take
from aordesk.intake.models import Submission
from aordesk.messaging.models import Message
from aordesk.messaging.replies import message_reply
from aordesk.review.replies import ACKNOWLEDGEMENT, ALREADY_ANSWERED, info_request_answer
from aordesk.review.services import claim_request_info, claim_take_next
from tests.accounts.factories import AgencyAdminFactory, BrokerUserFactory, with_totp
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.messaging.factories import WORKBOOK_BYTES
from tests.plain import plain
from tests.review.factories import TODAY, StaffFactory, claim_about

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def scene():
    """Broker A (agency X) listed two consumers; a reviewer asked about the first."""
    agency = AgencyFactory(code="AGX")
    broker = BrokerFactory(agency=agency)
    carrier = CarrierFactory(code="BLUE", display_name="Blue Plan")
    first = claim_about(broker=broker, carrier=carrier)
    second = claim_about(broker=broker, carrier=carrier, first="Oskar", last="Vallejo")
    reviewer = StaffFactory()
    taken = claim_take_next(reviewer=reviewer, actor=ACTOR, today=TODAY)
    request = claim_request_info(
        claim=taken, reviewer=reviewer, needed="The consumer's address.", actor=ACTOR
    )
    return {
        "broker": broker,
        "agency": agency,
        "claim": first,
        "later": second,
        "reviewer": reviewer,
        "request": request,
        "user": BrokerUserFactory(broker=broker),
    }


def reply(client, user, message, body="Lives at 12 Oak St, Duluth.", upload=None):
    if not Authenticator.objects.filter(user=user).exists():
        with_totp(user)  # the portal asks every signed-in person for an authenticator app
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    data = {"body": body}
    if upload is not None:
        data["file"] = upload
    return client.post(reverse("portal:reply", args=[message.pk]), data, follow=True)


def workbook_upload():
    return SimpleUploadedFile("lease.xlsx", WORKBOOK_BYTES)


def test_the_brokers_portal_answer_puts_the_claim_back_in_its_original_place(client, scene):
    request = scene["request"]
    page = reply(client, scene["user"], request.message, upload=workbook_upload())
    assert ACKNOWLEDGEMENT.encode() in page.content
    request.refresh_from_db()
    assert request.answer == "Lives at 12 Oak St, Duluth."
    assert plain(request.answer_artifact.relative_path).read_bytes() == WORKBOOK_BYTES
    assert request.answer_artifact.kind == "other"
    scene["claim"].refresh_from_db()
    assert scene["claim"].status == "new"
    # Back first: the claim listed before the other one is taken before it.
    again = claim_take_next(reviewer=scene["reviewer"], actor=ACTOR, today=TODAY)
    assert again == scene["claim"]


def test_an_answer_with_a_workbook_is_never_taken_as_a_returned_report(client, scene):
    reply(client, scene["user"], scene["request"].message, upload=workbook_upload())
    answer = Message.objects.get(direction="inbound")
    assert answer.intake_status == ""
    assert replies_take(actor=ACTOR).submissions == 0
    assert not Submission.objects.filter(reply=answer).exists()


def test_intake_skips_an_information_answer_that_reached_it(scene):
    """Defence in depth: a reply to the request kept for intake is still not a submission."""
    answer = message_reply(
        message=scene["request"].message,
        body="",
        upload=workbook_upload(),
        actor=Actor.web(scene["user"]),
    )
    taken = replies_take(actor=ACTOR)
    assert (taken.submissions, taken.without_file) == (0, 1)
    assert not Submission.objects.filter(reply=answer).exists()
    event = AuditEvent.objects.get(action="reply.intake_skip")
    assert event.detail == {"reason": "info_answer"}


def test_the_agency_administrator_may_answer_for_their_broker(client, scene):
    admin = AgencyAdminFactory(agency=scene["agency"])
    page = reply(client, admin, scene["request"].message, body="", upload=workbook_upload())
    assert ACKNOWLEDGEMENT.encode() in page.content
    scene["claim"].refresh_from_db()
    assert scene["claim"].status == "new"


@pytest.mark.parametrize("who", ["other_broker", "other_admin"])
def test_nobody_else_can_answer(client, scene, who):
    other = BrokerFactory(agency=AgencyFactory(code="AGY"))
    user = (
        BrokerUserFactory(broker=other)
        if who == "other_broker"
        else AgencyAdminFactory(agency=other.agency)
    )
    page = reply(client, user, scene["request"].message)
    assert page.status_code == 404
    scene["claim"].refresh_from_db()
    assert scene["claim"].status == "awaiting_broker"
    assert not Message.objects.filter(direction="inbound").exists()


def test_the_service_refuses_an_answer_from_someone_else(scene):
    stranger = BrokerUserFactory()
    with pytest.raises(ApplicationError, match="Only the broker"):
        info_request_answer(
            message=scene["request"].message, body="x", upload=None, actor=Actor.web(stranger)
        )


def test_a_second_answer_is_kept_but_changes_nothing(client, scene):
    message = scene["request"].message
    reply(client, scene["user"], message)
    page = reply(client, scene["user"], message, body="One more thing.")
    assert ALREADY_ANSWERED.encode() in page.content
    assert Message.objects.filter(direction="inbound").count() == 2
    scene["request"].refresh_from_db()
    assert scene["request"].answer == "Lives at 12 Oak St, Duluth."


def test_a_text_answer_without_a_file_is_enough(client, scene):
    reply(client, scene["user"], scene["request"].message)
    scene["request"].refresh_from_db()
    assert scene["request"].answer_artifact is None
    assert scene["request"].answered_at is not None


def test_other_replies_still_go_to_intake(client, scene):
    report = Message.objects.create(
        broker=scene["broker"], kind="aor_report", subject="AOR report for October 2026"
    )
    page = reply(client, scene["user"], report, upload=workbook_upload())
    assert b"Your reply was received." in page.content
    assert Message.objects.get(in_reply_to=report).intake_status == "received"
