import datetime as dt

import pytest

from aordesk.loaders.readers import FileProblem, file_digest, read_rows
from tests.loaders.files import csv_file, xlsx_file


def test_csv_rows_carry_the_row_number_a_spreadsheet_shows(tmp_path):
    path = csv_file(tmp_path, ["a", "b"], [["1", "2"], ["", ""], ["3", "4"]])
    assert list(read_rows(path)) == [(1, ["a", "b"]), (2, ["1", "2"]), (4, ["3", "4"])]


def test_a_byte_order_mark_does_not_stick_to_the_first_header(tmp_path):
    path = csv_file(tmp_path, ["case_number"], [["1"]], bom=True)
    assert next(read_rows(path)) == (1, ["case_number"])


def test_a_csv_file_that_is_not_utf8_names_the_row(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"name\nJos\xe9\n")
    with pytest.raises(FileProblem, match="not UTF-8"):
        list(read_rows(path))


def test_xlsx_cells_keep_their_types_and_row_numbers(tmp_path):
    path = xlsx_file(tmp_path, ["when", "count"], [[dt.date(2026, 1, 5), 3]])
    assert list(read_rows(path)) == [(1, ["when", "count"]), (2, [dt.date(2026, 1, 5), 3.0])]


def test_a_file_that_is_not_a_workbook_is_a_plain_problem(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(FileProblem, match=r"not a readable \.xlsx"):
        list(read_rows(path))


def test_only_csv_and_xlsx_files_are_read(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("a,b")
    with pytest.raises(FileProblem, match=r"\.csv or \.xlsx"):
        list(read_rows(path))


def test_the_digest_changes_when_the_file_does(tmp_path):
    path = csv_file(tmp_path, ["a"], [["1"]])
    before = file_digest(path)
    path.write_text("a\n2\n")
    assert file_digest(path) != before


@pytest.mark.parametrize("builder", ["zip_bomb", "lying_size", "with_macros"])
def test_an_xlsx_is_read_only_through_the_intake_zip_gate(tmp_path, builder, monkeypatch):
    from python_calamine import CalamineWorkbook

    from tests.intake.corpus import hostile

    path = getattr(hostile, builder)(tmp_path / "import.xlsx")
    opened = []
    monkeypatch.setattr(CalamineWorkbook, "from_path", lambda p: opened.append(p))
    with pytest.raises(FileProblem, match=r"\(GATE_"):
        list(read_rows(path))
    assert opened == [], "the workbook was opened before the gate refused it"
