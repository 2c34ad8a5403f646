from __future__ import annotations

from aordesk.intake.checks.context import (
    AOR_METHODS,
    APPLICATION_METHODS,
    CheckContext,
    method_value,
)
from aordesk.intake.issues import Issue
from aordesk.intake.reading.rows import NormalisedRow


def aor_method_listed(row: NormalisedRow, context: CheckContext) -> list[Issue]:
    if not row.aor_method or method_value(row.aor_method, AOR_METHODS):
        return []
    return [_issue(row, "AOR_METHOD_UNKNOWN", "aor_method", "Portal, Electronic or PDF")]


def application_method_listed(row: NormalisedRow, context: CheckContext) -> list[Issue]:
    if not row.application_method or method_value(row.application_method, APPLICATION_METHODS):
        return []
    return [_issue(row, "APPLICATION_METHOD_UNKNOWN", "application_method", "Online or Paper")]


def _issue(row: NormalisedRow, code: str, name: str, choices: str) -> Issue:
    return Issue(
        code=code,
        message=f"Write {choices}.",
        sheet=row.sheet,
        row=row.number,
        column=row.column(name),
    )
