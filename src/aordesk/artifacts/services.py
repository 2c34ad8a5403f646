from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from django.db import transaction

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.storage import (
    SealError,
    absolute,
    open_verified,
    store_file,
    store_stream,
    stored_sha256,
)
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
    write: Callable[[Path], object] | None = None,
    stream: Callable[[BinaryIO], object] | None = None,
    actor: Actor,
) -> Artifact:
    """Write the file atomically, sealed, and record it: `write(path)` for writers that
    need a path, `stream(handle)` for those that write to a binary file. Rerunning for the
    same path after a crash replaces a file that was written but never recorded."""
    if (write is None) == (stream is None):
        raise TypeError("give exactly one of write= and stream=")
    if stream is not None:
        stored = store_stream(relative_path, stream)
    else:
        assert write is not None
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
    """True when the file on disk opens under the key ring and is the one recorded."""
    if not absolute(artifact.relative_path).exists():
        return False
    try:
        digest, size = stored_sha256(artifact.relative_path, sha256=artifact.sha256)
    except SealError:
        return False
    return digest == artifact.sha256 and size == artifact.size


def artifact_open(*, artifact: Artifact) -> BinaryIO:
    """The artifact's plaintext for serving, proven whole and unaltered first
    (SealError otherwise: an altered file is refused, never served)."""
    return open_verified(artifact.relative_path, sha256=artifact.sha256, size=artifact.size)
