import hashlib

import pytest
from django.urls import reverse

from aordesk.core.models import AuditEvent
from aordesk.incidents.models import PrivacyIncident
from aordesk.messaging.models import Attachment, Message
from tests.accounts.factories import BrokerUserFactory, UserFactory, with_totp
from tests.incidents.factories import october_report

pytestmark = pytest.mark.django_db


def user_of(reported):
    user = BrokerUserFactory(broker=reported.broker)
    with_totp(user)
    return user


def staff_user():
    user = UserFactory()
    with_totp(user)
    return user


def choose(client, reported, *enrollments, confirm=True):
    data = {"enrollments": [e.pk for e in enrollments]}
    if confirm:
        data["confirm"] = "on"
    return client.post(reverse("incidents:not_on_my_list", args=[reported.report.pk]), data)


def test_a_broker_corrects_a_report_from_its_message_end_to_end(client_as):
    reported = october_report(consumers=2)
    client = client_as(user_of(reported))
    page = client.get(reverse("portal:message", args=[reported.message.pk]))
    action = reverse("incidents:not_on_my_list", args=[reported.report.pk])
    assert action.encode() in page.content
    rows = client.get(action)
    assert rows.status_code == 200 and b"Synthetic1" in rows.content
    response = choose(client, reported, reported.enrollments[1])
    incident = PrivacyIncident.objects.get()
    assert (incident.source, incident.reported_by.broker_id) == ("broker", reported.broker.pk)
    assert response.url == reverse("portal:message", args=[incident.correction_message_id])
    old = Attachment.objects.get(message=reported.message, artifact=reported.report.artifact)
    gone = client.get(reverse("portal:download", args=[old.pk]))
    assert gone.status_code == 410
    new = Attachment.objects.get(
        message=incident.correction_message, artifact=incident.corrected_report.artifact
    )
    download = client.get(reverse("portal:download", args=[new.pk]))
    body = b"".join(download.streaming_content)
    assert hashlib.sha256(body).hexdigest() == incident.corrected_report.artifact.sha256
    corrected_page = client.get(reverse("portal:message", args=[incident.correction_message_id]))
    assert b"delete" in corrected_page.content
    old_page = client.get(reverse("portal:message", args=[reported.message.pk]))
    assert action.encode() not in old_page.content


def test_another_broker_gets_the_audited_404_and_cannot_report(client_as):
    reported = october_report(consumers=1)
    stranger = user_of(october_report(consumers=1))
    client = client_as(stranger)
    action = reverse("incidents:not_on_my_list", args=[reported.report.pk])
    assert client.get(action).status_code == 404
    assert choose(client, reported, reported.enrollments[0]).status_code == 404
    assert not PrivacyIncident.objects.exists()
    denied = AuditEvent.objects.filter(action="broker_report.access", outcome="denied")
    assert denied.count() == 2 and denied.first().actor == stranger


def test_nothing_happens_without_the_confirmation(client_as):
    reported = october_report(consumers=1)
    response = choose(
        client_as(user_of(reported)), reported, reported.enrollments[0], confirm=False
    )
    assert response.status_code == 400 and b"Confirm to continue" in response.content
    assert not PrivacyIncident.objects.exists()


def test_a_double_submit_opens_one_incident(client_as):
    reported = october_report(consumers=2)
    client = client_as(user_of(reported))
    first = choose(client, reported, reported.enrollments[0])
    second = choose(client, reported, reported.enrollments[0])
    assert second.url == first.url
    assert PrivacyIncident.objects.count() == 1
    assert Message.objects.filter(kind=Message.Kind.CORRECTED_REPORT).count() == 1


def test_staff_record_an_incident_for_any_broker_and_close_it(client_as):
    reported = october_report(consumers=2)
    client = client_as(staff_user())
    found = client.post(
        reverse("incidents:record"), {"npn": reported.broker.npn, "month": "2026-10"}
    )
    assert found.url == reverse("incidents:not_on_my_list", args=[reported.report.pk])
    response = choose(client, reported, reported.enrollments[0])
    incident = PrivacyIncident.objects.get()
    assert incident.source == "staff"
    assert response.url == reverse("incidents:detail", args=[incident.pk])
    detail = client.get(response.url)
    assert b"Files withdrawn" in detail.content and b"1 association(s) voided" in detail.content
    closing = {
        "note": "Broker confirmed deletion",
        "consumer_notice": "not_required",
        "close": "on",
    }
    client.post(response.url, closing)
    incident.refresh_from_db()
    assert incident.status == "closed"


def test_the_staff_list_shows_open_incidents_first_and_is_staff_only(client_as):
    first, second = october_report(consumers=1), october_report(consumers=1)
    staff = staff_user()
    client = client_as(staff)
    for reported in (first, second):
        choose(client, reported, reported.enrollments[0])
    older = PrivacyIncident.objects.order_by("pk").first()
    client.post(
        reverse("incidents:detail", args=[older.pk]),
        {"note": "done", "consumer_notice": "not_required", "close": "on"},
    )
    listed = list(client.get(reverse("incidents:list")).context["incidents"])
    assert [i.status for i in listed] == ["contained", "closed"]
    broker_client = client_as(user_of(first))
    assert broker_client.get(reverse("incidents:list")).status_code == 404
    assert broker_client.get(reverse("incidents:detail", args=[older.pk])).status_code == 404


def test_the_not_on_my_list_page_is_never_cached_and_its_viewing_is_audited(client_as):
    reported = october_report(consumers=2)
    broker_user = user_of(reported)
    client = client_as(broker_user)
    response = client.get(reverse("incidents:not_on_my_list", args=[reported.report.pk]))
    assert response.status_code == 200 and b"Synthetic1" in response.content
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="broker_report.view")
    assert (event.actor, event.object_id) == (broker_user, str(reported.report.pk))


def test_the_staff_incident_page_is_never_cached_and_its_viewing_is_audited(client_as):
    reported = october_report(consumers=2)
    choose(client_as(user_of(reported)), reported, reported.enrollments[0])
    incident = PrivacyIncident.objects.get()
    staff = staff_user()
    response = client_as(staff).get(reverse("incidents:detail", args=[incident.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(
        action="privacy_incident.view", actor=staff, object_id=str(incident.pk)
    ).exists()
