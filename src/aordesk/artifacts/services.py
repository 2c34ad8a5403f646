from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.storage import absolute, file_sha256, store_file
from aordesk.core.audit import Actor, audit_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"


@transaction.atomic
def artifact_create(
    *,
    kind: str,
    relative_path: str,
    filename: str,
    content_type: str,
    write: Callable[[Path], None],
    actor: Actor,
) -> Artifact:
    """Write the file atomically and record it. Rerunning for the same path after a crash
    replaces a file that was written but never recorded."""
    stored = store_file(relative_path, write)
    artifact = Artifact.objects.create(
        kind=kind,
        relative_path=stored.relative_path,
        filename=filename,
        content_type=content_type,
        size=stored.size,
        sha256=stored.sha256,
    )
    audit_record(
        actor=actor,
        action="artifact.create",
        object_type="artifact",
        object_id=artifact.pk,
        detail={"kind": kind, "size": stored.size},
    )
    return artifact


def artifact_verify(*, artifact: Artifact) -> bool:
    """True when the file on disk is the one recorded."""
    path = absolute(artifact.relative_path)
    if not path.exists():
        return False
    digest, size = file_sha256(path)
    return digest == artifact.sha256 and size == artifact.size
