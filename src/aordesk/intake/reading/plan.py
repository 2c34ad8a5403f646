"""From a file that passed the gate to source rows under recognised headers. Pure.

A returned aordesk report is known by its signed identity sheet: its "Add Consumers" rows
are consumers and its "AOR Report" rows count only where the broker wrote a comment. Any
other workbook or CSV is read from every visible sheet whose header row we recognise."""

from __future__ import annotations

import csv
import itertools
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from xml.etree.ElementTree import ParseError

from aordesk.intake.gate.zip_package import PartError
from aordesk.intake.issues import Issue, Severity, has_errors
from aordesk.intake.reading.csv_rows import csv_rows
from aordesk.intake.reading.headers import FIELD_LABELS, HEADER_SEARCH_ROWS, HeaderMap, header_find
from aordesk.intake.reading.identity import Sender, identity_check
from aordesk.intake.reading.rows import RawRow, SourceRow
from aordesk.intake.reading.xlsx_rows import XlsxPackage, package_open, sheet_rows
from aordesk.workbooks.identity import IDENTITY_SHEET, WorkbookIdentity

# What a file that passed the gate can still raise while read: malformed XML, a part the
# relationships name but the zip lacks (KeyError), an XML declaration naming an encoding
# Python lacks (LookupError, KeyError's parent), a bad number or date (ValueError).
READ_FAILURES = (
    ParseError,
    PartError,
    ValueError,
    LookupError,
    csv.Error,  # a CSV field over the csv module's limit (128 KB)
    zlib.error,
    OSError,
    EOFError,
    NotImplementedError,
)
REPORT_SHEET = "AOR Report"
CONSUMERS_SHEET = "Add Consumers"


@dataclass(frozen=True)
class SheetPlan:
    name: str
    kind: str  # "consumer" or "report_comment"
    header: HeaderMap
    rows: Callable[[], Iterator[RawRow]]


@dataclass
class ReadPlan:
    kind: str  # "report", "workbook" or "csv"
    date1904: bool = False
    identity: WorkbookIdentity | None = None
    sheets: list[SheetPlan] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return not has_errors(self.issues)

    def rows(self) -> Iterator[SourceRow]:
        for sheet in self.sheets:
            yield from _source_rows(sheet)


def read_plan(path: Path, *, kind: str, sender: Sender, key: bytes) -> ReadPlan:
    """Everything known before the rows are streamed: sheets, headers, identity."""
    if kind == "csv":
        plan = ReadPlan(kind="csv")
        _plan_sheet(plan, "CSV", lambda: csv_rows(path), "consumer")
        return _require_header(plan)
    package = package_open(path)
    identity: WorkbookIdentity | None = None
    issues: list[Issue] = []
    if any(ref.name == IDENTITY_SHEET for ref in package.sheets):
        identity, issues = identity_check(package, sender=sender, key=key)
    plan = ReadPlan(kind="report" if identity else "workbook", date1904=package.date1904)
    plan.identity, plan.issues = identity, issues
    if not plan.readable:
        return plan
    if identity is not None and identity.kind == "aor_report":
        _plan_report(plan, package)
    elif identity is None and _report_layout(package):
        # Our report with its identity sheet deleted (or lost by a spreadsheet program):
        # its AOR Report rows are ours, not claims, so it is read as a report would be.
        plan.issues.append(
            Issue(
                code="IDENTITY_MISSING",
                message="This looks like an AOR report whose hidden identity sheet was "
                "removed or changed. We read its 'Add Consumers' sheet, and the 'AOR Report' "
                "rows you commented on, as we would from the report.",
                severity=Severity.NOTICE,
            )
        )
        _plan_report(plan, package)
    else:
        _plan_workbook(plan, package)
    return _require_header(plan)


def _plan_report(plan: ReadPlan, package: XlsxPackage) -> None:
    for ref in package.sheets:
        if ref.name == CONSUMERS_SHEET:
            _plan_sheet(plan, ref.name, partial(sheet_rows, package, ref), "consumer")
        elif ref.name == REPORT_SHEET:
            _plan_sheet(
                plan,
                ref.name,
                partial(sheet_rows, package, ref),
                "report_comment",
                needed={"comments"},
            )


def _report_layout(package: XlsxPackage) -> bool:
    names = {ref.name for ref in package.sheets}
    return {REPORT_SHEET, CONSUMERS_SHEET} <= names


def _plan_workbook(plan: ReadPlan, package: XlsxPackage) -> None:
    for ref in package.sheets:
        if ref.name == IDENTITY_SHEET or not ref.part:
            continue
        if ref.state != "visible":
            plan.issues.append(
                Issue(
                    code="READ_SHEET_HIDDEN",
                    message="This sheet is hidden and was not read. Unhide it if it lists "
                    "consumers.",
                    sheet=ref.name,
                    severity=Severity.NOTICE,
                )
            )
            continue
        _plan_sheet(plan, ref.name, partial(sheet_rows, package, ref), "consumer")


def _plan_sheet(
    plan: ReadPlan,
    name: str,
    rows: Callable[[], Iterator[RawRow]],
    kind: str,
    *,
    needed: set[str] | None = None,
) -> None:
    top = rows()
    try:
        searched = list(itertools.islice(top, HEADER_SEARCH_ROWS))
        header = header_find(searched, needed=needed)
    except BaseException:
        _close(top)
        raise
    if header is None:
        _close(top)
        if kind == "consumer" and plan.kind != "csv":
            plan.issues.append(
                Issue(
                    code="READ_SHEET_SKIPPED",
                    message="No header row with consumer columns was found on this sheet, so "
                    "it was not read.",
                    sheet=name,
                    severity=Severity.NOTICE,
                )
            )
        return
    # The rows read while looking for the header are not read again: the sheet goes on
    # from where the search stopped (one pass over each sheet, however small the file).
    resume = _once(itertools.chain(searched, top), rows)
    plan.sheets.append(SheetPlan(name=name, kind=kind, header=header, rows=resume))


def _close(rows: Iterator[RawRow]) -> None:
    close = getattr(rows, "close", None)
    if close is not None:
        close()


def _once(
    started: Iterator[RawRow], rows: Callable[[], Iterator[RawRow]]
) -> Callable[[], Iterator[RawRow]]:
    """The stream already started the first time, a fresh one after that."""
    pending = [started]

    def next_rows() -> Iterator[RawRow]:
        return pending.pop() if pending else rows()

    return next_rows


def _require_header(plan: ReadPlan) -> ReadPlan:
    if not any(sheet.kind == "consumer" for sheet in plan.sheets) and plan.readable:
        if plan.kind == "report" and plan.sheets:
            return plan  # a returned report with comments only is still a submission
        expected = ", ".join(
            FIELD_LABELS[name]
            for name in ("first_name", "last_name", "dob", "application_date", "carrier")
        )
        plan.issues.append(
            Issue(
                code="READ_NO_HEADER",
                message=f"We could not find a header row. Put these column headers in one row "
                f"above the consumers: {expected}.",
            )
        )
    return plan


def _source_rows(sheet: SheetPlan) -> Iterator[SourceRow]:
    for raw in sheet.rows():
        if raw.number <= sheet.header.row_number:
            continue
        cells = {
            field_name: raw.cells[index]
            for index, field_name in sheet.header.columns.items()
            if index in raw.cells
        }
        if not cells:
            continue
        if sheet.kind == "report_comment" and "comments" not in cells:
            continue
        yield SourceRow(
            sheet=sheet.name,
            number=raw.number,
            kind=sheet.kind,
            cells=cells,
            headers=sheet.header.headers,
        )
