import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aordesk.aor.models import AorAssociation
from aordesk.brokers.models import BrokerCertificationChange, BrokerEmailChange
from aordesk.core.models import AuditEvent
from aordesk.cycle.models import BrokerReport
from aordesk.incidents.models import PrivacyIncident
from aordesk.messaging.models import MessageRead
from tests.accounts.factories import BrokerUserFactory
from tests.aor.factories import AorAssociationFactory, pending_line
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.intake.factories import ArtifactFactory, ClaimFactory, SubmissionFactory
from tests.messaging.factories import MessageFactory, NotificationFactory
from tests.review.factories import report

pytestmark = pytest.mark.django_db


def page_of(client, broker):
    return client.get(reverse("directory:broker", args=[broker.pk]))


def version_two(first):
    return BrokerReport.objects.create(
        broker=first.broker, month=first.month, version=2, artifact=ArtifactFactory(),
        rows=1, created_by="cli:test", supersedes=first,
    )  # fmt: skip


def full_history(broker, n=1):
    """n of everything a broker page shows."""
    for i in range(n):
        BrokerCertificationChange.objects.create(
            broker=broker, status="suspended", effective_on=dt.date(2024, 1, 1 + i), recorded_by="t"
        )
        BrokerEmailChange.objects.create(
            broker=broker,
            old_email=f"old{i}@x.example",
            new_email="n@x.example",
            changed_by_label="t",
        )
        AorAssociationFactory(broker=broker, method=AorAssociation.Method.PAPER)
        pending_line(broker=broker, received_on=dt.date(2024, 3, 5), enrollment_sent_on=None)
        first = report(broker, dt.date(2025, 1 + i, 1), status="superseded")
        version_two(first)
        message = MessageFactory(broker=broker, subject=f"Report {i}")
        NotificationFactory(message=message, status="sent", sent_at=timezone.now())
        ClaimFactory(broker=broker, submission=SubmissionFactory(broker=broker))
        PrivacyIncident.objects.create(
            key=f"k{broker.pk}-{i}", source="staff", reported_by_label="t", broker=broker,
            report=first, discovered_at=timezone.now(), people_affected=2,
        )  # fmt: skip


def test_a_broker_page_shows_every_section(staff_client):
    broker = BrokerFactory(first_name="Zoë", agency=AgencyFactory(code="NSB"))
    full_history(broker)
    reader = BrokerUserFactory(broker=broker)
    MessageRead.objects.create(message=broker.messages.get(), user=reader)
    body = page_of(staff_client, broker).content.decode()
    assert "Zoë" in body and "NSB" in body and broker.npn in body
    assert "old0@x.example" in body and "01/01/2024" in body
    assert "Paper/PDF form" in body and "Active" in body
    assert "Enrollment not yet sent to carrier" in body and "03/05/2024" in body
    assert "January 2025" in body and "v2" in body and "Superseded by a later version" in body
    assert "Report 0" in body and "Sent" in body and "Not read" not in body
    claim = broker.claims.get()
    assert reverse("review:case", args=[claim.pk]) in body and "Accepted" in body
    incident = PrivacyIncident.objects.get()
    assert reverse("incidents:detail", args=[incident.pk]) in body


def test_an_empty_broker_page_says_so_in_each_section(staff_client):
    body = page_of(staff_client, BrokerFactory()).content.decode()
    assert "No certification change is recorded." in body
    assert "No AOR line of this broker is held." in body
    assert "No message to or from this broker." in body
    assert "No privacy incident involves this broker." in body


def test_viewing_a_broker_page_is_audited_with_ids_only(staff_client):
    broker = BrokerFactory()
    page_of(staff_client, broker)
    event = AuditEvent.objects.get(action="broker.view")
    assert (event.object_type, event.object_id) == ("broker", str(broker.pk))
    assert event.actor == staff_client.user and event.detail == {}


def test_the_broker_page_costs_the_same_queries_for_a_short_or_long_history(staff_client):
    short, long = BrokerFactory(), BrokerFactory()
    full_history(short, n=1)
    full_history(long, n=5)
    with CaptureQueriesContext(connection) as one:
        page_of(staff_client, short)
    with CaptureQueriesContext(connection) as many:
        page_of(staff_client, long)
    assert len(many) == len(one)


def test_a_broker_sees_no_broker_page_and_the_attempt_is_audited(broker_client):
    broker = BrokerFactory()
    assert page_of(broker_client, broker).status_code == 404
    assert AuditEvent.objects.filter(outcome="denied", object_id="broker_directory").exists()


def test_an_unknown_broker_is_a_404(staff_client):
    response = staff_client.get(reverse("directory:broker", args=[999999]))
    assert response.status_code == 404


def test_staff_see_the_directory_in_the_navigation(staff_client):
    assert reverse("directory:search").encode() in staff_client.get(reverse("portal:inbox")).content
