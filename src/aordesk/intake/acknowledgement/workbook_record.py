"""Writing and recording the acknowledgement workbook of a submission."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.services import XLSX, artifact_create
from aordesk.core.audit import Actor
from aordesk.core.dates import business_date
from aordesk.intake.acknowledgement.workbook import AckRow, ack_write
from aordesk.intake.issues import Issue
from aordesk.intake.models import Submission
from aordesk.intake.selectors import submission_rows_to_fix
from aordesk.workbooks.identity import WorkbookIdentity

TEMPLATE_VERSION = "intake-ack/1"


def acknowledgement_create(
    *, submission: Submission, file_issues: list[Issue], actor: Actor
) -> Artifact:
    """Called inside submission_receive's transaction; the artifact audits itself."""
    rows = (
        AckRow(
            sheet=row.sheet,
            number=row.row_number,
            raw=row.raw,
            issues=tuple(
                issue for issue in map(Issue.from_dict, row.issues) if issue.severity == "error"
            ),
        )
        for row in submission_rows_to_fix(submission=submission).iterator(chunk_size=2000)
    )
    identity = _identity(submission)
    key = str(settings.WORKBOOK_HMAC_KEY).encode()

    def write(path: Path) -> None:
        ack_write(path, file_issues=file_issues, rows=rows, identity=identity, key=key)

    return artifact_create(
        kind=Artifact.Kind.ACKNOWLEDGEMENT,
        relative_path=f"acknowledgements/{submission.broker.npn}/{uuid.uuid4().hex}.xlsx",
        filename=f"acknowledgement-{submission.pk}.xlsx",
        content_type=XLSX,
        write=write,
        actor=actor,
    )


def _identity(submission: Submission) -> WorkbookIdentity:
    broker = submission.broker
    month = business_date(submission.received_at).strftime("%Y-%m")
    return WorkbookIdentity(
        kind="acknowledgement",
        template_version=TEMPLATE_VERSION,
        document_id=f"submission-{submission.pk}",
        npn=broker.npn,
        agency_code=broker.agency.code if broker.agency else "",
        month=month,
        version=1,
    )
