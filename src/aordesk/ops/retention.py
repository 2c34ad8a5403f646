"""The retention schedule applied: what is past it, and destroying it with a tombstone.

Each file is destroyed in its own transaction (tombstone, mark, audit), then unlinked
after commit; a run stopped between the two finds the marked file and unlinks it. The
bytes were sealed, so once the old keys are retired nothing of them can be read back."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from aordesk.artifacts.models import Artifact, ArtifactTombstone
from aordesk.artifacts.storage import absolute
from aordesk.core.audit import Actor, audit_record
from aordesk.core.models import AuditEvent

BATCH = 200


@dataclass
class PurgeResult:
    dry_run: bool
    files_by_kind: Counter[str] = field(default_factory=Counter)
    artifact_ids: list[int] = field(default_factory=list)
    audit_events: int = 0
    outbox_files: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "files_by_kind": dict(self.files_by_kind),
            "files": sum(self.files_by_kind.values()),
            "artifact_ids": self.artifact_ids,
            "audit_events": self.audit_events,
            "outbox_files": self.outbox_files,
        }


def rule(kind: str) -> dict[str, Any]:
    return settings.AORDESK_RETENTION[kind]


def _cutoff(kind: str, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=int(rule(kind)["days"]))


def artifacts_due(*, now: dt.datetime) -> list[int]:
    """Ids of kept files past their kind's period, oldest first."""
    due: list[int] = []
    for kind in Artifact.Kind.values:
        due += Artifact.objects.filter(
            kind=kind, destroyed_at__isnull=True, created_at__lt=_cutoff(kind, now)
        ).values_list("pk", flat=True)
    return sorted(due)


def recipients_of(artifact: Artifact) -> dict[str, list[str]]:
    """Who the file went to or came from, as codes: the brokers and agencies of the messages
    that carried it, the carrier of an AOR file, the broker who returned a submission."""
    npns, agencies, carriers, messages = set(), set(), set(), set()
    for attachment in artifact.attachments.select_related("message__broker", "message__agency"):
        messages.add(str(attachment.message_id))
        if attachment.message.broker is not None:
            npns.add(attachment.message.broker.npn)
        if attachment.message.agency is not None:
            agencies.add(attachment.message.agency.code)
    transmission = getattr(artifact, "aor_transmission", None)
    if transmission is not None:
        carriers.add(transmission.carrier.code)
    submission = getattr(artifact, "submission", None)
    if submission is not None:
        npns.add(submission.broker.npn)
    return {
        "broker_npns": sorted(npns),
        "agency_codes": sorted(agencies),
        "carrier_codes": sorted(carriers),
        "message_ids": sorted(messages, key=int),
    }


@transaction.atomic
def artifact_destroy(*, artifact_id: int, actor: Actor, now: dt.datetime) -> Artifact | None:
    artifact = Artifact.objects.select_for_update().filter(pk=artifact_id).first()
    if artifact is None or artifact.destroyed_at is not None:
        return None
    reason = f"retention {rule(artifact.kind)['days']} days: {rule(artifact.kind)['reason']}"
    ArtifactTombstone.objects.create(
        artifact=artifact,
        kind=artifact.kind,
        relative_path=artifact.relative_path,
        filename=artifact.filename,
        sha256=artifact.sha256,
        size=artifact.size,
        made_at=artifact.created_at,
        destroyed_at=now,
        reason=reason[:300],
        recipients=recipients_of(artifact),
        destroyed_by=actor.label[:150],
    )
    artifact.destroyed_at = now
    artifact.save(update_fields=["destroyed_at"])
    audit_record(
        actor=actor,
        action="artifact.destroy",
        object_type="artifact",
        object_id=artifact.pk,
        detail={"kind": artifact.kind, "sha256": artifact.sha256, "reason": "retention"},
    )
    path = absolute(artifact.relative_path)
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
    return artifact


def _unlink_leftovers() -> None:
    """Files marked destroyed whose unlink a crash prevented."""
    for relative_path in Artifact.objects.filter(destroyed_at__isnull=False).values_list(
        "relative_path", flat=True
    ):
        absolute(relative_path).unlink(missing_ok=True)


def retention_purge(
    *, actor: Actor, dry_run: bool, now: dt.datetime | None = None, limit: int | None = None
) -> PurgeResult:
    now = now or timezone.now()
    result = PurgeResult(dry_run=dry_run)
    due = artifacts_due(now=now)[:limit] if limit else artifacts_due(now=now)
    kinds = dict(Artifact.objects.filter(pk__in=due).values_list("pk", "kind"))
    for pk in due:
        result.files_by_kind[kinds[pk]] += 1
    result.artifact_ids = due
    old_events = AuditEvent.objects.filter(occurred_at__lt=_cutoff("audit_event", now))
    result.audit_events = old_events.count()
    old_eml = _outbox_due(now)
    result.outbox_files = len(old_eml)
    if dry_run:
        return result
    if not limit:
        _unlink_leftovers()
    for start in range(0, len(due), BATCH):
        for pk in due[start : start + BATCH]:
            artifact_destroy(artifact_id=pk, actor=actor, now=now)
    _events_purge(old_events)
    for path in old_eml:
        path.unlink(missing_ok=True)
    audit_record(
        actor=actor,
        action="retention.purge",
        object_type="retention",
        object_id="",
        detail=result.as_dict() | {"artifact_ids": len(due)},
    )
    return result


def _events_purge(old_events: Any) -> None:
    """Audit events past their own period, a batch at a time."""
    while True:
        batch = list(old_events.order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not batch:
            return
        AuditEvent.objects.filter(pk__in=batch).delete()


def _outbox_due(now: dt.datetime) -> list[Path]:
    outbox = Path(settings.EMAIL_FILE_PATH)
    if not outbox.is_dir():
        return []
    cutoff = _cutoff("outbox_eml", now).timestamp()
    return [path for path in sorted(outbox.glob("*.eml")) if path.stat().st_mtime < cutoff]
