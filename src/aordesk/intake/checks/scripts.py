from __future__ import annotations

from aordesk.intake.checks.context import CheckContext
from aordesk.intake.issues import Issue, Severity
from aordesk.intake.reading.rows import NormalisedRow
from aordesk.intake.reading.text import mixes_scripts


def names_in_one_script(row: NormalisedRow, context: CheckContext) -> list[Issue]:
    """A name mixing alphabets ('Sm\u0456th' with a Cyrillic i) is never matched silently."""
    return [
        Issue(
            code="NAME_MIXED_SCRIPTS",
            message="This name mixes letters from different alphabets (for example a Cyrillic "
            "letter that looks Latin); staff will check it before matching.",
            sheet=row.sheet,
            row=row.number,
            column=row.column(name),
            severity=Severity.REVIEW,
        )
        for name in ("first_name", "last_name")
        if mixes_scripts(getattr(row, name))
    ]
