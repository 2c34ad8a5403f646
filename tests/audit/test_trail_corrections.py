"""Who received a consumer's data, across corrections: a corrected version that removed the
consumer did not carry them (the corrections are real: incidents void and rebuild)."""

import pytest

from aordesk.audit.selectors import consumer_trail
from aordesk.core.audit import Actor
from aordesk.core.models import AuditEvent
from aordesk.cycle.models import BrokerReport
from aordesk.incidents.models import PrivacyIncident
from aordesk.incidents.services import incident_open
from tests.accounts.factories import UserFactory
from tests.incidents.factories import october_report

pytestmark = pytest.mark.django_db
STAFF = Actor.cli()


def _correct(report: BrokerReport, enrollment) -> BrokerReport:
    incident = incident_open(
        report=report,
        enrollment_ids=[enrollment.pk],
        reported_by=None,
        source=PrivacyIncident.Source.STAFF,
        note="",
        actor=STAFF,
    )
    assert incident.corrected_report is not None
    return incident.corrected_report


def _carried(household) -> list[tuple[str, int, str]]:
    trail = consumer_trail(household=household)
    return sorted((d.kind, d.version, d.recipient) for d in trail.documents)


def _versions(broker, agency, *versions: int) -> list[tuple[str, int, str]]:
    return sorted(
        (kind, version, recipient)
        for version in versions
        for kind, recipient in (
            ("AOR report", f"NPN {broker.npn}"),
            ("Broker statement", f"NPN {broker.npn}"),
            ("Agency statement", f"Agency {agency.code}"),
        )
    )


def test_the_trail_lists_only_the_versions_whose_rows_held_the_household_across_corrections():
    reported = october_report(consumers=3, with_agency=True)
    broker, agency = reported.broker, reported.broker.agency
    kept, second, first = reported.enrollments
    v2 = _correct(reported.report, first)  # v2 no longer lists `first`
    _correct(v2, second)  # v3 no longer lists `second`
    assert _carried(first.household) == _versions(broker, agency, 1)
    assert _carried(second.household) == _versions(broker, agency, 1, 2)
    assert _carried(kept.household) == _versions(broker, agency, 1, 2, 3)


def test_each_version_in_the_trail_names_its_downloads():
    reported = october_report(consumers=2)
    removed = reported.enrollments[1]
    v2 = _correct(reported.report, removed)
    user = UserFactory()
    for report in (reported.report, v2):
        AuditEvent.objects.create(
            actor=user,
            actor_label=f"user:{user.pk}",
            action="attachment.download",
            object_type="artifact",
            object_id=str(report.artifact_id),
            source=AuditEvent.Source.WEB,
        )
    documents = consumer_trail(household=removed.household).documents
    reports = [d for d in documents if d.kind == "AOR report"]
    assert [(d.version, len(d.downloads), d.posted_at is not None) for d in reports] == [
        (1, 1, True)
    ]
