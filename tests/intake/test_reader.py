"""Reading finds the rows wherever the broker put them, and loses none."""

from __future__ import annotations

import datetime as dt

from aordesk.intake.gate.file import gate_check
from aordesk.intake.reading.identity import Sender
from aordesk.intake.reading.plan import read_plan
from aordesk.intake.reading.rows import Cell
from tests.intake.corpus import layouts
from tests.intake.corpus.workbooks import consumer, csv_write, xlsx_write

SENDER = Sender(npn="1000001")
KEY = b"test-key"


def plan_of(path, kind="xlsx"):
    return read_plan(path, kind=kind, sender=SENDER, key=KEY)


def test_a_stale_dimension_does_not_drop_rows(tmp_path):
    plan = plan_of(layouts.stale_dimension(tmp_path / "dim.xlsx"))

    assert [row.number for row in plan.rows()] == list(range(2, 12))


def test_headers_below_a_title_renamed_and_moved_are_found(tmp_path):
    plan = plan_of(layouts.moved_headers(tmp_path / "moved.xlsx"))

    rows = list(plan.rows())
    assert [row.number for row in rows] == [6, 7]
    assert rows[0].cells["first_name"] == Cell("Testfirst1")
    assert rows[0].cells["carrier"] == Cell("Blue Plus")
    assert rows[0].headers["dob"] == "DOB"


def test_hidden_sheets_are_not_read_and_the_broker_is_told(tmp_path):
    plan = plan_of(layouts.extra_and_hidden_sheets(tmp_path / "sheets.xlsx"))

    assert [(row.sheet, row.number) for row in plan.rows()] == [("Add Consumers", 2)]
    codes = {(issue.code, issue.sheet) for issue in plan.issues}
    assert ("READ_SHEET_HIDDEN", "Old list") in codes
    assert ("READ_SHEET_SKIPPED", "Notes") in codes


def test_merged_header_cells_still_name_their_columns(tmp_path):
    plan = plan_of(layouts.merged_headers(tmp_path / "merged.xlsx"))

    rows = list(plan.rows())
    assert [row.number for row in rows] == [3, 4]
    assert set(rows[0].cells) == {"first_name", "last_name", "dob", "application_date", "carrier"}


def test_a_1904_workbook_is_known_and_its_dates_are_right(tmp_path):
    plan = plan_of(layouts.dates_1904(tmp_path / "mac.xlsx"))

    (row,) = plan.rows()
    assert plan.date1904
    assert row.cells["dob"].value == dt.datetime(1980, 1, 2)


def test_formulas_are_kept_as_text_and_never_evaluated(tmp_path):
    plan = plan_of(layouts.formulas(tmp_path / "formulas.xlsx"))

    rows = list(plan.rows())
    assert rows[0].cells["first_name"].formula == (
        '=HYPERLINK("http://example.invalid","Testfirst1")'
    )
    assert rows[1].cells["comments"].formula == '=WEBSERVICE("http://example.invalid/x")'
    assert rows[2].cells["comments"].formula == "=cmd|' /C calc'!A0"


def test_a_cell_of_32767_characters_is_read_whole(tmp_path):
    long_text = "x" * 32_767
    path = xlsx_write(tmp_path / "long.xlsx", [consumer(1, comments=long_text)])

    (row,) = plan_of(path).rows()

    assert row.cells["comments"].value == long_text


def test_nul_and_control_characters_come_back_from_excel_escapes(tmp_path):
    path = xlsx_write(tmp_path / "nul.xlsx", [consumer(1, first="Test\x00first")])

    (row,) = plan_of(path).rows()

    assert row.cells["first_name"].value == "Test\x00first"


def test_a_csv_with_a_header_below_blank_lines_is_read(tmp_path):
    text = (
        "\n\nFirst,Last,Birth Date,Enrollment Date,Carrier Name\n"
        "Anna,Testlast,1/2/80,9/1/26,Blue Plus\n"
    )
    path = csv_write(tmp_path / "list.csv", text)

    (row,) = plan_of(path, kind="csv").rows()

    assert row.number == 4
    assert row.cells["dob"] == Cell("1/2/80")


def test_a_windows_1252_csv_is_read(tmp_path):
    text = (
        "First Name,Last Name,DOB,Application Date,Carrier\n"
        "José,Testlast,01/02/1980,09/01/2026,Blue Plus\n"
    )
    path = csv_write(tmp_path / "list.csv", text, encoding="cp1252")

    (row,) = plan_of(path, kind="csv").rows()

    assert row.cells["first_name"].value == "José"


def test_a_csv_cell_starting_with_equals_is_a_formula(tmp_path):
    text = (
        "First Name,Last Name,DOB,Application Date,Carrier\n"
        '"=HYPERLINK(""x"")",Testlast,01/02/1980,09/01/2026,Blue Plus\n'
    )
    path = csv_write(tmp_path / "list.csv", text)

    (row,) = plan_of(path, kind="csv").rows()

    assert row.cells["first_name"].formula == '=HYPERLINK("x")'


def test_a_file_without_a_header_row_is_refused(tmp_path):
    path = csv_write(tmp_path / "list.csv", "a,b,c\n1,2,3\n")

    plan = plan_of(path, kind="csv")

    assert [issue.code for issue in plan.issues] == ["READ_NO_HEADER"]


def test_a_utf16_tab_separated_unicode_text_file_is_read_as_csv(tmp_path):
    text = (
        "First Name\tLast Name\tDOB\tApplication Date\tCarrier\n"
        "Zoë\tTestlast\t01/02/1980\t09/01/2026\tBlue Plus\n"
    )
    path = csv_write(tmp_path / "list.csv", text, encoding="utf-16")

    assert gate_check(path, original_name="list.csv").kind == "csv"
    (row,) = plan_of(path, kind="csv").rows()
    assert row.cells["first_name"].value == "Zoë"
