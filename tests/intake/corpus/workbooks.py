"""Workbooks a broker might send: the template's headers, or their own layout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

HEADERS = (
    "First Name *",
    "Last Name *",
    "Date of Birth *",
    "Application or Enrollment Date *",
    "Carrier *",
    "Method of AOR Submission",
    "Address",
    "Method of Application",
    "Comments",
)
DOB = dt.date(1980, 1, 2)
APPLIED = dt.date(2026, 9, 15)


def consumer(n: int = 1, **overrides: Any) -> list[Any]:
    values: dict[str, Any] = {
        "first": f"Testfirst{n}",
        "last": f"Testlast{n}",
        "dob": DOB,
        "applied": APPLIED,
        "carrier": "Blue Plus",
        "aor_method": "Portal",
        "address": f"{n} Lake Street, Duluth MN",
        "application_method": "Online",
        "comments": "",
    }
    values.update(overrides)
    return list(values.values())


def xlsx_write(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    headers: Sequence[str] = HEADERS,
    sheet: str = "Add Consumers",
    header_row: int = 0,
    options: dict[str, Any] | None = None,
    extra: Callable[[xlsxwriter.Workbook, Any], None] | None = None,
) -> Path:
    """One sheet: headers on `header_row` (0-based), then rows; dates as real Excel dates."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, **(options or {})})
    date_format = workbook.add_format({"num_format": "mm/dd/yyyy"})
    worksheet = workbook.add_worksheet(sheet)
    for column, header in enumerate(headers):
        worksheet.write_string(header_row, column, header)
    for offset, row in enumerate(rows, start=header_row + 1):
        for column, value in enumerate(row):
            cell_write(worksheet, offset, column, value, date_format)
    if extra is not None:
        extra(workbook, worksheet)
    workbook.close()
    return path


def cell_write(worksheet: Any, row: int, column: int, value: Any, date_format: Any) -> None:
    if isinstance(value, dt.date):
        worksheet.write_datetime(row, column, dt.datetime.combine(value, dt.time()), date_format)
    elif isinstance(value, str):
        worksheet.write_string(row, column, value)
    elif isinstance(value, int | float):
        worksheet.write_number(row, column, value)
    elif value is None:
        pass
    else:
        raise TypeError(type(value))


def csv_write(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def big_xlsx_write(path: Path, count: int) -> Path:
    """`count` distinct consumers, shared strings as Excel writes them."""
    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "mm/dd/yyyy"})
    worksheet = workbook.add_worksheet("Add Consumers")
    for column, header in enumerate(HEADERS):
        worksheet.write_string(0, column, header)
    for n in range(1, count + 1):
        dob = dt.datetime(1950 + n % 50, 1 + n % 12, 1 + n % 28)
        worksheet.write_string(n, 0, f"Testfirst{n}")
        worksheet.write_string(n, 1, f"Testlast{n}")
        worksheet.write_datetime(n, 2, dob, date_format)
        worksheet.write_datetime(n, 3, dt.datetime(2026, 1 + n % 9, 1 + n % 28), date_format)
        worksheet.write_string(n, 4, "Blue Plus")
        worksheet.write_string(n, 5, "Portal")
        worksheet.write_string(n, 6, f"{n} Lake Street, Duluth MN")
        worksheet.write_string(n, 7, "Online")
    workbook.close()
    return path
