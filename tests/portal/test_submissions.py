"""Sending a discrepancy file through the portal, and staff recording one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aordesk.core.models import AuditEvent
from aordesk.intake.models import Submission
from aordesk.messaging.models import Message
from tests.carriers.factories import CarrierFactory
from tests.intake.corpus.workbooks import consumer, xlsx_write

pytestmark = pytest.mark.django_db
WHO = ["staff", "broker_a", "broker_b", "admin_x", "admin_y"]


@pytest.fixture
def workbook(tmp_path, db):
    CarrierFactory(code="BLUEPLUS", display_name="Blue Plus", legal_name="HMO Minnesota")
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1), consumer(2)])
    return lambda name="Missing consumers.xlsx": SimpleUploadedFile(name, path.read_bytes())


@pytest.mark.parametrize(
    ("who", "expected"),
    [("staff", 302), ("broker_a", 200), ("admin_x", 200), ("broker_b", 200)],
)
def test_the_discrepancy_page_opens_for_brokers_and_administrators(world, client_as, who, expected):
    response = client_as(world["users"][who]).get(reverse("portal:discrepancy"))
    assert response.status_code == expected
    if expected == 200:
        assert b'enctype="multipart/form-data"' in response.content


@pytest.mark.parametrize("who", WHO)
def test_only_staff_open_the_page_that_records_a_returned_file(world, client_as, who):
    response = client_as(world["users"][who]).get(reverse("portal:staff_submission"))
    assert response.status_code == (200 if who == "staff" else 404)
    if who != "staff":
        assert AuditEvent.objects.filter(outcome="denied", actor=world["users"][who]).exists()


def test_strangers_are_sent_to_sign_in_from_both_pages(client):
    for name in ("portal:discrepancy", "portal:staff_submission"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_a_broker_sends_a_file_and_lands_on_its_acknowledgement(world, client_as, workbook):
    broker = world["brokers"]["a"]
    client = client_as(world["users"]["broker_a"])

    response = client.post(reverse("portal:discrepancy"), {"file": workbook()})

    submission = Submission.objects.get()
    assert (submission.broker, submission.channel, submission.verdict) == (
        broker,
        "portal_upload",
        "accepted",
    )
    assert submission.submitted_by == world["users"]["broker_a"]
    ack = Message.objects.get(kind="acknowledgement")
    assert ack.broker == broker
    assert response.status_code == 302 and response["Location"] == reverse(
        "portal:message", args=[ack.pk]
    )
    page = client.get(response["Location"])
    assert b"Rows accepted: 2. Rows to fix: 0." in page.content


def test_an_agency_administrator_picks_one_of_its_brokers(world, client_as, workbook):
    client = client_as(world["users"]["admin_x"])
    page = client.get(reverse("portal:discrepancy"))
    assert f'value="{world["brokers"]["a"].pk}"'.encode() in page.content

    response = client.post(
        reverse("portal:discrepancy"), {"broker": world["brokers"]["a"].pk, "file": workbook()}
    )

    assert response.status_code == 302
    assert Submission.objects.get().broker == world["brokers"]["a"]


@pytest.mark.parametrize("who", ["admin_x", "broker_a"])
def test_sending_for_a_broker_one_may_not_act_for_is_a_404_and_audited(
    world, client_as, workbook, who
):
    response = client_as(world["users"][who]).post(
        reverse("portal:discrepancy"), {"broker": world["brokers"]["b"].pk, "file": workbook()}
    )

    assert response.status_code == 404
    assert not Submission.objects.exists()
    assert AuditEvent.objects.filter(
        outcome="denied", actor=world["users"][who], object_type="broker"
    ).exists()


def test_a_file_over_20_mb_is_refused_before_intake(world, client_as, monkeypatch, workbook):
    monkeypatch.setattr("aordesk.portal.forms.MAX_SUBMISSION_BYTES", 100)
    response = client_as(world["users"]["broker_a"]).post(
        reverse("portal:discrepancy"), {"file": workbook()}
    )
    assert response.status_code == 400
    assert b"larger than 20 MB" in response.content
    assert not Submission.objects.exists()


def test_a_rejected_file_lands_on_a_message_saying_why(world, client_as, db):
    client = client_as(world["users"]["broker_a"])
    upload = SimpleUploadedFile("consumers.xlsx", b"%PDF-1.4 not a workbook")

    response = client.post(reverse("portal:discrepancy"), {"file": upload}, follow=True)

    assert Submission.objects.get().verdict == "rejected"
    assert b"not a spreadsheet" in response.content


def test_staff_record_a_file_by_npn_with_the_time_it_arrived(world, client_as, workbook):
    broker = world["brokers"]["b"]
    response = client_as(world["users"]["staff"]).post(
        reverse("portal:staff_submission"),
        {"npn": broker.npn, "received_at": "2026-11-02T09:30", "file": workbook()},
    )

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert (submission.broker, submission.channel) == (broker, "staff")
    assert submission.received_at == dt.datetime(2026, 11, 2, 15, 30, tzinfo=dt.UTC)
    assert Message.objects.get(kind="acknowledgement").broker == broker


def test_staff_are_told_when_no_broker_has_the_npn(world, client_as, workbook):
    response = client_as(world["users"]["staff"]).post(
        reverse("portal:staff_submission"), {"npn": "999999999", "file": workbook()}
    )
    assert response.status_code == 400
    assert b"No broker has that NPN." in response.content
    assert not Submission.objects.exists()


def test_only_staff_may_record_a_file(world, client_as, workbook):
    response = client_as(world["users"]["admin_x"]).post(
        reverse("portal:staff_submission"),
        {"npn": world["brokers"]["a"].npn, "file": workbook()},
    )
    assert response.status_code == 404
    assert not Submission.objects.exists()


def test_a_reply_to_a_report_with_a_file_is_queued_from_the_portal(
    world, client_as, workbook, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = client_as(world["users"]["admin_x"])
    report = world["messages"]["a"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:reply", args=[report.pk]), {"body": "", "file": workbook()}
        )

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert (submission.channel, submission.broker) == ("portal_reply", world["brokers"]["a"])
    assert submission.reply.in_reply_to == report


def test_an_administrator_of_several_brokers_must_say_for_which(world, client_as, workbook):
    from tests.brokers.factories import BrokerFactory

    second = BrokerFactory(agency=world["brokers"]["a"].agency)
    client = client_as(world["users"]["admin_x"])

    page = client.get(reverse("portal:discrepancy"))
    assert b'<select name="broker"' in page.content
    assert f"NPN {second.npn}".encode() in page.content

    response = client.post(reverse("portal:discrepancy"), {"file": workbook()})
    assert response.status_code == 400 and not Submission.objects.exists()

    client.post(reverse("portal:discrepancy"), {"broker": second.pk, "file": workbook()})
    assert Submission.objects.get().broker == second
