"""The gate: what a returned file must be before any parser reads a byte of it. Pure.

Order matters: the cheapest and most telling test first (size, then the first bytes),
so a PDF is told it is a PDF rather than "a damaged zip"."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aordesk.intake.gate.ole import ole_issue
from aordesk.intake.gate.zip_package import zip_issues
from aordesk.intake.issues import Issue

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
SEND_INSTEAD = "Send the Excel workbook (.xlsx) we sent you, or a CSV file."


@dataclass(frozen=True)
class GateLimits:
    # A 300,000-row workbook as Excel saves it (shared strings) is about 14 MB.
    max_bytes: int = 20 * 1024 * 1024
    # A workbook has about five parts per sheet; 500 is generous and still cheap to list.
    max_members: int = 500
    # A 300,000-row sheet with shared strings unpacks to about 140 MB of XML.
    max_uncompressed: int = 400 * 1024 * 1024
    # Real sheet XML compresses 10-20 times; bombs compress thousands of times.
    max_ratio: int = 200
    # Below this size a high ratio is harmless (an empty styles part compresses well).
    ratio_floor: int = 1024 * 1024


@dataclass(frozen=True)
class GateResult:
    kind: str  # "xlsx", "csv" or "" when rejected
    issues: tuple[Issue, ...]

    @property
    def passed(self) -> bool:
        return not self.issues


def gate_check(path: Path, *, original_name: str, limits: GateLimits | None = None) -> GateResult:
    limits = limits or GateLimits()
    size = path.stat().st_size
    if size == 0:
        return _reject("GATE_EMPTY", f"The file is empty. {SEND_INSTEAD}")
    if size > limits.max_bytes:
        megabytes = limits.max_bytes // (1024 * 1024)
        return _reject(
            "GATE_TOO_LARGE",
            f"The file is larger than {megabytes} MB. Split it into smaller files and send each.",
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = Path(original_name).suffix.lower()
    if head.startswith(OLE_MAGIC):
        issue = ole_issue(path)
        return GateResult("", (issue,))
    if head.startswith(ZIP_MAGIC):
        return _zip_result(path, suffix, limits)
    return _text_result(path, suffix)


def _zip_result(path: Path, suffix: str, limits: GateLimits) -> GateResult:
    issues = zip_issues(path, limits)
    if issues:
        return GateResult("", tuple(issues))
    if suffix != ".xlsx":
        return _reject(
            "GATE_FILE_TYPE",
            f"The file is an Excel workbook but its name ends in '{suffix or 'nothing'}'. "
            "Save it with a name ending in .xlsx and send it again.",
        )
    return GateResult("xlsx", ())


def _text_result(path: Path, suffix: str) -> GateResult:
    with path.open("rb") as handle:
        sample = handle.read(64 * 1024)
    what = _describe(sample)
    if suffix == ".csv" and what == "text":
        return GateResult("csv", ())
    if suffix == ".xlsx" and what == "text":
        return _reject(
            "GATE_NOT_XLSX",
            "The file is named .xlsx but is a text (CSV) file. Open it in Excel and save it "
            "as an Excel Workbook (.xlsx), or send it named .csv.",
        )
    if suffix == ".xlsx" and what == "zip fragment":
        return _reject("GATE_DAMAGED", f"The file is damaged or incomplete. {SEND_INSTEAD}")
    if suffix in (".xlsx", ".csv"):
        return _reject("GATE_NOT_XLSX", f"The file is {what}, not a spreadsheet. {SEND_INSTEAD}")
    return _reject(
        "GATE_FILE_TYPE",
        f"Files named '{suffix or 'without a type'}' cannot be read. {SEND_INSTEAD}",
    )


def _describe(sample: bytes) -> str:
    """A plain name for what the first bytes are, for the broker's message."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode Text" is UTF-16 with a byte order mark: text, NULs and all.
        sample = sample.decode("utf-16", "replace").encode("utf-8")
    stripped = sample.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"%pdf"):
        return "a PDF document"
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml", b"<")):
        return "a web page or XML document"
    if stripped.startswith(b"pk"):
        return "zip fragment"
    if b"\x00" in sample:
        return "a binary file"
    return "text"


def _reject(code: str, message: str) -> GateResult:
    return GateResult("", (Issue(code=code, message=message),))
