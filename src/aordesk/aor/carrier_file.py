"""The carrier AOR file: names, columns and the CSV writer. Pure.

Format: docs/formats/carrier-aor-file.md. The writer streams: one row in memory at a time.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

COLUMNS = (
    "NPN",
    "Broker Name",
    "Case Number",
    "Primary Enrollee First Name",
    "Primary Enrollee Last Name",
    "Primary Enrollee DOB",
    "Carrier Code",
    "Enrollment ID",
    "Coverage Kind",
    "AOR Effective Date",
)

# A spreadsheet reads a cell starting with one of these as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GUARD_PREFIX = "'"
_SAFE_CODE = re.compile(r"^[A-Za-z0-9_-]{1,20}$")


@dataclass(frozen=True)
class FileRow:
    npn: str
    broker_name: str
    case_number: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    carrier_code: str
    enrollment_id: str
    coverage_kind: str
    aor_effective_on: dt.date


def guard_cell(value: str) -> str:
    """Prefix an apostrophe to a value a spreadsheet would run as a formula. Leading spaces
    are looked through because some spreadsheets trim them before parsing."""
    if value.startswith(FORMULA_START) or value.lstrip(" ").startswith(FORMULA_START):
        return GUARD_PREFIX + value
    return value


def row_cells(row: FileRow) -> list[str]:
    values = [
        row.npn,
        row.broker_name,
        row.case_number,
        row.first_name,
        row.last_name,
        row.date_of_birth.isoformat(),
        row.carrier_code,
        row.enrollment_id,
        row.coverage_kind,
        row.aor_effective_on.isoformat(),
    ]
    return [guard_cell(value) for value in values]


def write_rows(handle: TextIO, rows: Iterable[FileRow]) -> int:
    """Write the header and every row; return the number of rows. `handle` is opened with
    newline="" so the csv module's CRLF line ends reach the file unchanged."""
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(row_cells(row))
        count += 1
    return count


@dataclass(frozen=True)
class BatchName:
    """The same carrier, day and sequence always give the same batch id and path, so a rerun
    after a crash rebuilds the batch that never committed instead of inventing a new one."""

    carrier_code: str
    sent_on: dt.date
    sequence: int
    extension: str = "csv"  # or "x12" for an 834 interchange

    def __post_init__(self) -> None:
        if self.extension not in ("csv", "x12"):
            raise ValueError(f"a carrier file is .csv or .x12, not .{self.extension}")
        # Codes go into file and folder names; anything else could walk out of the folder.
        if not _SAFE_CODE.match(self.carrier_code):
            raise ValueError(
                f"carrier code {self.carrier_code!r} cannot name a file (letters, digits, _ and -)"
            )

    @property
    def batch_id(self) -> str:
        return f"AOR-{self.carrier_code}-{self.sent_on:%Y%m%d}-{self.sequence}"

    @property
    def file_name(self) -> str:
        return f"{self.batch_id}.{self.extension}"

    @property
    def relative_path(self) -> str:
        return f"carrier-files/{self.carrier_code}/{self.sent_on:%Y-%m}/{self.file_name}"
