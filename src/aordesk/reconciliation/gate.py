"""The roster's gate: the broker files' gate (intake.gate) with a roster's size, then the
roster's own kinds: a CSV, or an X12 file that starts with its ISA segment. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aordesk.intake.gate.file import GateLimits, gate_check
from aordesk.intake.issues import Issue

# A 1,000,000-row roster with every optional column is about 90 MB.
ROSTER_LIMITS = GateLimits(max_bytes=512 * 1024 * 1024)
X12_SUFFIXES = (".x12", ".edi", ".834", ".txt")
SEND_INSTEAD = "Send the roster as a CSV file (.csv) or, for an X12 carrier, the 834 audit file."


@dataclass(frozen=True)
class RosterGate:
    kind: str  # "csv", "x12" or "" when refused
    issues: tuple[Issue, ...]


def roster_gate(path: Path, *, original_name: str) -> RosterGate:
    suffix = Path(original_name).suffix.lower()
    # X12 is text: the broker gate's text checks (empty, size, PDF, HTML, binary) apply as
    # they do to a CSV, so it is shown the file under a .csv name.
    shown = original_name if suffix not in X12_SUFFIXES else "roster.csv"
    checked = gate_check(path, original_name=shown, limits=ROSTER_LIMITS)
    if not checked.passed:
        return RosterGate("", checked.issues)
    if checked.kind == "xlsx":
        return _refuse("ROSTER_WORKBOOK", f"The roster is an Excel workbook. {SEND_INSTEAD}")
    if suffix in X12_SUFFIXES:
        return _x12(path)
    return RosterGate("csv", ())


def _x12(path: Path) -> RosterGate:
    with path.open("rb") as handle:
        head = handle.read(106).lstrip(b"\xef\xbb\xbf \r\n")
    if not head.startswith(b"ISA"):
        return _refuse(
            "ROSTER_X12_NO_ISA",
            f"The file is named like an X12 file but does not start with ISA. {SEND_INSTEAD}",
        )
    return RosterGate("x12", ())


def _refuse(code: str, message: str) -> RosterGate:
    return RosterGate("", (Issue(code=code, message=message),))
