"""Should-pass workbooks in the shapes brokers really send."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

from tests.intake.corpus.hostile import package_rewrite
from tests.intake.corpus.workbooks import HEADERS, consumer, xlsx_write


def stale_dimension(path: Path, count: int = 10) -> Path:
    """Ten rows, but <dimension> says A1:I3 as a careless tool leaves it."""
    base = xlsx_write(path.with_name("dim-base.xlsx"), [consumer(n) for n in range(1, count + 1)])
    with zipfile.ZipFile(base) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    stale = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:I3"/>', sheet)
    assert stale != sheet
    return package_rewrite(base, path, replace={"xl/worksheets/sheet1.xml": stale.encode()})


def moved_headers(path: Path) -> Path:
    """A title, blank rows, then renamed headers in another order from column B."""
    headers = ["", "Insurance Company", "Last", "First", "DOB", "App Date", "Notes"]
    rows = [
        [
            "",
            "Blue Plus",
            f"Testlast{n}",
            f"Testfirst{n}",
            dt.date(1980, 1, 2),
            dt.date(2026, 9, 1),
            "",
        ]
        for n in (1, 2)
    ]

    def title(_workbook: Any, sheet: Any) -> None:
        sheet.write_string(0, 0, "My AOR list, synthetic data")

    return xlsx_write(path, rows, headers=headers, header_row=4, extra=title)


def extra_and_hidden_sheets(path: Path) -> Path:
    def sheets(workbook: Any, _sheet: Any) -> None:
        notes = workbook.add_worksheet("Notes")
        notes.write_string(0, 0, "Nothing to see here")
        hidden = workbook.add_worksheet("Old list")
        for column, header in enumerate(HEADERS[:5]):
            hidden.write_string(0, column, header)
        hidden.write_string(1, 0, "Hiddenfirst")
        hidden.hide()

    return xlsx_write(path, [consumer(1)], extra=sheets)


def merged_headers(path: Path) -> Path:
    """'Consumer name' merged over First/Last; 'Date of Birth' merged down two rows."""

    def merge(workbook: Any, sheet: Any) -> None:
        sheet.merge_range(0, 0, 0, 1, "Consumer name")
        sheet.merge_range(0, 2, 1, 2, "Date of Birth")
        sheet.merge_range(0, 4, 1, 4, "Carrier")
        sheet.write_string(1, 0, "First Name")
        sheet.write_string(1, 1, "Last Name")
        sheet.write_string(1, 3, "Application Date")

    rows = [consumer(1)[:5], consumer(2)[:5]]
    return xlsx_write(path, rows, headers=[], header_row=1, extra=merge)


def dates_1904(path: Path) -> Path:
    return xlsx_write(path, [consumer(1)], options={"date_1904": True})


def formulas(path: Path) -> Path:
    def cells(_workbook: Any, sheet: Any) -> None:
        sheet.write_formula(
            1, 0, '=HYPERLINK("http://example.invalid","Testfirst1")', None, "Testfirst1"
        )
        sheet.write_formula(2, 8, '=WEBSERVICE("http://example.invalid/x")', None, "")
        sheet.write_formula(3, 8, "=cmd|' /C calc'!A0", None, "")

    return xlsx_write(path, [consumer(1), consumer(2), consumer(3)], extra=cells)
