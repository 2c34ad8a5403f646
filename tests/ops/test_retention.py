"""`aordesk retention purge`: what is past the schedule goes, a tombstone stays."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from aordesk.artifacts.models import Artifact, ArtifactTombstone
from aordesk.artifacts.storage import absolute
from aordesk.core.models import AuditEvent
from tests.messaging.factories import make_artifact

pytestmark = pytest.mark.django_db


def purge(*args: str) -> dict:
    out = io.StringIO()
    call_command("retention", "purge", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def aged(artifact: Artifact, days: int) -> Artifact:
    Artifact.objects.filter(pk=artifact.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days)
    )
    return Artifact.objects.get(pk=artifact.pk)


def test_a_dry_run_lists_what_is_past_the_schedule_and_changes_nothing():
    old = aged(make_artifact(), 3700)
    aged(make_artifact(), 100)
    events = AuditEvent.objects.count()
    result = purge("--dry-run")
    assert result["artifact_ids"] == [old.pk] and result["dry_run"] is True
    assert absolute(old.relative_path).exists()
    assert not ArtifactTombstone.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_purge_destroys_the_file_and_leaves_a_tombstone_naming_who_received_it(
    django_capture_on_commit_callbacks,
):
    from tests.messaging.factories import AttachmentFactory

    attachment = AttachmentFactory()
    artifact = aged(attachment.artifact, 4000)
    with django_capture_on_commit_callbacks(execute=True):
        result = purge()
    assert result["files"] == 1
    artifact.refresh_from_db()
    assert artifact.destroyed_at is not None
    assert not absolute(artifact.relative_path).exists()
    tombstone = ArtifactTombstone.objects.get(artifact=artifact)
    assert tombstone.sha256 == artifact.sha256 and "45 CFR 155.1210" in tombstone.reason
    assert tombstone.recipients["broker_npns"] == [attachment.message.broker.npn]
    assert tombstone.recipients["message_ids"] == [str(attachment.message_id)]
    assert AuditEvent.objects.filter(action="artifact.destroy", object_id=artifact.pk).exists()
    assert purge()["files"] == 0  # nothing twice


def test_audit_events_are_kept_for_their_own_period(settings):
    settings.AORDESK_RETENTION = settings.AORDESK_RETENTION | {
        "audit_event": {"days": 10, "reason": "test"}
    }
    make_artifact()
    AuditEvent.objects.update(occurred_at=timezone.now() - dt.timedelta(days=11))
    assert purge()["audit_events"] >= 1
    assert AuditEvent.objects.filter(action="retention.purge").count() == 1
