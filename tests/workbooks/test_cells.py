import datetime as dt

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aordesk.workbooks.cells import (
    DATE_NUM_FORMAT,
    EXCEL_MAX_TEXT,
    excel_serial,
    text_clean,
    write_date,
    write_text,
)
from tests.workbooks.readback import calamine_rows, openpyxl_book

FORMULA_LOOKALIKES = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1",
    "-2",
    "@SUM(1)",
    "@x",
    "=1+1",
    "=cmd|' /C calc'!A0",
    "0012345",
    "1E5",
    "TRUE",
    "http://example.invalid/",
]


def _write_texts(path, values, *, constant_memory=True):
    book = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    sheet = book.add_worksheet("S")
    for row, value in enumerate(values):
        write_text(sheet, row, 0, value)
        write_text(sheet, row, 1, "|")  # so that a row of empty text still reads back
    book.close()
    return [row[0] for row in calamine_rows(path, "S")]


@pytest.mark.parametrize("constant_memory", [True, False])
def test_a_name_that_looks_like_a_formula_is_written_as_text(tmp_path, constant_memory):
    path = tmp_path / "t.xlsx"
    assert _write_texts(path, FORMULA_LOOKALIKES, constant_memory=constant_memory) == (
        FORMULA_LOOKALIKES
    )
    sheet = openpyxl_book(path)["S"]
    for row, value in enumerate(FORMULA_LOOKALIKES, start=1):
        cell = sheet.cell(row=row, column=1)
        assert (cell.data_type, cell.value) == ("s", value)


def test_a_40000_character_name_is_cut_to_excels_limit(tmp_path):
    [value] = _write_texts(tmp_path / "t.xlsx", ["x" * 40_000])
    assert value == "x" * EXCEL_MAX_TEXT


def test_the_limit_counts_utf16_units_and_never_splits_a_character():
    text = text_clean("a" + "\U0001f600" * 20_000)
    assert len(text.encode("utf-16-le")) // 2 <= EXCEL_MAX_TEXT
    assert text == "a" + "\U0001f600" * ((EXCEL_MAX_TEXT - 1) // 2)


def test_control_characters_and_nul_are_removed_but_tabs_and_newlines_stay(tmp_path):
    values = ["Ma\x00ry\x01\x08\x0b\x0c\x1f", "line\tone\nline two", "bad\ud800\ufffe\uffffend"]
    assert _write_texts(tmp_path / "t.xlsx", values) == [
        "Mary",
        "line\tone\nline two",
        "badend",
    ]


@pytest.mark.parametrize("constant_memory", [True, False])
def test_text_shaped_like_xlsxwriter_rich_text_xml_is_kept_exactly(tmp_path, constant_memory):
    values = ["<r>Lee</r>", "<r><t>&amp;</t></r>", "<r>_x0041_ and _x005F_</r>", "<r></r>"]
    assert _write_texts(tmp_path / "t.xlsx", values, constant_memory=constant_memory) == values


def test_text_that_looks_like_an_excel_escape_is_kept_exactly(tmp_path):
    values = ["_x0041_", "a_x005F_b", "_x000D_"]
    assert _write_texts(tmp_path / "t.xlsx", values) == values


def test_a_value_that_is_not_text_is_refused():
    with pytest.raises(TypeError):
        text_clean(12345)  # type: ignore[arg-type]


def test_a_row_past_excels_last_row_is_refused_not_dropped(tmp_path):
    book = xlsxwriter.Workbook(str(tmp_path / "t.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet("S")
    with pytest.raises(ValueError, match="outside"):
        write_text(sheet, 1_048_576, 0, "late")
    book.close()


def test_dates_are_real_excel_dates_shown_as_mm_dd_yyyy(tmp_path):
    path = tmp_path / "d.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    fmt = book.add_format({"num_format": DATE_NUM_FORMAT})
    sheet = book.add_worksheet("S")
    values = [dt.date(2026, 10, 3), dt.datetime(1980, 2, 29, 13, 45), None, dt.date(1899, 5, 6)]
    for row, value in enumerate(values):
        write_date(sheet, row, 0, value, fmt)
    book.close()
    assert [row[0] for row in calamine_rows(path, "S")] == [
        dt.date(2026, 10, 3),
        dt.date(1980, 2, 29),
        "",
        "05/06/1899",  # Excel has no dates before 1900: kept readable as text
    ]
    cell = openpyxl_book(path)["S"]["A1"]
    assert cell.is_date and cell.number_format == "mm/dd/yyyy"


_PRINTABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(_PRINTABLE, min_size=1, max_size=15))
def test_any_printable_text_round_trips_as_text(tmp_path, values):
    path = tmp_path / "h.xlsx"
    cleaned = [value.replace("\ufffe", "").replace("\uffff", "") for value in values]
    assert _write_texts(path, values) == cleaned
    sheet = openpyxl_book(path)["S"]
    for row, value in enumerate(cleaned, start=1):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type == "s" if value else cell.value is None


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_the_date_serial_is_the_one_xlsxwriter_computes(value):
    from xlsxwriter.utility import _datetime_to_excel_datetime

    expected = _datetime_to_excel_datetime(value, date_1904=False, remove_timezone=False)
    assert excel_serial(value) == expected
