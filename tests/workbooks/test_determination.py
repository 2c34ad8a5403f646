import datetime as dt

from aordesk.workbooks.determination import (
    DETERMINATION_HEADERS,
    DETERMINATIONS_SHEET,
    INSTRUCTIONS_SHEET,
    TEMPLATE_VERSION,
    DeterminationContext,
    DeterminationRow,
    determination_write,
)
from aordesk.workbooks.identity import (
    IDENTITY_SHEET,
    WorkbookIdentity,
    identity_read,
    identity_verify,
)
from tests.workbooks.builders import KEY
from tests.workbooks.readback import calamine_rows, openpyxl_book

IDENTITY = WorkbookIdentity(
    kind="determination",
    template_version=TEMPLATE_VERSION,
    document_id="d0c",
    npn="0012345",
    agency_code="",
    month="",
    version=2,
)
CONTEXT = DeterminationContext(
    broker_name="Pat Example",
    npn="0012345",
    file_name="my consumers.xlsx",
    received_on=dt.date(2026, 11, 2),
    version=2,
    identity=IDENTITY,
)


def row(**fields) -> DeterminationRow:
    values = {
        "sheet": "Add Consumers",
        "row_number": 2,
        "first_name": "Rowan",
        "last_name": "Ekwueme",
        "dob": dt.date(1984, 3, 17),
        "application_date": dt.date(2026, 1, 5),
        "carrier": "blue plus",
        "code": "HELD",
        "explanation": "Held until the enrollment is sent.",
        "decided_on": dt.date(2026, 11, 20),
        "received_on": dt.date(2026, 11, 2),
    }
    return DeterminationRow(**{**values, **fields})


def write(tmp_path, rows):
    path = tmp_path / "d.xlsx"
    assert determination_write(path, context=CONTEXT, rows=rows, key=KEY) == len(rows)
    return path


def test_a_row_holds_the_claim_as_written_the_code_the_explanation_and_dates(tmp_path):
    path = write(tmp_path, [row()])
    header, first = calamine_rows(path, DETERMINATIONS_SHEET)[:2]
    assert header == list(DETERMINATION_HEADERS)
    assert first == [
        "Add Consumers",
        "2",
        "Rowan",
        "Ekwueme",
        dt.date(1984, 3, 17),
        dt.date(2026, 1, 5),
        "blue plus",
        "HELD",
        "Held until the enrollment is sent.",
        dt.date(2026, 11, 20),
        dt.date(2026, 11, 2),
    ]


def test_the_sheets_are_determinations_instructions_and_the_very_hidden_identity(tmp_path):
    book = openpyxl_book(write(tmp_path, [row()]))
    assert book.sheetnames == [DETERMINATIONS_SHEET, INSTRUCTIONS_SHEET, IDENTITY_SHEET]
    states = [book[name].sheet_state for name in book.sheetnames]
    assert states == ["visible", "visible", "veryHidden"]


def test_the_header_is_frozen_and_filters_cover_every_row(tmp_path):
    sheet = openpyxl_book(write(tmp_path, [row(), row(), row()]))[DETERMINATIONS_SHEET]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:K4"


def test_the_identity_is_signed_with_the_determination_template_version(tmp_path):
    identity, mac = identity_read(write(tmp_path, [row()]))
    assert identity == IDENTITY
    assert identity.template_version == "determination/1"
    assert identity_verify(identity, mac, key=KEY)


def test_formula_looking_text_stays_text(tmp_path):
    hostile = row(first_name='=HYPERLINK("http://x","y")', last_name="@SUM(1)", carrier="+1")
    sheet = openpyxl_book(write(tmp_path, [hostile]))[DETERMINATIONS_SHEET]
    cells = [sheet["C2"], sheet["D2"], sheet["G2"]]
    assert [(c.data_type, c.value) for c in cells] == [
        ("s", '=HYPERLINK("http://x","y")'),
        ("s", "@SUM(1)"),
        ("s", "+1"),
    ]


def test_the_dates_are_real_dates_formatted_mm_dd_yyyy(tmp_path):
    sheet = openpyxl_book(write(tmp_path, [row()]))[DETERMINATIONS_SHEET]
    for column in ("E", "F", "J", "K"):
        cell = sheet[f"{column}2"]
        assert cell.is_date and cell.number_format == "mm/dd/yyyy"


def test_the_instructions_explain_every_broker_code(tmp_path):
    lines = [r[0] for r in calamine_rows(write(tmp_path, [row()]), INSTRUCTIONS_SHEET)]
    for code in ("ON_REPORT", "SENT", "HELD", "NOT_CURRENT_YEAR", "NO_ASSOCIATION"):
        assert any(line.startswith(f"{code}:") for line in lines)
