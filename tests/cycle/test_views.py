import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from aordesk.core.models import AuditEvent
from aordesk.cycle.models import Cycle, CycleUnit
from aordesk.cycle.tasks import cycle_start_task
from aordesk.messaging.models import Notification
from tests.accounts.factories import BrokerUserFactory, UserFactory, with_totp
from tests.brokers.factories import BrokerFactory
from tests.cycle.factories import OCTOBER, close_month, sent_line
from tests.messaging.factories import NotificationFactory

pytestmark = pytest.mark.django_db
PAGE = reverse("cycle:operations") + "?month=2026-10"
START = reverse("cycle:start", args=["2026-10"])


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(client):
    user = UserFactory()
    with_totp(user)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def queued_starts() -> list[list]:
    rows = DBTaskResult.objects.filter(task_path__endswith="cycle_start_task")
    return [row.args_kwargs["args"] for row in rows]


def test_staff_see_the_gate_and_the_units_of_a_month(staff):
    sent_line(broker=BrokerFactory(), sent_on=OCTOBER.replace(day=3))
    close_month(OCTOBER)
    page = staff.get(PAGE).content.decode()
    assert "Month-close gate" in page and "sent 10/" in page
    assert "No cycle has been started for 2026-10." in page


def test_starting_a_closed_month_queues_a_task_and_builds_nothing_in_the_request(
    staff, django_capture_on_commit_callbacks
):
    sent_line(broker=BrokerFactory(), sent_on=OCTOBER.replace(day=3))
    close_month(OCTOBER)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(START, {"override_reason": ""})
    assert response.status_code == 302
    assert queued_starts() == [["2026-10", "", f"user:{response.wsgi_request.user.pk}"]]
    assert not Cycle.objects.exists()
    assert AuditEvent.objects.filter(action="cycle.start_request").count() == 1


def test_an_open_month_needs_a_reason_and_the_reason_is_kept(
    staff, django_capture_on_commit_callbacks
):
    sent_line(broker=BrokerFactory(), sent_on=OCTOBER.replace(day=3))  # no final file
    refused = staff.post(START, {"override_reason": ""})
    assert (
        refused.status_code == 400
        and "Still waiting for the final AOR file" in refused.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(START, {"override_reason": "Carrier confirmed by phone"})
    assert queued_starts()[0][1] == "Carrier confirmed by phone"
    event = AuditEvent.objects.get(action="cycle.start_request")
    assert event.detail["gate_overridden"] is True


def test_the_start_task_plans_the_units_and_queues_them_in_claim_batches():
    for _ in range(3):
        sent_line(broker=BrokerFactory(), sent_on=OCTOBER.replace(day=3))
    close_month(OCTOBER)
    result = cycle_start_task.call("2026-10", "", "user:1")
    assert result["queued"] == CycleUnit.objects.count() == 3
    assert result["tasks"] == 1
    queued = DBTaskResult.objects.get(task_path__endswith="cycle_units_task")
    assert sorted(queued.args_kwargs["args"][0]) == sorted(
        CycleUnit.objects.values_list("id", flat=True)
    )


def test_a_page_with_units_still_building_refreshes_itself(staff):
    sent_line(broker=BrokerFactory(), sent_on=OCTOBER.replace(day=3))
    close_month(OCTOBER)
    cycle_start_task.call("2026-10", "", "user:1")
    page = staff.get(PAGE).content.decode()
    assert 'http-equiv="refresh"' in page and "Resume the cycle" in page


def test_a_failed_notification_is_resent(staff, django_capture_on_commit_callbacks):
    failed = NotificationFactory(status=Notification.Status.FAILED_PERMANENT, last_error="550")
    assert f"Resend #{failed.pk}" in staff.get(PAGE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("cycle:notification_resend", args=[failed.pk]), {"month": "2026-10"})
    failed.refresh_from_db()
    assert failed.status == Notification.Status.PENDING
    assert AuditEvent.objects.filter(action="notification.requeue").count() == 1


def test_brokers_get_the_audited_not_found(client):
    user = BrokerUserFactory()
    with_totp(user)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get(PAGE).status_code == 404
    assert client.post(START, {}).status_code == 404
    assert AuditEvent.objects.filter(outcome="denied").count() == 2


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "26-10", "2026-1", "october"])
def test_a_malformed_month_in_the_start_url_answers_404_and_starts_nothing(staff, month):
    response = staff.post(reverse("cycle:start", args=[month]), {"override_reason": "x"})
    assert response.status_code == 404
    assert not queued_starts()
    assert not AuditEvent.objects.filter(action="cycle.start_request").exists()
