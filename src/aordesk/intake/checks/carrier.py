from __future__ import annotations

from aordesk.intake.checks.context import CheckContext
from aordesk.intake.issues import Issue
from aordesk.intake.reading.rows import NormalisedRow


def carrier_known(row: NormalisedRow, context: CheckContext) -> list[Issue]:
    """The carrier is one we know, by its name, legal name, code or an alias."""
    if not row.carrier or context.carriers.resolve(row.carrier) is not None:
        return []
    known = ", ".join(context.carriers.display_names)
    return [
        Issue(
            code="CARRIER_UNKNOWN",
            message=f"We do not know this carrier. Use one of: {known}.",
            sheet=row.sheet,
            row=row.number,
            column=row.column("carrier"),
        )
    ]
