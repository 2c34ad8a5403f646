"""The typed finding every intake stage returns. Pure."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    # The file or the row cannot be accepted as it is.
    ERROR = "error"
    # Accepted, but staff must look before it is matched (look-alike letters, formulas).
    REVIEW = "review"
    # Told to the broker; changes nothing (a row linked to a claim already open).
    NOTICE = "notice"


@dataclass(frozen=True)
class Issue:
    """One finding: a stable code, where it is, and a message a broker can act on.

    `row` is the 1-based spreadsheet row (0 for the file as a whole); `column` is the
    header as the broker wrote it, or "" when the finding is not about one cell."""

    code: str
    message: str
    sheet: str = ""
    row: int = 0
    column: str = ""
    severity: Severity = Severity.ERROR

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Issue:
        return cls(**{**data, "severity": Severity(data.get("severity", "error"))})


def has_errors(issues: list[Issue]) -> bool:
    return any(issue.severity == Severity.ERROR for issue in issues)
