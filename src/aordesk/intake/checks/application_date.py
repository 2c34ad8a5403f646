from __future__ import annotations

from aordesk.intake.checks.context import CheckContext
from aordesk.intake.issues import Issue
from aordesk.intake.reading.rows import NormalisedRow


def application_date_not_future(row: NormalisedRow, context: CheckContext) -> list[Issue]:
    if row.application_date is None or row.application_date <= context.today:
        return []
    return [
        Issue(
            code="APPLICATION_DATE_FUTURE",
            message="The application or enrollment date is in the future.",
            sheet=row.sheet,
            row=row.number,
            column=row.column("application_date"),
        )
    ]
