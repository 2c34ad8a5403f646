"""/healthz and /readyz: unauthenticated, JSON, figures only."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from aordesk.ops import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_reports_every_part_as_figures(client):
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "artifacts", "task_queue", "delivery"}
    assert body["checks"]["task_queue"] == {
        "ok": True,
        "ready": 0,
        "oldest_ready_age_seconds": None,
    }
    assert body["checks"]["delivery"]["last_success_at"] is None


def test_readyz_counts_ready_tasks_and_the_age_of_the_oldest(client):
    from django_tasks_db.models import DBTaskResult

    from aordesk.messaging.tasks import deliver_notifications

    deliver_notifications.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=5))
    queue = client.get("/readyz").json()["checks"]["task_queue"]
    assert queue["ready"] == 1 and 299 <= queue["oldest_ready_age_seconds"] <= 400


def test_readyz_is_unavailable_when_the_artifacts_location_cannot_be_written(
    client, settings, tmp_path
):
    blocker = tmp_path / "file"
    blocker.write_text("")
    settings.DATA_DIR = blocker / "data"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["artifacts"] == {"ok": False}


def test_readyz_says_only_booleans_counts_and_ages():
    def leaves(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield from ((key, leaf) for _, leaf in leaves(inner))
        else:
            yield None, value

    strings = [leaf for _, leaf in leaves(health.readiness()) if isinstance(leaf, str)]
    assert strings == ["ok"]
    assert "/" not in json.dumps(health.readiness())
