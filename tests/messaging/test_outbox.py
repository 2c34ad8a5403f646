"""The outbox against a real STARTTLS server: retries, permanent failures, crash resume."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from aordesk.core.audit import Actor
from aordesk.messaging import outbox
from aordesk.messaging.models import Message, Notification
from aordesk.messaging.services import message_post
from tests.aor.factories import AorAssociationFactory
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.households.factories import HouseholdFactory
from tests.messaging.factories import make_artifact
from tests.messaging.smtp import free_port

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")
Status = Notification.Status


def _post(broker=None, agency=None) -> Message:
    return message_post(
        kind=Message.Kind.AOR_REPORT,
        subject="AOR report for October 2026",
        body="Your report is attached.",
        broker=broker,
        agency=agency,
        artifacts=[make_artifact()],
        actor=SYSTEM,
    )


def _drain():
    return outbox.outbox_drain(actor=SYSTEM)


def test_a_posted_message_is_emailed_once_to_the_registered_address(tls_server, recorder):
    broker = BrokerFactory()
    message = _post(broker=broker)
    assert _drain().sent == 1
    assert _drain().sent == 0
    [email] = recorder.received
    assert email["To"] == broker.email
    assert email["Subject"] == "Your AOR report for October 2026 is ready"
    assert f"/messages/{message.pk}/" in email.get_payload()
    notification = Notification.objects.get(message=message)
    assert notification.status == Status.SENT
    assert email["Message-ID"] == notification.rfc_message_id


def test_a_drain_sends_every_message_over_one_connection(tls_server, recorder):
    for _ in range(4):
        _post(broker=BrokerFactory())
    assert _drain().sent == 4
    assert len(recorder.received) == 4
    assert len(set(recorder.peers)) == 1


def test_after_a_refusal_the_drain_goes_on_over_a_new_connection(tls_server, recorder, monkeypatch):
    refuse = iter(["550 No such user here", None, None])

    async def rcpt(server, session, envelope, address, rcpt_options):
        reply = next(refuse)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    monkeypatch.setattr(recorder, "handle_RCPT", rcpt)
    for _ in range(3):
        _post(broker=BrokerFactory())
    result = _drain()
    assert (result.permanent, result.sent) == (1, 2)
    assert len(recorder.received) == 2 and len(set(recorder.peers)) == 1


def test_the_address_is_the_one_registered_at_sending_time_not_at_posting(tls_server, recorder):
    broker = BrokerFactory(email="old@broker.example")
    _post(broker=broker)
    broker.email = "new@broker.example"
    broker.save()
    _drain()
    assert recorder.received[0]["To"] == "new@broker.example"
    assert Notification.objects.get().recipient_address == "new@broker.example"


def test_an_agency_message_goes_to_the_agency_administrator_address(tls_server, recorder):
    agency = AgencyFactory(admin_email="office@agency.example")
    _post(agency=agency)
    _drain()
    assert recorder.received[0]["To"] == "office@agency.example"


def test_the_email_names_no_consumer_and_carries_no_attachment(tls_server, recorder):
    households = HouseholdFactory.create_batch(3)
    broker = BrokerFactory()
    for household in households:
        AorAssociationFactory(broker=broker, household=household)
    _post(broker=broker)
    _drain()
    [email] = recorder.received
    text = email.as_string()
    assert not email.is_multipart()
    for household in households:
        for value in (
            household.first_name,
            household.last_name,
            household.case_number,
            household.date_of_birth.isoformat(),
            household.address_line1,
            household.date_of_birth.strftime("%m/%d/%Y"),
        ):
            assert value not in text
    assert broker.first_name not in text and broker.last_name not in text


def test_a_4xx_reply_is_retried_later_with_backoff(tls_server, recorder):
    _post(broker=BrokerFactory())
    recorder.rcpt_reply = "451 Try again later"
    result = _drain()
    notification = Notification.objects.get()
    assert (result.retrying, notification.status) == (1, Status.FAILED_TRANSIENT)
    assert notification.next_attempt_at > timezone.now() + dt.timedelta(seconds=50)
    assert "451" in notification.last_error
    assert _drain().retrying == 0, "not due yet"
    recorder.rcpt_reply = None
    Notification.objects.update(next_attempt_at=timezone.now())
    assert _drain().sent == 1
    assert Notification.objects.get().attempts == 2


def test_a_refused_connection_is_retried(smtp_settings):
    smtp_settings.EMAIL_PORT = free_port()
    _post(broker=BrokerFactory())
    assert _drain().retrying == 1
    notification = Notification.objects.get()
    assert notification.status == Status.FAILED_TRANSIENT
    assert notification.last_error == "ConnectionRefusedError"


def test_a_5xx_reply_is_flagged_for_staff_and_shown_by_deliver_status(tls_server, recorder, capsys):
    _post(broker=BrokerFactory(npn="4242"))
    recorder.rcpt_reply = "550 No such user here"
    assert _drain().permanent == 1
    assert Notification.objects.get().status == Status.FAILED_PERMANENT
    call_command("deliver", "--status")
    out = capsys.readouterr().out
    assert re.search(r"failed_permanent\s+1", out)
    assert "NEEDS STAFF" in out and "NPN 4242" in out and "550" in out


def test_a_missing_registered_address_fails_permanently_without_a_connection(smtp_settings):
    _post(agency=AgencyFactory(admin_email=""))
    assert _drain().permanent == 1


def test_backoff_doubles_and_is_capped():
    assert outbox.backoff(1) == dt.timedelta(minutes=1)
    assert outbox.backoff(3) == dt.timedelta(minutes=4)
    assert outbox.backoff(30) == outbox.BACKOFF_CAP


def test_after_the_last_attempt_a_transient_failure_becomes_permanent(smtp_settings):
    smtp_settings.EMAIL_PORT = free_port()
    _post(broker=BrokerFactory())
    Notification.objects.update(attempts=outbox.MAX_ATTEMPTS - 1)
    assert _drain().permanent == 1


def test_a_crash_after_the_server_accepted_resends_once_with_the_same_message_id(
    tls_server, recorder, monkeypatch
):
    _post(broker=BrokerFactory())

    def crash(**kwargs):
        raise KeyboardInterrupt("the worker died before recording 'sent'")

    monkeypatch.setattr(outbox, "notification_mark_sent", crash)
    with pytest.raises(KeyboardInterrupt):
        _drain()
    monkeypatch.undo()
    notification = Notification.objects.get()
    assert notification.status == Status.SENDING
    assert _drain().sent == 0, "a fresh 'sending' row belongs to a live worker"

    Notification.objects.update(claimed_at=timezone.now() - outbox.STALE_AFTER * 2)
    assert _drain().sent == 1
    first, second = recorder.received
    assert first["Message-ID"] == second["Message-ID"] == notification.rfc_message_id


def test_a_stale_sending_row_is_resent_with_its_stored_message_id(tls_server, recorder):
    message = _post(broker=BrokerFactory())
    Notification.objects.filter(message=message).update(
        status=Status.SENDING,
        rfc_message_id="<resume-1@exchange.example>",
        attempts=1,
        claimed_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert _drain().sent == 1
    assert recorder.received[0]["Message-ID"] == "<resume-1@exchange.example>"


def test_requeue_sends_a_permanently_failed_notification_again(tls_server, recorder):
    _post(broker=BrokerFactory())
    recorder.rcpt_reply = "550 No such user here"
    _drain()
    recorder.rcpt_reply = None
    call_command("deliver", "--requeue", str(Notification.objects.get().pk))
    call_command("deliver", "--once")
    assert Notification.objects.get().status == Status.SENT
    assert len(recorder.received) == 1
