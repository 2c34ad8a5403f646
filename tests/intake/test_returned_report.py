"""A returned AOR report is known by its signed identity and only its broker may send it."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from aordesk.accounts.models import User
from aordesk.core.audit import Actor
from aordesk.intake.models import Submission
from aordesk.intake.services import submission_receive
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.intake.corpus.reports import KEY, identity_tampered, report_returned, report_sent
from tests.intake.corpus.workbooks import consumer

pytestmark = pytest.mark.django_db
RECEIVED = dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _key(settings):
    settings.WORKBOOK_HMAC_KEY = KEY.decode()


def receive(broker, path, actor=None):
    return submission_receive(
        broker=broker,
        path=path,
        original_name="AOR report October 2026.xlsx",
        channel=Submission.Channel.PORTAL_REPLY,
        actor=actor or Actor.system("test"),
        received_at=RECEIVED,
    )


def filled(tmp_path, npn, **kwargs):
    sent = report_sent(tmp_path / "sent.xlsx", npn=npn, **kwargs)
    return report_returned(
        sent,
        tmp_path / "returned.xlsx",
        consumers=[consumer(1, dob="01/02/1980", applied="09/15/2026")],
        comment_rows={3: "This one moved to another broker"},
    )


def test_a_returned_report_yields_its_consumers_and_its_comments(tmp_path, blue_plus):
    broker = BrokerFactory()

    result = receive(broker, filled(tmp_path, broker.npn))

    submission = result.submission
    assert (result.verdict, submission.kind) == ("accepted", "report")
    assert submission.report_document_id == f"report-{broker.npn}-2026-10"
    rows = list(submission.rows.values_list("sheet", "row_number", "kind"))
    assert rows == [("AOR Report", 3, "report_comment"), ("Add Consumers", 2, "consumer")]
    assert submission.claims.count() == 1
    comment = submission.rows.get(kind="report_comment")
    assert comment.normalised["comments"] == "This one moved to another broker"
    assert comment.normalised["last_name"] == "Reportlast2"


def test_neither_effective_date_of_a_returned_report_is_read_as_a_claim_field(tmp_path, blue_plus):
    # Column F (Medical EA Eff Date, the plan's) and I (AOR Effective Date, the AOR's) are
    # ours; the comment is found in J by its header (ADR 0014).
    broker = BrokerFactory()
    submission = receive(broker, filled(tmp_path, broker.npn)).submission
    comment = submission.rows.get(kind="report_comment")
    assert comment.normalised.get("application_date") is None
    assert set(comment.raw) <= {"last_name", "first_name", "dob", "carrier", "comments"}


def test_a_returned_first_layout_report_with_comments_in_column_i_still_reads(tmp_path, blue_plus):
    """A report sent before ADR 0014 (aor-report/1: no AOR Effective Date, Comments in I)."""
    broker = BrokerFactory()
    sent = report_sent(tmp_path / "sent.xlsx", npn=broker.npn)
    book = openpyxl.load_workbook(sent)
    sheet = book["AOR Report"]
    sheet.delete_cols(9)  # AOR Effective Date: Comments moves back to I
    assert sheet.cell(1, 9).value == "Comments"
    sheet.cell(3, 9, "Moved away")
    book.save(tmp_path / "old.xlsx")
    submission = receive(broker, tmp_path / "old.xlsx").submission
    comment = submission.rows.get(kind="report_comment")
    assert (comment.row_number, comment.normalised["comments"]) == (3, "Moved away")


def test_another_brokers_report_is_rejected(tmp_path, blue_plus):
    owner, other = BrokerFactory(), BrokerFactory()

    result = receive(other, filled(tmp_path, owner.npn))

    assert result.verdict == "rejected"
    assert [i.code for i in result.issues] == ["IDENTITY_OTHER_BROKER"]
    assert not result.submission.rows.exists()


def test_the_agency_admin_may_return_a_report_of_their_agencys_broker(tmp_path, blue_plus):
    agency = AgencyFactory()
    broker = BrokerFactory(agency=agency)
    admin = User.objects.create(username="admin1", role="agency_admin", agency=agency)

    result = receive(broker, filled(tmp_path, "77", agency_code=agency.code), Actor.web(admin))

    assert result.verdict == "accepted"


def test_a_report_whose_identity_was_edited_is_rejected(tmp_path, blue_plus):
    broker = BrokerFactory(npn="999")
    path = identity_tampered(filled(tmp_path, "12345"))

    result = receive(broker, path)

    assert [i.code for i in result.issues] == ["IDENTITY_TAMPERED"]


def test_a_report_signed_with_another_key_is_rejected(tmp_path, blue_plus):
    broker = BrokerFactory()
    sent = report_sent(tmp_path / "sent.xlsx", npn=broker.npn, key=b"another-key")
    path = report_returned(sent, tmp_path / "r.xlsx", consumers=[consumer(1)], comment_rows={})

    result = receive(broker, path)

    assert [i.code for i in result.issues] == ["IDENTITY_TAMPERED"]


def test_an_untouched_report_has_no_rows_and_is_rejected(tmp_path, blue_plus):
    broker = BrokerFactory()
    path = report_sent(tmp_path / "sent.xlsx", npn=broker.npn)

    result = receive(broker, path)

    assert result.verdict == "rejected"
    assert [i.code for i in result.issues] == ["READ_NO_ROWS"]


def test_a_report_whose_identity_sheet_was_deleted_is_read_as_a_report_with_a_notice(
    tmp_path, blue_plus
):
    broker = BrokerFactory()
    path = filled(tmp_path, broker.npn)
    book = openpyxl.load_workbook(path)
    del book["aordesk_identity"]
    book.save(path)

    result = receive(broker, path)

    assert (result.verdict, result.submission.kind) == ("accepted", "workbook")
    assert "IDENTITY_MISSING" in [i.code for i in result.issues]
    rows = list(result.submission.rows.values_list("sheet", "kind"))
    assert rows == [("AOR Report", "report_comment"), ("Add Consumers", "consumer")]


def test_a_report_whose_identity_sheet_was_unhidden_is_still_our_report(tmp_path, blue_plus):
    broker = BrokerFactory()
    path = filled(tmp_path, broker.npn)
    book = openpyxl.load_workbook(path)
    book["aordesk_identity"].sheet_state = "visible"
    book.save(path)

    result = receive(broker, path)

    assert (result.verdict, result.submission.kind) == ("accepted", "report")
    assert result.rows_accepted == 2
