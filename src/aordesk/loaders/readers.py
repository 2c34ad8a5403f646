"""Rows of a loader file, CSV or XLSX, with the row number a spreadsheet shows. Pure.

CSV rows stream from disk, so a million-row file costs the memory of one row. XLSX files
are read by python_calamine, which loads the first sheet whole: fine for the sizes staff
export from a spreadsheet, but very large loads should come as CSV.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from aordesk.intake.gate.file import GateLimits
from aordesk.intake.gate.zip_package import zip_issues
from aordesk.loaders.fields import is_blank

Row = tuple[int, list[object]]
SUFFIXES = (".csv", ".xlsx")


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why, plainly."""


def read_rows(path: Path) -> Iterator[Row]:
    """Every non-blank row as (row number, cells); the header is row 1 when present."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise FileProblem("the file must be a .csv or .xlsx file")
    rows = _csv_rows(path) if suffix == ".csv" else _xlsx_rows(path)
    for number, cells in rows:
        if any(not is_blank(cell) for cell in cells):
            yield number, cells


def file_digest(path: Path) -> str:
    """SHA-256 of the file: names it in the audit trail, and tells whether it changed
    between the check and the write."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _csv_rows(path: Path) -> Iterator[Row]:
    number = 0
    # utf-8-sig drops the byte-order mark Excel writes at the start of "CSV UTF-8" files.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        try:
            for number, cells in enumerate(csv.reader(handle), start=1):
                yield number, list(cells)
        except UnicodeDecodeError:
            raise FileProblem(
                f"row {number + 1} is not UTF-8 text: save the file as CSV UTF-8"
            ) from None
        except csv.Error as error:
            raise FileProblem(f"row {number + 1} is not valid CSV ({error})") from None


def _xlsx_rows(path: Path) -> Iterator[Row]:
    # The zip gate of intake first: a small workbook that inflates to gigabytes (or names
    # a part twice, or hides macros) is refused before calamine inflates anything.
    issues = zip_issues(path, GateLimits())
    if issues:
        issue = issues[0]
        raise FileProblem(
            f"the file is not a readable .xlsx workbook: {issue.message} ({issue.code})"
        )
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
    except CalamineError:
        raise FileProblem("the file is not a readable .xlsx workbook") from None
    # iter_rows starts at the sheet's first row even when it is empty, so numbers are real.
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        yield number, list(cells)
