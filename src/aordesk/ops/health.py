"""What /readyz reports: each part the app needs, as figures that name no one.

The database is django-health-check's own check; the artifacts location, the task
queue and delivery are ours. Nothing here reveals data: counts, ages in seconds, booleans."""

from __future__ import annotations

import os
import uuid
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from health_check.checks import Database

from aordesk.artifacts.storage import data_dir, ensure_private_dir
from aordesk.messaging.models import Notification

READY = "READY"


def database_check() -> dict[str, Any]:
    try:
        Database().run()
    except Exception:  # the check's message may name a host; the probe says only "down"
        return {"ok": False}
    return {"ok": True}


def cache_check() -> dict[str, Any]:
    """A private key set and read back (synchronously: django-health-check's own cache
    check is a coroutine, and a database cache must not be reached from an event loop)."""
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=5)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception:
        return {"ok": False}
    return {"ok": ok}


def artifacts_check() -> dict[str, Any]:
    """The artifacts location takes a write (a private probe file, removed at once)."""
    folder = data_dir() / "tmp"
    probe = folder / f"readyz-{uuid.uuid4().hex}"
    try:
        ensure_private_dir(folder)
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, b"ok")
        os.fsync(fd)
        os.close(fd)
        probe.unlink()
    except OSError:
        return {"ok": False}
    return {"ok": True}


def queue_check() -> dict[str, Any]:
    """Tasks ready to run now and how long the oldest has waited (a stuck worker pool
    shows as a growing age, not as an error)."""
    now = timezone.now()
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return {
        "ok": True,
        "ready": ready.count(),
        "oldest_ready_age_seconds": None if oldest is None else int((now - oldest).total_seconds()),
    }


def delivery_check() -> dict[str, Any]:
    last = (
        Notification.objects.filter(status=Notification.Status.SENT, sent_at__isnull=False)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    return {
        "ok": True,
        "last_success_at": None if last is None else last.isoformat(),
        "last_success_age_seconds": (
            None if last is None else int((timezone.now() - last).total_seconds())
        ),
        "failed_needs_staff": Notification.objects.filter(
            status=Notification.Status.FAILED_PERMANENT
        ).count(),
    }


def readiness() -> dict[str, Any]:
    checks: dict[str, Any] = {
        "database": database_check(),
        "cache": cache_check(),
        "artifacts": artifacts_check(),
    }
    if checks["database"]["ok"]:
        checks["task_queue"] = queue_check()
        checks["delivery"] = delivery_check()
    ok = all(part["ok"] for part in checks.values())
    return {"status": "ok" if ok else "unavailable", "checks": checks}
