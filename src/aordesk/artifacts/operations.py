"""Operator work on kept files: re-sealing under the newest key, and readable copies.

Both walk the artifacts in primary-key batches and touch one file at a time, so a run
stopped anywhere is simply run again."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone

from aordesk.artifacts.keys import keyring
from aordesk.artifacts.models import Artifact
from aordesk.artifacts.sealed import MAGIC, SealError, key_id_of
from aordesk.artifacts.storage import (
    CHUNK,
    absolute,
    ensure_private_dir,
    open_sealed,
    open_stored,
    seal_to,
)
from aordesk.core.audit import Actor, Outcome, audit_record

BATCH = 500
OUTBOX = "outbox"
_MONTH = re.compile(r"(?:^|/)(\d{4}-\d{2})(?:/|$)")


@dataclass
class RekeyResult:
    rekeyed: int = 0
    already_newest: int = 0
    refused: list[int] = field(default_factory=list)  # artifact ids that failed to open
    missing: int = 0
    remaining_by_key: Counter[str] = field(default_factory=Counter)

    @property
    def remaining(self) -> int:
        return sum(self.remaining_by_key.values())


def key_of(path: Path) -> str:
    """The id of the key a file is sealed under; "unsealed" for a file kept before."""
    with path.open("rb") as handle:
        if handle.read(len(MAGIC)) != MAGIC:
            return "unsealed"
        handle.seek(0)
        return key_id_of(handle)


def _reseal(path: Path, *, sha256: str | None) -> None:
    """Write the plaintext again under the newest key (temporary name, then rename: a
    crash leaves the old sealed file whole), checking it is the one recorded."""
    source = open_sealed(path, sha256=sha256)
    written = seal_to(path, lambda out: _pump(source, out))
    if sha256 is not None and written.sha256 != sha256:
        raise SealError("the plaintext is not the one recorded")


def _pump(source: BinaryIO, out: BinaryIO) -> None:
    with source:
        while block := source.read(CHUNK):
            out.write(block)


def artifacts_rekey(*, actor: Actor, limit: int | None = None) -> RekeyResult:
    """Re-seal up to `limit` files not under the newest key; count what is left."""
    newest = keyring().newest[0]
    result = RekeyResult()
    for path, sha256, artifact_id in _kept_files():
        if not path.exists():
            result.missing += 1
            continue
        key = key_of(path)
        if key == newest:
            result.already_newest += 1
            continue
        if limit is not None and result.rekeyed >= limit:
            result.remaining_by_key[key] += 1
            continue
        try:
            _reseal(path, sha256=sha256)
        except SealError:
            result.refused.append(artifact_id or 0)
            result.remaining_by_key[key] += 1
            continue
        result.rekeyed += 1
    audit_record(
        actor=actor,
        action="artifacts.rekey",
        object_type="key_ring",
        object_id=newest,
        outcome=Outcome.SUCCESS if not result.refused else Outcome.FAILURE,
        detail={
            "rekeyed": result.rekeyed,
            "remaining": result.remaining,
            "refused": len(result.refused),
        },
    )
    return result


def _kept_files() -> Iterator[tuple[Path, str | None, int | None]]:
    """(path, recorded SHA-256 or None, artifact id or None) of every file kept: the
    artifacts in pk batches, then the outbox's .eml files."""
    last = 0
    while True:
        batch = list(
            Artifact.objects.filter(pk__gt=last, destroyed_at__isnull=True)
            .order_by("pk")
            .values_list("pk", "relative_path", "sha256")[:BATCH]
        )
        if not batch:
            break
        for pk, relative_path, sha256 in batch:
            yield absolute(relative_path), sha256, pk
        last = batch[-1][0]
    outbox = Path(settings.EMAIL_FILE_PATH)
    if outbox.is_dir():
        for path in sorted(outbox.glob("*.eml")):
            yield path, None, None


@dataclass
class ExportResult:
    written: list[str] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)


def artifact_month(artifact: Artifact) -> str:
    """The month a file is of: the YYYY-MM folder of its path, else the month it was made."""
    found = _MONTH.search(artifact.relative_path)
    if found:
        return found.group(1)
    return f"{timezone.localtime(artifact.created_at):%Y-%m}"


def artifacts_export(
    *, target: Path, actor: Actor, kind: str | None = None, month: dt.date | None = None
) -> ExportResult:
    """Readable copies under their recorded names, in their folders, for an operator
    (0600/0700). Each copy is audited; an altered file is refused and reported."""
    result = ExportResult()
    if kind == OUTBOX:
        return _export_outbox(target, actor)
    wanted = Artifact.objects.filter(destroyed_at__isnull=True).order_by("pk")
    if kind:
        wanted = wanted.filter(kind=kind)
    for artifact in wanted.iterator(chunk_size=BATCH):
        if month is not None and artifact_month(artifact) != f"{month:%Y-%m}":
            continue
        folder = target / Path(artifact.relative_path).parent
        destination = folder / Path(artifact.filename).name
        try:
            _export_one(artifact, folder, destination)
        except SealError:
            result.refused.append(artifact.pk)
            _export_audit(artifact, actor, Outcome.FAILURE)
            continue
        result.written.append(str(destination))
        _export_audit(artifact, actor, Outcome.SUCCESS)
    return result


def _export_one(artifact: Artifact, folder: Path, destination: Path) -> None:
    ensure_private_dir(folder)
    temp = destination.with_name(destination.name + ".partial")
    digest = hashlib.sha256()
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with (
            os.fdopen(fd, "wb") as out,
            open_stored(artifact.relative_path, sha256=artifact.sha256) as source,
        ):
            while block := source.read(CHUNK):
                digest.update(block)
                out.write(block)
        if digest.hexdigest() != artifact.sha256:
            raise SealError("the plaintext is not the one recorded")
        temp.replace(destination)
    finally:
        temp.unlink(missing_ok=True)


def _export_audit(artifact: Artifact, actor: Actor, outcome: str) -> None:
    audit_record(
        actor=actor,
        action="artifact.export",
        object_type="artifact",
        object_id=artifact.pk,
        outcome=outcome,
        detail={"kind": artifact.kind, "sha256": artifact.sha256},
    )


def _export_outbox(target: Path, actor: Actor) -> ExportResult:
    """The demo outbox's sealed .eml files, readable (they carry a notice and a link)."""
    result = ExportResult()
    outbox = Path(settings.EMAIL_FILE_PATH)
    folder = target / OUTBOX
    ensure_private_dir(folder)
    for path in sorted(outbox.glob("*.eml")) if outbox.is_dir() else []:
        destination = folder / path.name
        fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            _pump(open_sealed(path, sha256=None), out)
        result.written.append(str(destination))
    audit_record(
        actor=actor,
        action="outbox.export",
        object_type="outbox",
        object_id="",
        detail={"files": len(result.written)},
    )
    return result
