"""The desk's pure rules: columns, CSV cells, search and sort, file names, the estimate."""

import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aordesk.desk.columns import POLICY_COLUMNS, Layout, LayoutError
from aordesk.desk.csvfile import BOM, csv_lines, safe_cell
from aordesk.desk.estimate import Pace, business_days_back, estimate, in_open_enrollment
from aordesk.desk.filenames import document_filename, month_zip_filename
from aordesk.desk.rows import RowFilter, RowIndex, rows_select
from aordesk.workbooks.report import REPORT_HEADERS

HEADERS = [*REPORT_HEADERS[:6], "AOR Effective Date", *REPORT_HEADERS[6:]]


def row(last, first, carrier="Blue Plan", sent=dt.date(2026, 10, 9)):
    return [
        sent,
        last,
        first,
        dt.date(1980, 1, 2),
        carrier,
        dt.date(2026, 1, 1),
        "Pat Lee",
        "1000003",
        dt.date(2026, 2, 1),
        "",
    ]


def test_the_policys_eight_columns_come_first_under_their_exact_names_then_extras():
    sheet = [*REPORT_HEADERS[:8], "AOR Effective Date", "Comments"]
    layout = Layout.of(sheet)
    assert layout.headers == (*POLICY_COLUMNS, "AOR Effective Date")
    assert POLICY_COLUMNS == (
        "Date Sent",
        "Enrollee Last Name",
        "Enrollee First Name",
        "Enrollee DOB",
        "Medical Carrier Name",
        "Medical EA Eff Date",
        "Broker Name",
        "Assister ID",
    )


def test_a_column_added_anywhere_in_the_workbook_follows_the_eight():
    layout = Layout.of(HEADERS)
    assert layout.headers[8] == "AOR Effective Date"
    assert layout.row(row("Berg", "Ann"))[5] == dt.date(2026, 1, 1)


def test_a_workbook_without_a_policy_column_is_refused():
    with pytest.raises(LayoutError):
        Layout.of(["Date Sent", "Enrollee Last Name"])


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "|cmd", "%x"])
def test_a_cell_that_would_run_as_a_formula_is_kept_as_text(text):
    assert safe_cell(text) == "'" + text


def test_dates_read_as_the_workbook_shows_them_and_plain_text_is_untouched():
    assert safe_cell(dt.date(2026, 10, 9)) == "10/09/2026"
    assert safe_cell("O'Brien") == "O'Brien"


@given(st.lists(st.lists(st.text(max_size=20), min_size=2, max_size=2), max_size=5))
def test_the_csv_reads_back_cell_for_cell_after_its_bom(cells):
    text = "".join(csv_lines(["A", "B"], cells))
    assert text.startswith(BOM)
    back = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert back[0] == ["A", "B"]
    assert back[1:] == [[safe_cell(c) for c in r] for r in cells]


def index(*rows):
    layout = Layout.of(HEADERS)
    return RowIndex(layout, [layout.row(r) for r in rows])


def test_search_folds_case_and_accents_and_needs_every_word():
    found = index(row("Peña", "Lucía"), row("Pena", "Luis"), row("Olsen", "Kari"))
    names = lambda q: [r[1] for r in rows_select(found, RowFilter(query=q))]  # noqa: E731
    assert names("PENA") == ["Peña", "Pena"] or names("PENA") == ["Pena", "Peña"]
    assert names("lucia pena") == ["Peña"]
    assert names("nobody") == []


def test_filters_combine_and_sorts_go_both_ways():
    found = index(
        row("Berg", "Ann", "UCare", dt.date(2026, 10, 23)),
        row("Olsen", "Kari", "UCare", dt.date(2026, 10, 9)),
        row("Aho", "Eli", "Blue Plan", dt.date(2026, 10, 23)),
    )
    ucare = rows_select(found, RowFilter(carrier="UCare", sort="sent"))
    assert [r[1] for r in ucare] == ["Olsen", "Berg"]
    newest = rows_select(found, RowFilter(sort="sent", descending=True))
    assert newest[-1][1] == "Olsen"
    assert [r[1] for r in rows_select(found, RowFilter(sent=dt.date(2026, 10, 23)))] == [
        "Aho",
        "Berg",
    ]


def test_unreadable_filters_are_ignored_not_errors():
    wanted = RowFilter.from_params({"sent": "yesterday", "sort": "salary", "q": "x" * 500})
    assert (wanted.sent, wanted.sort, len(wanted.query)) == (None, "name", 100)
    assert RowFilter.from_params({"sort": "-sent"}).as_params() == {"sort": "-sent"}


def test_file_names_say_whose_file_it_is():
    october = dt.date(2026, 11, 1)
    assert (
        document_filename(kind="aor_report", month=october, owner="1000003", version=1, ext="xlsx")
        == "aor-report-2026-11-1000003-v1.xlsx"
    )
    assert (
        document_filename(
            kind="agency_statement", month=october, owner="../AG X", version=2, ext="xlsx"
        )
        == "aor-agency-statement-2026-11-AGX-v2.xlsx"
    )
    assert month_zip_filename(month=october, owner="AGX") == "aor-documents-2026-11-AGX.zip"


def test_twenty_business_days_back_skip_weekends_and_minnesota_holidays():
    # Veterans Day (Nov 11) and Thanksgiving (Nov 26) are not business days.
    assert business_days_back(dt.date(2026, 11, 30), 20) == dt.date(2026, 10, 29)


def test_the_estimate_is_a_range_from_the_fastest_and_slowest_week():
    pace = Pace(per_day=[10] * 5 + [5] * 5 + [20] * 5 + [10] * 5)
    found = estimate(ahead=99, pace=pace, today=dt.date(2026, 6, 1))
    # 100 claims: 5 business days at 20 a day, 20 at 5 a day (Juneteenth, June 19, is a
    # Minnesota state holiday, so the 20th business day after June 1 is June 30).
    assert (found.earliest, found.latest) == (dt.date(2026, 6, 8), dt.date(2026, 6, 30))
    assert not found.open_enrollment


def test_open_enrollment_stretches_the_slow_end_and_says_so():
    pace = Pace(per_day=[10] * 20)
    calm = estimate(ahead=99, pace=pace, today=dt.date(2026, 6, 1))
    busy = estimate(ahead=99, pace=pace, today=dt.date(2026, 11, 2))
    assert busy.open_enrollment and in_open_enrollment(dt.date(2027, 1, 15))
    assert (calm.latest - dt.date(2026, 6, 1)) < (busy.latest - dt.date(2026, 11, 2))


def test_no_estimate_without_any_decision_in_the_window():
    assert estimate(ahead=3, pace=Pace(per_day=[0] * 20), today=dt.date(2026, 6, 1)) is None
