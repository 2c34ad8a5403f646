import datetime as dt

from aordesk.workbooks.identity import IDENTITY_SHEET, identity_read, identity_verify
from aordesk.workbooks.statement import (
    DETAIL_COLUMNS,
    DETAIL_SHEET,
    SUMMARY_HEADER_ROW,
    SUMMARY_SHEET,
    statement_write,
)
from tests.workbooks.builders import KEY, detail_row, identity, statement_context, summary_line
from tests.workbooks.readback import calamine_rows, openpyxl_book, package_names

DENTAL = dict(program="Dental", carrier_name="Prairie Dental", sent_in_month=1, year_to_date=4)
BROKER_LINES = [summary_line(), summary_line(**DENTAL)]
AGENCY_LINES = [
    summary_line(),
    summary_line(npn="7654321", broker_name="Sam Sample", sent_in_month=2, year_to_date=5),
    summary_line(npn="7654321", broker_name="Sam Sample", **DENTAL),
]


def _write(path, summary=BROKER_LINES, detail=(), **context):
    written = statement_write(
        path, context=statement_context(**context), summary=summary, detail=iter(detail), key=KEY
    )
    return written, path


def _summary_table(path):
    rows = calamine_rows(path, SUMMARY_SHEET)[SUMMARY_HEADER_ROW:]
    end = next(i for i, row in enumerate(rows) if row[0] == "Total")
    return rows[: end + 1], rows[end + 1 :]


def test_the_summary_lists_each_line_and_totals_them(tmp_path):
    _, path = _write(tmp_path / "s.xlsx")
    table, _ = _summary_table(path)
    assert table == [
        ["NPN", "Broker Name", "Program", "Carrier", "Sent in October 2026", "Year to Date"],
        ["1234567", "Pat Example", "QHP with financial help", "Northstar Health", 3, 10],
        ["1234567", "Pat Example", "Dental", "Prairie Dental", 1, 4],
        ["Total", "", "", "", 4, 14],
    ]


def test_the_summary_opens_with_the_title_and_what_it_counts(tmp_path):
    _, path = _write(tmp_path / "s.xlsx")
    intro = [row[0] for row in calamine_rows(path, SUMMARY_SHEET)[:3]]
    assert intro[0] == "AOR statement — October 2026 — Pat Example (NPN 1234567)"
    assert "October 2026" in intro[1] and "year to date" in intro[1]
    assert intro[2].startswith("Confidential")


def test_a_broker_statement_charts_counts_by_program(tmp_path):
    _, path = _write(tmp_path / "s.xlsx")
    _, chart_table = _summary_table(path)
    assert [row[:3] for row in chart_table if row[0]] == [
        ["Program", "Sent in October 2026", "Year to Date"],
        ["QHP with financial help", 3, 10],
        ["Dental", 1, 4],
    ]
    assert "xl/charts/chart1.xml" in package_names(path)
    [chart] = openpyxl_book(path)[SUMMARY_SHEET]._charts
    assert (chart.tagname, chart.type, chart.grouping) == ("barChart", "bar", "clustered")


def test_an_agency_statement_covers_all_its_brokers_and_charts_by_broker(tmp_path):
    agency = identity(kind="agency_statement", npn="", agency_code="AG-7")
    _, path = _write(tmp_path / "s.xlsx", summary=AGENCY_LINES, identity=agency)
    table, chart_table = _summary_table(path)
    assert {row[0] for row in table[1:-1]} == {"1234567", "7654321"}
    assert table[-1][4:] == [6, 19]
    assert [row[:3] for row in chart_table if row[0]][1:] == [
        ["Pat Example (1234567)", 3, 10],
        ["Sam Sample (7654321)", 3, 9],
    ]
    assert len(openpyxl_book(path)[SUMMARY_SHEET]._charts) == 1


def test_a_statement_with_nothing_to_count_has_zero_totals_and_no_chart(tmp_path):
    _, path = _write(tmp_path / "s.xlsx", summary=[])
    table, _ = _summary_table(path)
    assert table[-1] == ["Total", "", "", "", 0, 0]
    assert not any(name.startswith("xl/charts/") for name in package_names(path))


def test_too_many_brokers_for_a_readable_chart_keep_the_table_only(tmp_path):
    lines = [summary_line(npn=str(n), broker_name=f"Broker {n}") for n in range(40)]
    _, path = _write(tmp_path / "s.xlsx", summary=lines)
    _, chart_table = _summary_table(path)
    assert len([row for row in chart_table if row[0]]) == 41
    assert not any(name.startswith("xl/charts/") for name in package_names(path))


def test_the_detail_sheet_streams_the_statement_fields_in_order(tmp_path):
    rows = [detail_row(2), detail_row(1, program="Dental", npn="0012345")]
    written, path = _write(tmp_path / "s.xlsx", detail=rows)
    assert written == 2
    data = calamine_rows(path, DETAIL_SHEET)
    assert data[0] == list(DETAIL_COLUMNS)
    assert data[2] == [
        dt.date(2026, 10, 3),
        rows[1].last_name,
        "Avery",
        rows[1].dob,
        "Lakeside Care, Inc.",
        dt.date(2026, 1, 1),  # Medical EA Eff Date: the plan's
        "Pat Example",
        "0012345",
        dt.date(2026, 11, 1),  # AOR Effective Date: the association's
        "Dental",
    ]
    sheet = openpyxl_book(path)[DETAIL_SHEET]
    assert sheet["D2"].is_date and sheet["D2"].number_format == "mm/dd/yyyy"
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", "A1:J3")


def test_formula_looking_text_stays_text_in_a_statement(tmp_path):
    line = summary_line(broker_name='=HYPERLINK("http://x","y")', program="@SUM(1)")
    row = detail_row(0, last_name="+1", first_name="-1")
    _, path = _write(tmp_path / "s.xlsx", summary=[line], detail=[row], title="=1+1")
    summary = openpyxl_book(path)[SUMMARY_SHEET]
    detail = openpyxl_book(path)[DETAIL_SHEET]
    header = SUMMARY_HEADER_ROW + 2
    cells = [
        summary["A1"],
        summary[f"B{header}"],
        summary[f"C{header}"],
        detail["B2"],
        detail["C2"],
    ]
    assert [(c.data_type, c.value) for c in cells] == [
        ("s", "=1+1"),
        ("s", '=HYPERLINK("http://x","y")'),
        ("s", "@SUM(1)"),
        ("s", "+1"),
        ("s", "-1"),
    ]


def test_a_statement_carries_its_verified_identity(tmp_path):
    _, path = _write(tmp_path / "s.xlsx")
    ident, mac = identity_read(path)
    assert ident.kind == "broker_statement" and identity_verify(ident, mac, key=KEY)
    book = openpyxl_book(path)
    assert book.sheetnames == [SUMMARY_SHEET, DETAIL_SHEET, IDENTITY_SHEET]
    assert book[IDENTITY_SHEET].sheet_state == "veryHidden"
