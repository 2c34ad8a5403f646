"""The ordered checks a normalised row goes through. Pure.

Each check is one rule in its own module: (row, context) -> issues. The order is the
order a broker reads the reasons in; the file-wide ones (repeated rows, claims already
open) come last and look only at rows that are otherwise sound."""

from __future__ import annotations

from collections.abc import Callable

from aordesk.intake.checks.application_date import application_date_not_future
from aordesk.intake.checks.carrier import carrier_known
from aordesk.intake.checks.claimed import open_claim_linked
from aordesk.intake.checks.context import CheckContext
from aordesk.intake.checks.dob import dob_in_plausible_past
from aordesk.intake.checks.duplicates import not_repeated_in_file
from aordesk.intake.checks.lengths import text_within_length
from aordesk.intake.checks.methods import aor_method_listed, application_method_listed
from aordesk.intake.checks.required import required_fields_present
from aordesk.intake.checks.scripts import names_in_one_script
from aordesk.intake.issues import Issue, has_errors
from aordesk.intake.reading.rows import NormalisedRow

Check = Callable[[NormalisedRow, CheckContext], list[Issue]]

ROW_CHECKS: tuple[Check, ...] = (
    required_fields_present,
    text_within_length,
    names_in_one_script,
    dob_in_plausible_past,
    application_date_not_future,
    carrier_known,
    aor_method_listed,
    application_method_listed,
)
FILE_CHECKS: tuple[Check, ...] = (not_repeated_in_file, open_claim_linked)
COMMENT_CHECKS: tuple[Check, ...] = (text_within_length, names_in_one_script)


def row_check(row: NormalisedRow, context: CheckContext) -> list[Issue]:
    """Every issue of the row, normalisation's first; the row is changed in place too."""
    if row.kind == "report_comment":
        checks: tuple[Check, ...] = COMMENT_CHECKS
    else:
        checks = ROW_CHECKS
    for check in checks:
        row.issues.extend(check(row, context))
    if row.kind == "consumer" and not has_errors(row.issues):
        for check in FILE_CHECKS:
            row.issues.extend(check(row, context))
    return row.issues
