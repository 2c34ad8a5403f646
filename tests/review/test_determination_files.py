"""Determination files: sent when a submission's claims are all decided, once per set of
decisions, again as a new version after a reopened claim is decided."""

import datetime as dt
import json
import re
import zipfile

import pytest
from django.conf import settings
from django.core.management import call_command

from aordesk.artifacts.services import artifact_verify
from aordesk.core.audit import Actor
from aordesk.core.models import AuditEvent
from aordesk.intake.models import Submission
from aordesk.intake.services import submission_receive
from aordesk.messaging.models import Message, Notification
from aordesk.review.determination import NO_ASSOCIATION_TEXT
from aordesk.review.determination_files import (
    determinations_send_pending,
    submission_determinations_send,
)
from aordesk.review.models import DeterminationFile
from aordesk.review.services import claim_reopen
from aordesk.review.tasks import claims_triage
from aordesk.workbooks.determination import DETERMINATIONS_SHEET
from aordesk.workbooks.identity import identity_read, identity_verify
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.intake.corpus.workbooks import consumer as consumer_row
from tests.intake.corpus.workbooks import xlsx_write
from tests.intake.factories import SubmissionFactory
from tests.plain import plain
from tests.review.factories import (
    associated,
    claim_about,
    consumer,
    decide_next,
    enrolled,
    sent,
)
from tests.workbooks.readback import calamine_rows

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")


def send(submission):
    return submission_determinations_send(submission=submission, actor=ACTOR)


def rows_of(record: DeterminationFile) -> list[list]:
    return calamine_rows(plain(record.artifact.relative_path), DETERMINATIONS_SHEET)[1:]


def test_no_file_while_a_claim_of_the_submission_is_undecided(broker, carrier, reviewer):
    submission = SubmissionFactory(broker=broker)
    claim_about(broker=broker, carrier=carrier, submission=submission)
    claim_about(broker=broker, carrier=carrier, submission=submission, first="Oskar")
    decide_next(reviewer)
    assert send(submission) is None
    assert not Message.objects.filter(kind="determination").exists()


def test_the_last_decision_sends_the_broker_a_message_with_the_workbook(broker, carrier, reviewer):
    submission = SubmissionFactory(broker=broker, original_name="october.xlsx")
    claim_about(broker=broker, carrier=carrier, submission=submission, row__row_number=2)
    claim_about(broker=broker, carrier=carrier, submission=submission, first="Oskar")
    decide_next(reviewer), decide_next(reviewer)
    record = send(submission)
    message = record.message
    assert (message.kind, message.broker, record.version, record.rows) == (
        "determination",
        broker,
        1,
        2,
    )
    # A file name may be a consumer's name: the message names the submission instead.
    assert "october.xlsx" not in message.body and "october" not in message.subject
    assert f"submission {submission.pk}" in message.body
    assert [a.artifact for a in message.attachments.all()] == [record.artifact]
    assert record.artifact.kind == "determination" and artifact_verify(artifact=record.artifact)
    assert Notification.objects.filter(message=message).count() == 1
    first, second = rows_of(record)
    assert first[:4] == ["Add Consumers", "2", "Marisol", "Quintanilla"]
    assert second[2] == "Oskar"
    assert first[7:9] == ["NO_ASSOCIATION", NO_ASSOCIATION_TEXT]
    assert first[10] == dt.date(2026, 11, 2)  # the date received
    assert AuditEvent.objects.filter(action="determination_file.send").count() == 1


def test_the_workbook_carries_a_signed_determination_identity(broker, carrier, reviewer):
    claim = claim_about(broker=broker, carrier=carrier)
    decide_next(reviewer)
    record = send(claim.submission)
    identity, mac = identity_read(plain(record.artifact.relative_path))
    assert (identity.kind, identity.template_version, identity.npn, identity.version) == (
        "determination",
        "determination/1",
        broker.npn,
        1,
    )
    assert identity_verify(identity, mac, key=str(settings.WORKBOOK_HMAC_KEY).encode())


def test_the_broker_sees_names_and_carrier_as_they_wrote_them(broker, carrier, reviewer):
    claim = claim_about(
        broker=broker,
        carrier=carrier,
        row__raw={"first_name": " marisol", "last_name": "QUINTANILLA", "carrier": "blue"},
    )
    decide_next(reviewer)
    (row,) = rows_of(send(claim.submission))
    assert row[2:4] == [" marisol", "QUINTANILLA"] and row[6] == "blue"


def test_a_file_received_through_intake_comes_back_as_the_broker_typed_it(
    broker, reviewer, tmp_path
):
    CarrierFactory(code="BLUEPLUS", display_name="Blue Plus", legal_name="HMO Minnesota")
    typed = consumer_row(1, first="ROWAN", last="de la Cruz", carrier="blue plus")
    path = xlsx_write(tmp_path / "mine.xlsx", [typed])
    submission = submission_receive(
        broker=broker,
        path=path,
        original_name=path.name,
        channel=Submission.Channel.STAFF,
        actor=ACTOR,
    ).submission
    decide_next(reviewer)
    (row,) = rows_of(send(submission))
    assert row[:4] == ["Add Consumers", "2", "ROWAN", "de la Cruz"]
    assert row[6] == "blue plus"


def test_a_retry_never_sends_a_second_file(broker, carrier, reviewer):
    claim = claim_about(broker=broker, carrier=carrier)
    decide_next(reviewer)
    first = send(claim.submission)
    assert send(claim.submission) == first
    assert determinations_send_pending(actor=ACTOR) == 0
    assert Message.objects.filter(kind="determination").count() == 1


def test_a_reopened_claim_decided_again_sends_a_new_version(broker, carrier, reviewer):
    claim = claim_about(broker=broker, carrier=carrier)
    decide_next(reviewer)
    first = send(claim.submission)
    claim_reopen(claim=claim, reason="The broker sent a form.", actor=ACTOR)
    assert send(claim.submission) is None
    decide_next(reviewer)
    second = send(claim.submission)
    assert (first.version, second.version) == (1, 2)
    assert second.message != first.message and "version 2" in second.message.body
    assert second.decision_ids != first.decision_ids


def test_deciding_enqueues_the_determination_task_after_commit(
    broker, carrier, reviewer, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    claim_about(broker=broker, carrier=carrier)
    with django_capture_on_commit_callbacks(execute=True):
        decide_next(reviewer)
    task = DBTaskResult.objects.get(task_path__endswith="submission_determinations")
    assert task.args_kwargs["args"] == [Submission.objects.get().pk]


def test_the_sweep_sends_what_the_task_did_not(broker, carrier, reviewer):
    claim = claim_about(broker=broker, carrier=carrier)
    other = claim_about(broker=BrokerFactory(), carrier=carrier)
    decide_next(reviewer)
    assert determinations_send_pending(actor=ACTOR) == 1
    assert DeterminationFile.objects.get().submission == claim.submission
    assert other.submission.determination_files.count() == 0


def test_automatic_decisions_send_their_files_from_the_triage_task(broker, carrier, settings):
    settings.REVIEW_AUTO_DECIDE = True
    enrolled(consumer(), carrier)
    claim_about(broker=broker, carrier=carrier)
    counts = claims_triage.call()
    assert counts["auto_decided"] == 1 and counts["determination_files"] == 1


def test_automatic_decisions_send_their_files_from_the_triage_command(
    broker, carrier, settings, capsys
):
    settings.REVIEW_AUTO_DECIDE = True
    enrolled(consumer(), carrier)
    claim_about(broker=broker, carrier=carrier)
    call_command("triage", "--json")
    assert json.loads(capsys.readouterr().out)["determination_files"] == 1


def test_the_command_sends_due_files(broker, carrier, reviewer, capsys):
    claim = claim_about(broker=broker, carrier=carrier)
    decide_next(reviewer)
    call_command("review", "determinations", "--submission", str(claim.submission_id), "--json")
    assert json.loads(capsys.readouterr().out) == {"determination_files": 1}
    call_command("review", "determinations", "--json")
    assert json.loads(capsys.readouterr().out) == {"determination_files": 0}


def test_no_association_rows_are_byte_identical_apart_from_the_names_typed(
    broker, carrier, reviewer
):
    """Another broker's consumer, an enrolled consumer with no AOR, and nobody: the broker
    reads the same row in their determination file, apart from the names they typed."""
    other = consumer(first="Ingrid", last="Baptiste")
    sent(associated(other, BrokerFactory()), enrolled(other, carrier), on=dt.date(2026, 10, 14))
    enrolled(consumer(first="Haruto", last="Lindqvist"), carrier)
    names = [("Ingrid", "Baptiste"), ("Haruto", "Lindqvist"), ("Zephyrine", "Abernathy")]
    claims = [
        claim_about(broker=broker, carrier=carrier, first=first, last=last, row__row_number=2)
        for first, last in names
    ]
    causes = {decide_next(reviewer).internal_code for _ in claims}
    assert causes == {"AOR_WITH_OTHER_BROKER", "ENROLLED_NO_ASSOCIATION", "NO_MATCHING_ENROLLMENT"}
    rows = [rows_of(send(claim.submission))[0] for claim in claims]
    for (first, last), row in zip(names, rows, strict=True):
        assert row[2:4] == [first, last]
        del row[2:4]
    assert rows[0] == rows[1] == rows[2]
    assert rows[0][5] == "NO_ASSOCIATION"
    # Byte-identical in the package too: the row's XML without the two name cells.
    xml = [row_xml(claim.submission.determination_files.get()) for claim in claims]
    assert xml[0] == xml[1] == xml[2] and b'<c r="K2"' in xml[0]


def row_xml(record: DeterminationFile) -> bytes:
    with zipfile.ZipFile(plain(record.artifact.relative_path)) as package:
        sheet = package.read("xl/worksheets/sheet1.xml")
    row = re.search(rb'<row r="2".*?</row>', sheet).group(0)
    return re.sub(rb'<c r="[CD]2"[^>]*>.*?</c>', b"", row)


def test_determination_subjects_name_the_submission_and_its_chicago_received_date(
    broker, carrier, reviewer
):
    # 02:59 UTC on December 4 is 8:59 PM Central on December 3.
    late = dt.datetime(2026, 12, 4, 2, 59, tzinfo=dt.UTC)
    subjects, pks = [], []
    for first in ("Marisol", "Oskar"):
        submission = SubmissionFactory(broker=broker, received_at=late)
        claim_about(broker=broker, carrier=carrier, submission=submission, first=first)
        decide_next(reviewer)
        message = send(submission).message
        subjects.append(message.subject)
        pks.append(submission.pk)
        assert "12/03/2026" in message.subject and "12/03/2026" in message.body
        assert "12/04/2026" not in message.subject + message.body
    assert subjects[0] != subjects[1]
    assert [f"submission {pk}," in subject for pk, subject in zip(pks, subjects, strict=True)] == [
        True,
        True,
    ]


def test_a_determination_message_names_the_broker_whose_file_it_was_not_you(carrier, reviewer):
    # The broker's agency administrators read it in their inbox too.
    pat = BrokerFactory(first_name="Pat", last_name="Lee", npn="1000003")
    late = dt.datetime(2026, 12, 4, 2, 59, tzinfo=dt.UTC)  # 8:59 PM Central, December 3
    submission = SubmissionFactory(broker=pat, received_at=late, original_name="Lee.xlsx")
    claim_about(broker=pat, carrier=carrier, submission=submission)
    decide_next(reviewer)
    message, pk = send(submission).message, submission.pk
    assert message.subject == (
        f"Determination file for submission {pk}, received 12/03/2026: Pat Lee (NPN 1000003)"
    )
    assert message.body.startswith(
        "The Broker Team has decided every consumer listed in the file of Pat Lee "
        f"(NPN 1000003) received 12/03/2026 (submission {pk})."
    )
    text = (message.subject + message.body).lower()
    assert "you listed" not in text and "your file" not in text and "for you" not in text
    assert "lee.xlsx" not in text


def test_a_second_version_names_its_version_and_the_broker(carrier, reviewer):
    pat = BrokerFactory(first_name="Pat", last_name="Lee", npn="1000003")
    claim = claim_about(broker=pat, carrier=carrier)
    decide_next(reviewer)
    send(claim.submission)
    claim_reopen(claim=claim, reason="The broker sent a form.", actor=ACTOR)
    decide_next(reviewer)
    subject = send(claim.submission).message.subject
    assert subject.endswith("(version 2): Pat Lee (NPN 1000003)")


def test_determination_messages_of_two_brokers_of_one_agency_name_only_their_own(carrier, reviewer):
    agency = AgencyFactory()
    pat = BrokerFactory(agency=agency, first_name="Pat", last_name="Lee", npn="1000003")
    ana = BrokerFactory(agency=agency, first_name="Ana", last_name="Ruiz", npn="1000004")
    claims = [claim_about(broker=broker, carrier=carrier) for broker in (pat, ana)]
    decide_next(reviewer), decide_next(reviewer)
    pat_message, ana_message = (send(claim.submission).message for claim in claims)
    assert "Pat Lee (NPN 1000003)" in pat_message.subject + pat_message.body
    assert "Ana Ruiz" not in pat_message.subject + pat_message.body
    assert "Ana Ruiz (NPN 1000004)" in ana_message.subject
    assert "Pat Lee" not in ana_message.subject + ana_message.body
