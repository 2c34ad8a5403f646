import csv
import datetime as dt
import io

import pytest

from aordesk.aor.carrier_file import (
    COLUMNS,
    BatchName,
    FileRow,
    guard_cell,
    write_rows,
)


def row(**overrides):
    values = dict(
        npn="1234567",
        broker_name="Brokerfirst Brokerlast",
        case_number="30000001",
        first_name="Enrolleefirst",
        last_name="Enrolleelast",
        date_of_birth=dt.date(1980, 1, 2),
        carrier_code="BCBS",
        enrollment_id="E00000001",
        coverage_kind="medical",
        aor_effective_on=dt.date(2026, 11, 1),
    )
    return FileRow(**(values | overrides))


def written(*rows):
    handle = io.StringIO(newline="")
    count = write_rows(handle, rows)
    return count, handle.getvalue()


@pytest.mark.parametrize("value", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "  =cmd"])
def test_a_value_a_spreadsheet_would_run_as_a_formula_is_prefixed_with_an_apostrophe(value):
    assert guard_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["O'Brien", "Anne-Marie", "1980-01-02", "", "Smith =x"])
def test_an_ordinary_value_is_left_alone(value):
    assert guard_cell(value) == value


def test_formula_looking_names_are_guarded_in_the_file():
    _, text = written(row(first_name='=HYPERLINK("x")', last_name="@evil", broker_name="+1"))
    cells = list(csv.reader(io.StringIO(text)))[1]
    assert cells[1] == "'+1"
    assert cells[3] == '\'=HYPERLINK("x")'
    assert cells[4] == "'@evil"


def test_the_file_has_the_documented_header_and_one_crlf_line_per_row():
    count, text = written(row(), row(enrollment_id="E00000002"))
    assert count == 2
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    assert text.count("\r\n") == 3
    assert list(csv.reader(io.StringIO(text)))[2] == [
        "1234567",
        "Brokerfirst Brokerlast",
        "30000001",
        "Enrolleefirst",
        "Enrolleelast",
        "1980-01-02",
        "BCBS",
        "E00000002",
        "medical",
        "2026-11-01",
    ]


def test_an_empty_file_is_the_header_alone():
    count, text = written()
    assert count == 0
    assert text == ",".join(COLUMNS) + "\r\n"


def test_the_batch_id_and_path_are_fixed_by_carrier_day_and_sequence():
    name = BatchName(carrier_code="BCBS", sent_on=dt.date(2026, 10, 5), sequence=2)
    assert name.batch_id == "AOR-BCBS-20261005-2"
    assert name.relative_path == "carrier-files/BCBS/2026-10/AOR-BCBS-20261005-2.csv"


@pytest.mark.parametrize("code", ["../x", "A/B", "", "A.B"])
def test_a_carrier_code_that_cannot_name_a_file_is_refused(code):
    with pytest.raises(ValueError):
        BatchName(carrier_code=code, sent_on=dt.date(2026, 10, 5), sequence=1)
