"""The corpus end to end: should-pass files are accepted whole, and each should-fail row
gives its code."""

from __future__ import annotations

import datetime as dt

import pytest

from aordesk.core.audit import Actor
from aordesk.intake.services import submission_receive
from tests.brokers.factories import BrokerFactory
from tests.intake.corpus import layouts
from tests.intake.corpus.workbooks import consumer, csv_write, xlsx_write

pytestmark = pytest.mark.django_db
RECEIVED = dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)
TEXT_DATES = ["01/02/1980", "1/2/1980", "1/2/80", "1980-01-02", "Jan 2, 1980", 29222, "29222"]


def receive(path):
    return submission_receive(
        broker=BrokerFactory(),
        path=path,
        original_name=path.name,
        channel="staff",
        actor=Actor.system("test"),
        received_at=RECEIVED,
    )


def every_date_form(path):
    return xlsx_write(path, [consumer(n, dob=form) for n, form in enumerate(TEXT_DATES, 1)])


def a_csv(path):
    return csv_write(
        path,
        "First Name,Last Name,DOB,Application Date,Carrier,AOR Method\r\n"
        "Testfirst1,Testlast1,01/02/1980,09/15/2026,Blue Plus,PDF\r\n"
        "Testfirst2,Testlast2,1/2/80,9/15/26,HMO Minnesota,Electronic\r\n",
    )


SHOULD_PASS = [
    ("stale dimension", layouts.stale_dimension, "dim.xlsx", 10),
    ("moved and renamed headers", layouts.moved_headers, "moved.xlsx", 2),
    ("extra and hidden sheets", layouts.extra_and_hidden_sheets, "sheets.xlsx", 1),
    ("1904 dates", layouts.dates_1904, "mac.xlsx", 1),
    ("every date form", every_date_form, "dates.xlsx", len(TEXT_DATES)),
    ("csv", a_csv, "list.csv", 2),
]

SHOULD_FAIL_ROWS = [
    ("future DOB", {"dob": dt.date(2027, 1, 1)}, "DOB_OUT_OF_RANGE"),
    ("ambiguous date", {"dob": "02.01.1980"}, "DATE_AMBIGUOUS"),
    ("unknown carrier", {"carrier": "Acme Health"}, "CARRIER_UNKNOWN"),
    ("missing last name", {"last": ""}, "REQUIRED_MISSING"),
    ("32,767-character name", {"first": "x" * 32_767}, "TEXT_TOO_LONG"),
    ("fax is no AOR method", {"aor_method": "Fax"}, "AOR_METHOD_UNKNOWN"),
]


@pytest.mark.parametrize(
    ("builder", "name", "count"),
    [case[1:] for case in SHOULD_PASS],
    ids=[case[0] for case in SHOULD_PASS],
)
def test_a_should_pass_file_is_accepted_whole(tmp_path, blue_plus, builder, name, count):
    result = receive(builder(tmp_path / name))

    assert (result.verdict, result.rows_accepted, result.rows_rejected) == ("accepted", count, 0)
    # Every should-pass file writes its dates of birth as January 2, 1980, in its own way.
    assert {claim.dob for claim in result.submission.claims.all()} == {dt.date(1980, 1, 2)}


@pytest.mark.parametrize(
    ("changes", "code"),
    [case[1:] for case in SHOULD_FAIL_ROWS],
    ids=[case[0] for case in SHOULD_FAIL_ROWS],
)
def test_a_should_fail_row_is_rejected_with_its_code(tmp_path, blue_plus, changes, code):
    path = xlsx_write(tmp_path / "rows.xlsx", [consumer(1), consumer(2, **changes)])

    result = receive(path)

    assert (result.verdict, result.rows_accepted, result.rows_rejected) == ("partly_accepted", 1, 1)
    assert [(i.code, i.row) for i in result.issues if i.severity == "error"] == [(code, 3)]


def test_formulas_reject_the_name_cell_and_are_kept_for_review_in_comments(tmp_path, blue_plus):
    result = receive(layouts.formulas(tmp_path / "formulas.xlsx"))

    rows = {row.row_number: row for row in result.submission.rows.all()}
    assert not rows[2].accepted and rows[2].raw["first_name"].startswith("=HYPERLINK(")
    assert rows[3].accepted and rows[3].claim.needs_review
    assert rows[4].claim.comments == "=cmd|' /C calc'!A0"
