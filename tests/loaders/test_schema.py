from aordesk.loaders.formats import ENROLLMENTS, HOUSEHOLDS
from aordesk.loaders.schema import header_positions, normalise_header, parse_row
from tests.loaders.factories import household_row


def _cells(row):
    return [
        value.isoformat() if hasattr(value, "isoformat") else str(value) for value in row.values()
    ]


def test_headers_ignore_case_spaces_and_hyphens():
    assert normalise_header(" Case Number ") == "case_number"
    assert normalise_header("case-number") == "case_number"


def test_a_header_names_its_missing_and_unknown_columns():
    header = ["case_number", "first_name", "nickname"]
    _, issues = header_positions(HOUSEHOLDS, header)
    messages = " ".join(issue.message for issue in issues)
    assert "nickname" in {issue.column for issue in issues}
    assert "missing required column(s): last_name, date_of_birth" in messages
    assert all(issue.row == 1 for issue in issues)


def test_a_column_named_twice_is_refused():
    _, issues = header_positions(HOUSEHOLDS, [*household_row(), "city"])
    assert [(i.column, i.message) for i in issues] == [("city", "this column appears twice")]


def test_optional_columns_may_be_left_out_of_the_header():
    row = household_row(state=None, zip_code=None, address_line2=None)
    positions, issues = header_positions(HOUSEHOLDS, list(row))
    values, _ = parse_row(HOUSEHOLDS, 2, _cells(row), positions)
    assert issues == []
    assert values is not None
    assert (values["state"], values["zip_code"]) == ("MN", "")


def test_every_bad_cell_of_a_row_is_reported_with_its_column():
    row = household_row(date_of_birth="1980/01/02", application_method="fax", first_name="")
    positions, _ = header_positions(HOUSEHOLDS, list(row))
    values, issues = parse_row(HOUSEHOLDS, 7, _cells(row), positions)
    assert values is None
    assert {(i.row, i.column) for i in issues} == {
        (7, "date_of_birth"),
        (7, "application_method"),
        (7, "first_name"),
    }


def test_a_value_under_no_header_is_reported():
    row = household_row()
    positions, _ = header_positions(HOUSEHOLDS, list(row))
    _, issues = parse_row(HOUSEHOLDS, 3, [*_cells(row), "stray"], positions)
    assert [i.message for i in issues] == ["has values in a column without a header"]


def test_row_rules_run_only_on_rows_whose_cells_are_all_readable():
    header = list(ENROLLMENTS.names)
    positions, _ = header_positions(ENROLLMENTS, header)
    cells = ["E1", "1", "C", "dental", "qhp", "2026", "2025-01-01", "", "", "nope"]
    _, issues = parse_row(ENROLLMENTS, 2, cells, positions)
    assert [i.column for i in issues] == ["completed_on"]
