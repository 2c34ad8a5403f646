"""Receiving a file: kept whatever happens, judged, queued once, acknowledged."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.services import artifact_verify
from aordesk.core.audit import Actor
from aordesk.core.models import AuditEvent
from aordesk.intake.models import Claim, Submission
from aordesk.intake.selectors import claims_queue
from aordesk.intake.services import submission_receive
from aordesk.workbooks.identity import identity_read
from tests.brokers.factories import BrokerFactory
from tests.intake.corpus import hostile
from tests.intake.corpus.workbooks import consumer, xlsx_write
from tests.intake.factories import ClaimFactory
from tests.plain import plain

pytestmark = pytest.mark.django_db
RECEIVED = dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)


def receive(broker, path, name=None):
    return submission_receive(
        broker=broker,
        path=path,
        original_name=name or path.name,
        channel=Submission.Channel.STAFF,
        actor=Actor.system("test"),
        received_at=RECEIVED,
    )


def test_a_clean_workbook_is_accepted_and_its_rows_become_claims(tmp_path, blue_plus):
    broker = BrokerFactory()
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1), consumer(2)])

    result = receive(broker, path)

    assert (result.verdict, result.rows_accepted, result.rows_rejected) == ("accepted", 2, 0)
    assert result.queue_position is not None and result.acknowledgement is None
    claims = list(claims_queue().filter(submission=result.submission))
    assert [(c.first_name, c.carrier, c.aor_method, c.status) for c in claims] == [
        ("Testfirst1", blue_plus, "portal", "new"),
        ("Testfirst2", blue_plus, "portal", "new"),
    ]


def test_the_original_file_is_kept_under_a_generated_name_whatever_the_verdict(tmp_path, db):
    broker = BrokerFactory()
    path = hostile.pdf(tmp_path / "../evil name.xlsx")

    result = receive(broker, path, name="../evil name.xlsx")

    original = result.submission.artifact
    assert result.verdict == "rejected"
    assert original.kind == Artifact.Kind.SUBMISSION and original.filename == "../evil name.xlsx"
    assert "evil" not in original.relative_path and artifact_verify(artifact=original)


def test_some_bad_rows_make_a_partly_accepted_submission_with_an_acknowledgement(
    tmp_path, blue_plus
):
    broker = BrokerFactory()
    rows = [consumer(1), consumer(2, carrier="Acme Health"), consumer(3, dob="02.01.1980")]
    path = xlsx_write(tmp_path / "mine.xlsx", rows)

    result = receive(broker, path)

    assert (result.verdict, result.rows_accepted, result.rows_rejected) == ("partly_accepted", 1, 2)
    assert {(i.code, i.row) for i in result.issues} == {
        ("CARRIER_UNKNOWN", 3),
        ("DATE_AMBIGUOUS", 4),
    }
    ack = result.acknowledgement
    assert ack.kind == Artifact.Kind.ACKNOWLEDGEMENT and artifact_verify(artifact=ack)


def test_the_acknowledgement_lists_each_row_to_fix_with_its_reason_as_text(tmp_path, blue_plus):
    broker = BrokerFactory()
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1, first="=1+1", carrier="Acme")])

    result = receive(broker, path)

    ack_path = plain(result.acknowledgement.relative_path)
    sheet = openpyxl.load_workbook(ack_path)["Rows to fix"]
    header, row = list(sheet.iter_rows(values_only=True))
    assert header[:3] == ("Sheet", "Row", "First Name")
    assert row[:3] == ("Add Consumers", 2, "=1+1")
    assert sheet.cell(2, 3).data_type == "s"
    assert "We do not know this carrier" in row[-1]
    identity, _mac = identity_read(ack_path)
    assert (identity.kind, identity.npn) == ("acknowledgement", broker.npn)


def test_the_same_file_twice_is_a_duplicate_and_not_queued_again(tmp_path, blue_plus):
    broker = BrokerFactory()
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1)])
    first = receive(broker, path)

    second = receive(broker, path)

    assert second.verdict == "duplicate" and second.duplicate_of == first.submission
    assert second.queue_position is None
    assert Claim.objects.count() == 1
    assert second.submission.artifact.sha256 == first.submission.artifact.sha256


def test_the_same_file_from_another_broker_is_not_a_duplicate(tmp_path, blue_plus):
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1)])
    receive(BrokerFactory(), path)

    assert receive(BrokerFactory(), path).verdict == "accepted"


def test_queue_positions_increase_and_never_change(tmp_path, blue_plus):
    broker = BrokerFactory()
    first = receive(broker, xlsx_write(tmp_path / "a.xlsx", [consumer(1)]))
    second = receive(broker, xlsx_write(tmp_path / "b.xlsx", [consumer(2)]))
    receive(broker, xlsx_write(tmp_path / "c.xlsx", [consumer(3)]))

    assert first.queue_position < second.queue_position
    first.submission.refresh_from_db()
    assert first.submission.queue_position == first.queue_position
    names = [c.first_name for c in claims_queue()]
    assert names == ["Testfirst1", "Testfirst2", "Testfirst3"]


def test_a_gate_rejection_keeps_the_file_and_records_the_code(tmp_path, db):
    broker = BrokerFactory()

    result = receive(broker, hostile.encrypted(tmp_path / "locked.xlsx"))

    assert result.verdict == "rejected" and result.queue_position is None
    assert [i.code for i in result.issues] == ["GATE_ENCRYPTED"]
    assert result.submission.issues[0]["code"] == "GATE_ENCRYPTED"
    assert result.acknowledgement is not None


def test_a_consumer_already_claimed_and_open_is_linked_not_queued_alone(tmp_path, blue_plus):
    broker = BrokerFactory()
    open_claim = ClaimFactory(broker=broker, row__submission__broker=broker, carrier=blue_plus)

    result = receive(broker, xlsx_write(tmp_path / "again.xlsx", [consumer(1)]))

    claim = result.submission.claims.get()
    assert claim.linked_claim == open_claim
    assert [i.code for i in result.issues] == ["CLAIM_ALREADY_OPEN"]


def test_a_look_alike_name_is_accepted_but_marked_for_review(tmp_path, blue_plus):
    broker = BrokerFactory()
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1, last="Testl\u0430st1")])

    result = receive(broker, path)

    assert result.verdict == "accepted"
    assert result.submission.claims.get().needs_review


def test_one_audit_event_holds_counts_and_codes_but_no_names(tmp_path, blue_plus):
    broker = BrokerFactory()
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1), consumer(2, carrier="Acme")])

    result = receive(broker, path)

    event = AuditEvent.objects.get(action="submission.receive")
    assert event.object_id == str(result.submission.pk)
    assert event.detail["codes"] == {"CARRIER_UNKNOWN": 1}
    assert event.detail["rows_accepted"] == 1
    assert "Testfirst" not in str(event.detail) and "1980" not in str(event.detail)


def test_a_sheet_that_breaks_mid_way_leaves_no_rows_behind(tmp_path, blue_plus):
    broker = BrokerFactory()
    base = xlsx_write(tmp_path / "base.xlsx", [consumer(n) for n in range(1, 5)])
    import zipfile

    with zipfile.ZipFile(base) as package:
        sheet = package.read("xl/worksheets/sheet1.xml")
    broken = sheet.replace(b"</sheetData>", b"<row><c></row></sheetData>")
    path = hostile.package_rewrite(
        base, tmp_path / "broken.xlsx", replace={"xl/worksheets/sheet1.xml": broken}
    )

    result = receive(broker, path)

    assert result.verdict == "rejected"
    assert [i.code for i in result.issues] == ["READ_DAMAGED"]
    assert result.submission.rows.count() == 0


def test_an_acknowledgement_fixed_and_sent_back_is_accepted(tmp_path, blue_plus):

    broker = BrokerFactory()
    first = receive(broker, xlsx_write(tmp_path / "mine.xlsx", [consumer(1, carrier="Acme")]))
    book = openpyxl.load_workbook(plain(first.acknowledgement.relative_path))
    sheet = book["Rows to fix"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    sheet.cell(2, columns["Carrier"], "Blue Plus")
    book.save(tmp_path / "fixed.xlsx")

    result = receive(broker, tmp_path / "fixed.xlsx")

    assert (result.submission.kind, result.verdict) == ("report", "accepted")
    assert result.submission.claims.get().carrier == blue_plus


def test_a_rejected_file_sent_again_is_judged_again_not_called_a_duplicate(tmp_path, db):
    broker = BrokerFactory()
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1)])
    assert receive(broker, path).verdict == "rejected"  # no carrier known yet

    from tests.carriers.factories import CarrierFactory

    CarrierFactory(code="BLUEPLUS", display_name="Blue Plus")

    assert receive(broker, path).verdict == "accepted"


def test_a_csv_with_a_field_beyond_the_csv_limit_is_damaged_not_a_crash(tmp_path, blue_plus):
    path = tmp_path / "huge.csv"
    path.write_text("First Name,Last Name,DOB,Application Date,Carrier\n" + "x" * 200_000 + "\n")

    result = receive(BrokerFactory(), path)

    assert [i.code for i in result.issues] == ["READ_DAMAGED"]
