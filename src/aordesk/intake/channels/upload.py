"""Receiving a file uploaded through the portal (a broker's own upload, or staff recording
a file that came by another secure channel)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile

from aordesk.artifacts.storage import scratch_path
from aordesk.brokers.models import Broker
from aordesk.core.audit import Actor
from aordesk.intake.services import IntakeResult, submission_receive


def submission_receive_upload(
    *,
    broker: Broker,
    upload: UploadedFile,
    channel: str,
    actor: Actor,
    received_at: dt.datetime | None = None,
) -> IntakeResult:
    """Spool the upload to an anonymous in-memory file (never plaintext on disk) and
    receive it from there; submission_receive keeps its own sealed copy."""
    with scratch_path() as path:
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        return submission_receive(
            broker=broker,
            path=path,
            original_name=upload.name or "unnamed",
            channel=channel,
            actor=actor,
            received_at=received_at,
        )
