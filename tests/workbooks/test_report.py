import datetime as dt
import xml.etree.ElementTree as ET
import zipfile

from aordesk.intake.reading.headers import header_find
from aordesk.intake.reading.rows import Cell, RawRow
from aordesk.workbooks.consumers import (
    CONSUMER_HEADERS,
    CONSUMERS_SHEET,
    LISTS_SHEET,
    PREPARED_ROWS,
)
from aordesk.workbooks.identity import IDENTITY_SHEET
from aordesk.workbooks.report import (
    INSTRUCTIONS_SHEET,
    REPORT_COLUMNS,
    REPORT_HEADERS,
    REPORT_SHEET,
    report_write,
)
from tests.workbooks.builders import CARRIERS, KEY, report_context, report_row
from tests.workbooks.readback import calamine_rows, openpyxl_book

NOTE = "No AORs were sent to carriers for you in October 2026."


def _write(path, rows, **context):
    written = report_write(path, context=report_context(**context), rows=iter(rows), key=KEY)
    return written, path


def test_the_report_columns_are_the_eight_agreed_headers_then_comments(tmp_path):
    _, path = _write(tmp_path / "r.xlsx", [report_row(0)])
    assert REPORT_COLUMNS == (
        "Date Sent",
        "Enrollee Last Name",
        "Enrollee First Name",
        "Enrollee DOB",
        "Medical Carrier Name",
        "Medical EA Eff Date",
        "Broker Name",
        "Assister ID",
    )
    assert calamine_rows(path, REPORT_SHEET)[0] == [
        *REPORT_COLUMNS,
        "AOR Effective Date",
        "Comments",
    ]


def test_the_sheets_come_in_reading_order_with_the_helpers_hidden(tmp_path):
    _, path = _write(tmp_path / "r.xlsx", [])
    book = openpyxl_book(path)
    assert book.sheetnames == [
        REPORT_SHEET,
        CONSUMERS_SHEET,
        INSTRUCTIONS_SHEET,
        LISTS_SHEET,
        IDENTITY_SHEET,
    ]
    states = [book[name].sheet_state for name in book.sheetnames]
    assert states == ["visible", "visible", "visible", "hidden", "veryHidden"]


def test_rows_are_written_in_the_order_they_arrive_and_counted(tmp_path):
    rows = [report_row(n) for n in (5, 1, 3)]
    written, path = _write(tmp_path / "r.xlsx", rows)
    assert written == 3
    data = calamine_rows(path, REPORT_SHEET)[1:]
    assert [r[1] for r in data] == [r.last_name for r in rows]


def test_a_row_holds_each_field_in_its_column(tmp_path):
    row = report_row(0, npn="0012345", first_name="Rowan", carrier_name="Lakeside Care, Inc.")
    _, path = _write(tmp_path / "r.xlsx", [row])
    assert calamine_rows(path, REPORT_SHEET)[1] == [
        dt.date(2026, 10, 3),
        row.last_name,
        "Rowan",
        row.dob,
        "Lakeside Care, Inc.",
        dt.date(2026, 1, 1),  # Medical EA Eff Date: the plan's
        "Pat Example",
        "0012345",  # an NPN keeps its leading zeros: it is text
        dt.date(2026, 11, 1),  # AOR Effective Date: the association's
        "",
    ]


def test_the_dates_are_real_dates_formatted_mm_dd_yyyy(tmp_path):
    _, path = _write(tmp_path / "r.xlsx", [report_row(0)])
    sheet = openpyxl_book(path)[REPORT_SHEET]
    for column in ("A", "D", "F"):
        cell = sheet[f"{column}2"]
        assert cell.is_date and cell.number_format == "mm/dd/yyyy"
        assert isinstance(cell.value, dt.datetime)


def test_formula_looking_names_stay_text_in_the_report(tmp_path):
    row = report_row(0, last_name='=HYPERLINK("http://x","y")', first_name="@SUM(1)")
    row = report_row(0, **{**vars(row), "broker_name": "+1", "carrier_name": "-1"})
    _, path = _write(tmp_path / "r.xlsx", [row])
    sheet = openpyxl_book(path)[REPORT_SHEET]
    cells = [sheet["B2"], sheet["C2"], sheet["E2"], sheet["G2"]]
    assert [(c.data_type, c.value) for c in cells] == [
        ("s", '=HYPERLINK("http://x","y")'),
        ("s", "@SUM(1)"),
        ("s", "-1"),
        ("s", "+1"),
    ]


def test_an_empty_report_keeps_its_header_with_no_data_rows_and_says_so_above_it(tmp_path):
    written, path = _write(tmp_path / "r.xlsx", [], empty_note=NOTE)
    assert written == 0
    rows = calamine_rows(path, REPORT_SHEET)
    assert rows[0][0] == NOTE
    assert rows[1] == list(REPORT_HEADERS)
    assert all(value == "" for row in rows[2:] for value in row)
    sheet = openpyxl_book(path)[REPORT_SHEET]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:J3"
    assert NOTE in [row[0] for row in calamine_rows(path, INSTRUCTIONS_SHEET)]


def test_an_empty_report_read_back_by_intake_finds_its_header_below_the_note(tmp_path):
    _, path = _write(tmp_path / "r.xlsx", [], empty_note=NOTE)
    rows = calamine_rows(path, REPORT_SHEET)
    raw = [
        RawRow(number=n, cells={i: Cell(v) for i, v in enumerate(row) if v != ""})
        for n, row in enumerate(rows, start=1)
    ]
    header = header_find(raw, needed={"comments"})
    assert header is not None and header.row_number == 2


def test_a_report_with_rows_does_not_show_the_empty_note(tmp_path):
    _, path = _write(tmp_path / "r.xlsx", [report_row(0)], empty_note=NOTE)
    assert NOTE not in [r[0] for r in calamine_rows(path, REPORT_SHEET)]


def test_the_header_is_frozen_and_filters_cover_every_row(tmp_path):
    _, path = _write(tmp_path / "r.xlsx", [report_row(n) for n in range(4)])
    sheet = openpyxl_book(path)[REPORT_SHEET]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:J5"


def test_only_the_comments_column_is_open_for_the_broker(tmp_path):
    _, path = _write(tmp_path / "r.xlsx", [report_row(0)])
    sheet = openpyxl_book(path)[REPORT_SHEET]
    assert sheet.protection.sheet and not sheet.protection.autoFilter  # autoFilter: allowed
    assert sheet.column_dimensions["J"].width > 30
    assert sheet.column_dimensions["J"].protection.locked is False
    assert sheet.column_dimensions["I"].protection.locked is not False
    assert sheet["B2"].protection.locked is True


def test_add_consumers_has_the_documented_headers(tmp_path):
    _, path = _write(tmp_path / "r.xlsx", [])
    assert calamine_rows(path, CONSUMERS_SHEET)[0] == list(CONSUMER_HEADERS)
    assert CONSUMER_HEADERS == (
        "First Name *",
        "Last Name *",
        "Date of Birth *",
        "Application or Enrollment Date *",
        "Carrier *",
        "Method of AOR Submission",
        "Address",
        "Method of Application",
        "Comments",
    )


def _validations(path):
    sheet = openpyxl_book(path)[CONSUMERS_SHEET]
    return {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}


def test_add_consumers_offers_drop_down_lists_for_carrier_and_methods(tmp_path):
    _, path = _write(tmp_path / "r.xlsx", [])
    rules = _validations(path)
    last = PREPARED_ROWS + 1
    assert rules[f"E2:E{last}"].type == "list"
    assert rules[f"E2:E{last}"].formula1 == f"'{LISTS_SHEET}'!$A$2:$A${len(CARRIERS) + 1}"
    assert rules[f"F2:F{last}"].formula1 == '"Portal,Electronic,PDF"'
    assert rules[f"H2:H{last}"].formula1 == '"Online,Paper"'
    lists = calamine_rows(path, LISTS_SHEET)
    assert [r[0] for r in lists] == ["Carrier", *CARRIERS]


def test_add_consumers_accepts_dates_from_1900_to_today(tmp_path):
    _, path = _write(tmp_path / "r.xlsx", [])
    rules = _validations(path)
    for column in ("C", "D"):
        rule = rules[f"{column}2:{column}{PREPARED_ROWS + 1}"]
        assert rule.type == "date" and rule.operator in (None, "between")  # between: the default
        assert (rule.formula1, rule.formula2) == ("1", "TODAY()")  # 1 is 01/01/1900
    sheet = openpyxl_book(path)[CONSUMERS_SHEET]
    assert sheet.column_dimensions["C"].number_format == "mm/dd/yyyy"


def test_add_consumers_explains_each_column_and_types_names_as_text(tmp_path):
    _, path = _write(tmp_path / "r.xlsx", [])
    prompts = {ref.split(":")[0]: dv.prompt for ref, dv in _validations(path).items()}
    assert prompts["A2"].startswith("Required.")
    assert prompts["G2"].startswith("Optional.")
    sheet = openpyxl_book(path)[CONSUMERS_SHEET]
    assert sheet.column_dimensions["A"].number_format == "@"  # a typed "=..." stays text
    assert sheet.column_dimensions["A"].protection.locked is False
    assert sheet.freeze_panes == "A2"


def test_without_carriers_the_carrier_column_takes_any_text(tmp_path):
    _, path = _write(tmp_path / "r.xlsx", [], carrier_names=())
    rule = _validations(path)[f"E2:E{PREPARED_ROWS + 1}"]
    assert rule.type is None  # "any": a prompt, no list


def test_instructions_say_how_to_return_the_workbook_and_that_it_is_confidential(tmp_path):
    _, path = _write(tmp_path / "r.xlsx", [], broker_name="Pat & Example")
    text = " ".join(r[0] for r in calamine_rows(path, INSTRUCTIONS_SHEET))
    assert "Pat & Example (NPN 1234567)" in text
    assert "broker portal" in text and "Reply to the message" in text
    assert "First Name, Last Name, Date of Birth, Application or Enrollment Date, Carrier" in text
    assert "confidential" in text.lower()


HOSTILE = ["<r>&</r>", "A & B <x>", "=cmd|' /C calc'!A0", "\x00\x07nul", "_x0000_", "&L&P"]


def test_a_report_full_of_hostile_text_is_still_a_well_formed_package(tmp_path):
    rows = [report_row(n, last_name=text, broker_name=text) for n, text in enumerate(HOSTILE)]
    context = dict(broker_name=HOSTILE[1], month_label=HOSTILE[5], carrier_names=HOSTILE)
    _, path = _write(tmp_path / "r.xlsx", rows, **context)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels", ".vml")):
                ET.fromstring(archive.read(name))  # raises if not well-formed
    last_names = [r[1] for r in calamine_rows(path, REPORT_SHEET)[1:]]
    assert last_names == ["<r>&</r>", "A & B <x>", "=cmd|' /C calc'!A0", "nul", "_x0000_", "&L&P"]
    lists = [r[0] for r in calamine_rows(path, LISTS_SHEET)[1:]]
    assert lists == last_names


def test_a_report_built_in_memory_holds_the_same_cells_as_a_streamed_one(tmp_path):
    rows = [report_row(i) for i in range(30)]
    streamed, in_memory = tmp_path / "s.xlsx", tmp_path / "m.xlsx"
    report_write(streamed, context=report_context(), rows=iter(rows), key=KEY)
    report_write(in_memory, context=report_context(), rows=iter(rows), key=KEY, in_memory=True)
    for sheet in (REPORT_SHEET, CONSUMERS_SHEET, IDENTITY_SHEET):
        assert calamine_rows(in_memory, sheet) == calamine_rows(streamed, sheet)
    assert openpyxl_book(in_memory)[IDENTITY_SHEET].sheet_state == "veryHidden"
