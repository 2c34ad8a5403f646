"""Normalising cleans text without losing what the broker wrote."""

from __future__ import annotations

import datetime as dt

from aordesk.intake.issues import Severity
from aordesk.intake.reading.normalise import row_normalise
from aordesk.intake.reading.rows import Cell, SourceRow
from aordesk.intake.reading.text import mixes_scripts, text_clean

TODAY = dt.date(2026, 11, 27)


def normalised(**cells):
    source = SourceRow(
        sheet="Add Consumers",
        number=2,
        kind="consumer",
        cells={
            name: value if isinstance(value, Cell) else Cell(value) for name, value in cells.items()
        },
        headers={"first_name": "First Name *", "dob": "DOB"},
    )
    return row_normalise(source, date1904=False, today=TODAY)


def codes(row):
    return [(issue.code, issue.severity) for issue in row.issues]


def test_text_is_nfc_trimmed_and_free_of_zero_width_characters():
    assert text_clean("  Jose\u0301\u200b  Maria ").text == "Jos\u00e9 Maria"


def test_a_right_to_left_override_is_removed_and_flagged_for_review():
    row = normalised(first_name="\u202eTestfirst")

    assert row.first_name == "Testfirst"
    assert codes(row) == [("TEXT_BIDI_CONTROL", Severity.REVIEW)]


def test_a_nul_byte_becomes_a_space_and_the_broker_is_told():
    row = normalised(first_name="Test\x00first")

    assert row.first_name == "Test first"
    assert codes(row) == [("TEXT_INVISIBLE_REMOVED", Severity.NOTICE)]


def test_a_latin_name_with_a_cyrillic_letter_mixes_scripts():
    assert mixes_scripts("Sm\u0456th")
    assert not mixes_scripts("Smith")
    assert not mixes_scripts("\u0421\u043c\u0438\u0442")


def test_an_ambiguous_date_is_an_error_on_its_column():
    row = normalised(dob="02.01.1980")

    assert row.dob is None and "dob" in row.unreadable
    (issue,) = row.issues
    assert (issue.code, issue.column, issue.row) == ("DATE_AMBIGUOUS", "DOB", 2)


def test_a_formula_in_a_name_is_an_error_and_kept_as_its_text():
    row = normalised(first_name=Cell("Testfirst", '=HYPERLINK("x","Testfirst")'))

    assert row.first_name == ""
    assert row.raw["first_name"] == '=HYPERLINK("x","Testfirst")'
    assert codes(row) == [("CELL_FORMULA", Severity.ERROR)]


def test_a_formula_in_comments_is_kept_as_text_for_review():
    row = normalised(comments=Cell("", '=WEBSERVICE("http://example.invalid")'))

    assert row.comments == '=WEBSERVICE("http://example.invalid")'
    assert codes(row) == [("CELL_FORMULA", Severity.REVIEW)]


def test_a_whole_number_is_text_without_a_decimal_point():
    row = normalised(address=55802.0)

    assert row.address == "55802" and row.raw["address"] == "55802"
