"""The signed identity every outgoing workbook carries, and reading it back from a reply.

A broker answers a report by returning the workbook itself. The very hidden identity sheet
says which document it was (kind, version, broker or agency, month); its HMAC proves that
the desk wrote those values, so intake can trust them without trusting the file."""

from __future__ import annotations

import hashlib
import hmac
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from python_calamine import CalamineWorkbook

from aordesk.workbooks.cells import write_text

IDENTITY_SHEET = "aordesk_identity"
IDENTITY_KINDS = frozenset(
    {"aor_report", "broker_statement", "agency_statement", "determination", "acknowledgement"}
)
IDENTITY_FIELDS = (
    "kind",
    "template_version",
    "document_id",
    "npn",
    "agency_code",
    "month",
    "version",
)
IDENTITY_HEADER = ("field", "value")
MAC_FIELD = "mac"
MAC_DOMAIN = b"aordesk-workbook-identity/1\n"
MAX_FIELD_CHARS = 200
MAX_IDENTITY_ROWS = 20
# Defence in depth behind intake's gate: refuse a package that says it inflates this far.
MAX_DECLARED_BYTES = 1 << 30

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_VERSION = re.compile(r"[1-9][0-9]{0,8}")
_MAC = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class WorkbookIdentity:
    kind: str
    template_version: str
    document_id: str
    npn: str
    agency_code: str
    month: str
    version: int

    def __post_init__(self) -> None:
        if self.kind not in IDENTITY_KINDS:
            raise ValueError(f"unknown workbook kind {self.kind!r}")
        for name in IDENTITY_FIELDS[:-1]:
            _field_check(name, getattr(self, name))
        if self.month and not _MONTH.fullmatch(self.month):
            raise ValueError(f"month must be YYYY-MM, not {self.month!r}")
        if isinstance(self.version, bool) or not isinstance(self.version, int):
            raise ValueError("version must be an int")
        if self.version < 1:
            raise ValueError("version starts at 1")


def _field_check(name: str, value: object) -> None:
    # Values must come back from the sheet exactly, or the MAC could never verify.
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a str")
    if len(value) > MAX_FIELD_CHARS or (value and not value.isprintable()):
        raise ValueError(f"{name} must be printable and at most {MAX_FIELD_CHARS} characters")


def identity_canonical(identity: WorkbookIdentity) -> bytes:
    """The bytes the MAC covers: a domain tag, then `name=<byte length>:<utf-8 value>\\n`
    for each field in IDENTITY_FIELDS order. The length prefix makes it unambiguous."""
    parts = [MAC_DOMAIN]
    for name in IDENTITY_FIELDS:
        value = str(getattr(identity, name)).encode("utf-8")
        parts.append(f"{name}={len(value)}:".encode("ascii") + value + b"\n")
    return b"".join(parts)


def identity_sign(identity: WorkbookIdentity, *, key: bytes) -> str:
    if not key:
        raise ValueError("an identity key is required")
    return hmac.new(key, identity_canonical(identity), hashlib.sha256).hexdigest()


def identity_verify(identity: WorkbookIdentity, mac: str, *, key: bytes) -> bool:
    try:
        given = mac.encode("ascii")
    except (UnicodeEncodeError, AttributeError):
        return False
    expected = identity_sign(identity, key=key).encode("ascii")
    return hmac.compare_digest(expected, given)


def identity_write(
    workbook: xlsxwriter.Workbook, identity: WorkbookIdentity, *, key: bytes
) -> None:
    """Add the very hidden identity sheet; call it after the visible sheets are added."""
    if not workbook.worksheets():
        # Excel cannot open a workbook whose only or first sheet is very hidden.
        raise ValueError("add the visible sheets before the identity sheet")
    mac = identity_sign(identity, key=key)
    sheet = workbook.add_worksheet(IDENTITY_SHEET)
    sheet.very_hidden()
    rows = [IDENTITY_HEADER]
    rows += [(name, str(getattr(identity, name))) for name in IDENTITY_FIELDS]
    rows.append((MAC_FIELD, mac))
    for row, (name, value) in enumerate(rows):
        write_text(sheet, row, 0, name)
        write_text(sheet, row, 1, value)


def identity_read(path: Path) -> tuple[WorkbookIdentity, str] | None:
    """The identity and MAC a workbook carries, unverified; None when it has no identity
    sheet or the sheet is not as written. ValueError when the file is not a workbook."""
    rows = _identity_rows(path)
    if rows is None:
        return None
    values = _identity_values(rows)
    if values is None:
        return None
    return _identity_build(values)


def _identity_rows(path: Path) -> list[list[Any]] | None:
    _declared_size_check(path)
    try:
        with CalamineWorkbook.from_path(str(path)) as book:
            if IDENTITY_SHEET not in book.sheet_names:
                return None
            sheet = book.get_sheet_by_name(IDENTITY_SHEET)
            rows: list[list[Any]] = sheet.to_python(
                skip_empty_area=False, nrows=MAX_IDENTITY_ROWS + 1
            )
            return rows
    except OSError:
        raise
    except Exception as error:
        raise ValueError(f"not a readable workbook: {error}") from error
    except BaseException as error:
        # A parser panic on a hostile file surfaces as pyo3's PanicException (a BaseException).
        if type(error).__name__ != "PanicException":
            raise
        raise ValueError("not a readable workbook: the parser gave up") from error


def _declared_size_check(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            declared = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return  # not a zip package (e.g. an old .xls): the parser decides
    if declared > MAX_DECLARED_BYTES:
        raise ValueError("workbook is too large once uncompressed")


def _identity_values(rows: list[list[Any]]) -> dict[str, str] | None:
    if len(rows) > MAX_IDENTITY_ROWS or not rows:
        return None
    if tuple(_cell(rows[0], 0, 2)) != IDENTITY_HEADER:
        return None
    expected = {*IDENTITY_FIELDS, MAC_FIELD}
    found: dict[str, str] = {}
    for row in rows[1:]:
        name, value = _cell(row, 0, 2)
        if name == "" and value == "":
            continue
        if not isinstance(name, str) or not isinstance(value, str):
            return None
        if name not in expected or name in found:
            return None
        found[name] = value
    return found if set(found) == expected else None


def _cell(row: list[Any], start: int, count: int) -> list[Any]:
    cells = list(row[start : start + count])
    return cells + [""] * (count - len(cells))


def _identity_build(values: dict[str, str]) -> tuple[WorkbookIdentity, str] | None:
    mac = values[MAC_FIELD]
    if not _VERSION.fullmatch(values["version"]) or not _MAC.fullmatch(mac):
        return None
    fields: dict[str, Any] = {name: values[name] for name in IDENTITY_FIELDS}
    fields["version"] = int(values["version"])
    try:
        identity = WorkbookIdentity(**fields)
    except (ValueError, TypeError):
        return None
    return identity, mac
