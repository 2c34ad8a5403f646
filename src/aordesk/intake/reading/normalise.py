"""A source row into the normalised row the checks read. Pure.

Normalising never drops what the broker wrote: `raw` keeps every cell as text (a formula
as its formula text), and what could not be read becomes an issue on the row."""

from __future__ import annotations

import datetime as dt

from aordesk.intake.issues import Issue, Severity
from aordesk.intake.reading.dates import date_read
from aordesk.intake.reading.rows import Cell, NormalisedRow, SourceRow
from aordesk.intake.reading.text import text_clean

DATE_FIELDS = ("dob", "application_date")
TEXT_FIELDS = (
    "first_name",
    "last_name",
    "carrier",
    "aor_method",
    "address",
    "application_method",
    "comments",
)
# Free-text fields may keep a formula's text for staff to read; the others must be values.
FREE_TEXT = ("address", "comments")


def row_normalise(source: SourceRow, *, date1904: bool, today: dt.date) -> NormalisedRow:
    row = NormalisedRow(
        sheet=source.sheet,
        number=source.number,
        kind=source.kind,
        headers=source.headers,
        raw={field: _raw_text(cell) for field, cell in source.cells.items()},
    )
    for field, cell in source.cells.items():
        if cell.formula is not None:
            row.issues.append(_formula_issue(row, field))
            row.unreadable.add(field)
            if field in FREE_TEXT:
                setattr(row, field, text_clean(cell.formula).text)
            continue
        if field in DATE_FIELDS:
            _date_set(row, field, cell, date1904=date1904, today=today)
        elif field in TEXT_FIELDS:
            _text_set(row, field, cell)
    return row


def _raw_text(cell: Cell) -> str:
    if cell.formula is not None:
        return cell.formula
    if isinstance(cell.value, dt.datetime):
        return cell.value.date().isoformat() if cell.value.time() == dt.time() else str(cell.value)
    if isinstance(cell.value, float) and cell.value.is_integer():
        return str(int(cell.value))
    return "" if cell.value is None else str(cell.value)


def _text_set(row: NormalisedRow, field: str, cell: Cell) -> None:
    clean = text_clean(cell.value)
    setattr(row, field, clean.text)
    if clean.had_bidi:
        row.issues.append(
            Issue(
                code="TEXT_BIDI_CONTROL",
                message="This cell held hidden characters that change the direction text is "
                "shown in; they were removed and staff will check the value.",
                sheet=row.sheet,
                row=row.number,
                column=row.column(field),
                severity=Severity.REVIEW,
            )
        )
    elif clean.had_invisible:
        row.issues.append(
            Issue(
                code="TEXT_INVISIBLE_REMOVED",
                message="Invisible characters (zero-width spaces or control characters) were "
                "removed from this cell.",
                sheet=row.sheet,
                row=row.number,
                column=row.column(field),
                severity=Severity.NOTICE,
            )
        )


def _date_set(
    row: NormalisedRow, field: str, cell: Cell, *, date1904: bool, today: dt.date
) -> None:
    reading = date_read(cell.value, date1904=date1904, today=today)
    if reading.value is not None:
        setattr(row, field, reading.value)
        return
    row.unreadable.add(field)
    if reading.problem == "ambiguous":
        message = (
            "This date can be read two ways (day and month could be swapped). Write it as "
            "MM/DD/YYYY, e.g. 01/02/1980 for January 2, 1980."
        )
        code = "DATE_AMBIGUOUS"
    else:
        message = "This is not a date we can read. Write it as MM/DD/YYYY, e.g. 01/02/1980."
        code = "DATE_INVALID"
    row.issues.append(
        Issue(code=code, message=message, sheet=row.sheet, row=row.number, column=row.column(field))
    )


def _formula_issue(row: NormalisedRow, field: str) -> Issue:
    free = field in FREE_TEXT
    return Issue(
        code="CELL_FORMULA",
        message=(
            "This cell holds a formula; it was not calculated and its text is kept for staff."
            if free
            else "This cell holds a formula, which we never calculate. Type the value itself."
        ),
        sheet=row.sheet,
        row=row.number,
        column=row.column(field),
        severity=Severity.REVIEW if free else Severity.ERROR,
    )
