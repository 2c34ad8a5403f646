import pytest

from aordesk.aor.models import AorAssociation
from aordesk.core.audit import Actor
from aordesk.core.errors import ApplicationError, TransitionError
from aordesk.core.models import AuditEvent
from aordesk.cycle.models import BrokerReport, Statement
from aordesk.incidents.models import IncidentConsumer, PrivacyIncident
from aordesk.incidents.selectors import report_rows
from aordesk.incidents.services import incident_close, incident_open, incident_update
from aordesk.messaging.models import Attachment, Message
from tests.cycle.factories import sent_line
from tests.incidents.factories import october_report

pytestmark = pytest.mark.django_db

STAFF = Actor.cli()


def report_one(reported, *enrollments, note=""):
    return incident_open(
        report=reported.report,
        enrollment_ids=[e.pk for e in enrollments],
        reported_by=None,
        source=PrivacyIncident.Source.STAFF,
        note=note,
        actor=STAFF,
    )


def test_a_correction_withdraws_the_old_report_voids_the_association_and_sends_a_new_version():
    reported = october_report(consumers=3)
    wrong = reported.enrollments[1]
    incident = report_one(reported, wrong)
    old = reported.report
    old.refresh_from_db()
    corrected = incident.corrected_report
    assert incident.status == PrivacyIncident.Status.CONTAINED
    assert (old.status, corrected.version, corrected.status) == ("superseded", 2, "current")
    assert corrected.rows == 2 and corrected.supersedes_id == old.pk
    old_files = Attachment.objects.filter(artifact=old.artifact)
    assert {a.status for a in old_files} == {Attachment.Status.SUPERSEDED}
    association = AorAssociation.objects.get(household=wrong.household)
    assert (association.status, association.end_reason) == ("voided", "correction")
    assert wrong.pk not in {row.enrollment_id for row in report_rows(report=corrected)}
    message = incident.correction_message
    assert (message.kind, message.broker_id, message.in_reply_to_id) == (
        Message.Kind.CORRECTED_REPORT,
        reported.broker.pk,
        reported.message.pk,
    )
    new_files = {a.artifact_id: a.status for a in message.attachments.all()}
    assert new_files[corrected.artifact_id] == Attachment.Status.AVAILABLE
    broker = reported.broker
    assert f"The AOR report of {broker.full_name} (NPN {broker.npn}) for October" in message.body


def test_the_statement_that_lists_the_same_rows_is_withdrawn_and_replaced_too():
    reported = october_report(consumers=2)
    old_statement = Statement.objects.get(broker=reported.broker, status="current")
    incident = report_one(reported, reported.enrollments[0])
    old_statement.refresh_from_db()
    new_statement = Statement.objects.get(broker=reported.broker, status="current")
    assert (old_statement.status, new_statement.version, new_statement.rows) == ("superseded", 2, 1)
    assert not Attachment.objects.filter(artifact=old_statement.artifact, status="available")
    kinds = sorted(incident.disclosures.values_list("kind", flat=True))
    assert kinds == ["aor_report", "broker_statement"]
    assert "Program determination" in incident.data_elements


def test_the_agency_statement_is_withdrawn_and_the_agency_told_separately():
    reported = october_report(consumers=2, with_agency=True)
    agency = reported.broker.agency
    old = Statement.objects.get(agency=agency, status="current")
    incident = report_one(reported, reported.enrollments[0])
    assert not Attachment.objects.filter(artifact=old.artifact, status="available")
    told = Message.objects.get(agency=agency, kind=Message.Kind.CORRECTED_STATEMENT)
    assert told.get_kind_display() == "Corrected AOR statement"
    assert told.subject == "Corrected AOR statement for October 2026"
    disclosure = incident.disclosures.get(kind="agency_statement")
    assert (disclosure.agency_id, disclosure.replacement_id) == (
        agency.pk,
        told.attachments.get().artifact_id,
    )


def test_the_incident_records_the_facts_a_breach_investigation_needs():
    reported = october_report(consumers=3)
    incident = report_one(reported, reported.enrollments[0], reported.enrollments[2], note="Seen")
    assert (incident.broker, incident.report, incident.people_affected) == (
        reported.broker,
        reported.report,
        2,
    )
    assert incident.disclosed_at == reported.message.created_at
    assert incident.discovered_at >= incident.disclosed_at
    assert incident.recipient_told_at == incident.correction_message.created_at
    assert incident.associations_voided == 2
    assert incident.data_elements[:2] == ["Enrollee name", "Enrollee date of birth"]
    consumers = IncidentConsumer.objects.filter(incident=incident).order_by("date_sent")
    assert [c.enrollment_id for c in consumers] == [
        reported.enrollments[0].pk,
        reported.enrollments[2].pk,
    ]
    assert consumers[0].date_sent.month == 10 and consumers[0].reported
    assert list(incident.notes.values_list("text", flat=True)) == ["Seen"]


def test_other_rows_of_a_voided_association_are_affected_and_recorded_too():
    reported = october_report(consumers=1)
    first = reported.enrollments[0]
    association = AorAssociation.objects.get(household=first.household)
    dental = sent_line(
        broker=reported.broker,
        sent_on=first.aor_transmission_lines.get().transmission.sent_on,
        association=association,
        program="dental",
    ).enrollment
    incident = report_one(reported, first)
    recorded = dict(incident.consumers.values_list("enrollment_id", "reported"))
    assert recorded == {first.pk: True, dental.pk: False}
    assert incident.people_affected == 1


def test_a_retry_with_the_same_consumers_returns_the_same_incident():
    reported = october_report(consumers=2)
    first = report_one(reported, reported.enrollments[0])
    again = report_one(reported, reported.enrollments[0])
    assert again.pk == first.pk
    assert PrivacyIncident.objects.count() == 1
    assert BrokerReport.objects.filter(broker=reported.broker).count() == 2
    assert Message.objects.filter(kind=Message.Kind.CORRECTED_REPORT).count() == 1


def test_another_consumer_on_a_report_already_corrected_is_refused():
    reported = october_report(consumers=2)
    report_one(reported, reported.enrollments[0])
    with pytest.raises(ApplicationError, match="replaced by a corrected version"):
        report_one(reported, reported.enrollments[1])


def test_a_consumer_not_on_the_report_is_refused_and_nothing_changes():
    reported = october_report(consumers=1)
    stranger = october_report(consumers=1).enrollments[0]
    with pytest.raises(ApplicationError, match="from this report's rows"):
        report_one(reported, stranger)
    assert not PrivacyIncident.objects.exists()
    assert not AorAssociation.objects.filter(status="voided").exists()
    assert not Attachment.objects.filter(status="superseded").exists()


def test_a_failing_rebuild_rolls_everything_back(monkeypatch):
    reported = october_report(consumers=2)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("aordesk.incidents.services.broker_report_build", broken)
    with pytest.raises(RuntimeError):
        report_one(reported, reported.enrollments[0])
    assert not PrivacyIncident.objects.exists()
    assert not AorAssociation.objects.filter(status="voided").exists()
    assert not Attachment.objects.filter(status="superseded").exists()


def test_no_consumer_name_reaches_the_audit_log_or_the_correction_message():
    reported = october_report(consumers=2)
    incident = report_one(reported, reported.enrollments[0])
    message = incident.correction_message
    details = " ".join(str(e.detail) for e in AuditEvent.objects.all())
    for text in (message.subject, message.body, details):
        assert "Synthetic" not in text
    assert "a consumer who should not be on your list" in message.body
    assert "delete" in message.body


def test_closing_needs_a_notification_decision_and_a_closed_incident_takes_no_notes():
    reported = october_report(consumers=1)
    incident = report_one(reported, reported.enrollments[0])
    with pytest.raises(ApplicationError, match="notified before closing"):
        incident_close(incident=incident, note="done", actor=STAFF)
    with pytest.raises(ApplicationError, match="date"):
        incident_update(incident=incident, note="n", actor=STAFF, consumer_notice="notified")
    incident_update(incident=incident, note="Low risk", actor=STAFF, consumer_notice="not_required")
    closed = incident_close(incident=incident, note="Broker confirmed deletion", actor=STAFF)
    assert closed.status == "closed" and closed.closed_by_label == STAFF.label
    with pytest.raises(ApplicationError, match="closed"):
        incident_update(incident=closed, note="late", actor=STAFF)
    with pytest.raises(TransitionError):
        incident_close(incident=closed, note="again", actor=STAFF)
    assert AuditEvent.objects.filter(action="privacy_incident.note").count() == 2
