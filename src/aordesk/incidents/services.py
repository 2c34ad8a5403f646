"""Writes of privacy incidents. `incident_open` records what went to whom and contains it
in one transaction: the old files are withdrawn from download, the wrong associations
voided, corrected versions built and sent with an instruction to delete the old files
(ADR 0010). Audit details carry ids and counts only, never a consumer's name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from aordesk.accounts.models import User
from aordesk.aor.services import aor_associations_void
from aordesk.artifacts.models import Artifact
from aordesk.brokers.models import Agency, Broker
from aordesk.core.audit import Actor, audit_record
from aordesk.core.dates import month_label
from aordesk.core.errors import ApplicationError
from aordesk.cycle.models import BrokerReport, DocumentStatus, Statement
from aordesk.cycle.services import broker_report_build, statement_build
from aordesk.incidents import rules, selectors
from aordesk.incidents.models import (
    IncidentConsumer,
    IncidentDisclosure,
    IncidentNote,
    PrivacyIncident,
)
from aordesk.messaging.models import Message
from aordesk.messaging.services import attachment_supersede, message_post

Kind = IncidentDisclosure.Kind
WITHDRAWN_REASON = (
    "Withdrawn: it listed a consumer who should not be on the list. A corrected version "
    "was sent in a new message; delete any copy of this file you downloaded."
)


@transaction.atomic
def incident_open(
    *,
    report: BrokerReport,
    enrollment_ids: Iterable[int],
    reported_by: User | None,
    source: str,
    note: str,
    actor: Actor,
) -> PrivacyIncident:
    """Record and contain a disclosure of the chosen consumers on this report version.
    The same report and consumers again (a retry, a double click) return the first
    incident; anything else on a report already corrected is refused."""
    ids = sorted(set(enrollment_ids))
    key = rules.incident_key(report_id=report.pk, enrollment_ids=ids)
    # The lock serialises two reports on one version; the second sees the first's key.
    report = BrokerReport.objects.select_for_update().select_related("broker").get(pk=report.pk)
    existing = PrivacyIncident.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if report.status != DocumentStatus.CURRENT:
        raise ApplicationError(
            "This report has been replaced by a corrected version: report from its message."
        )
    rows = _affected_rows(report=report, enrollment_ids=ids)
    incident = _incident_record(
        report=report,
        key=key,
        rows=rows,
        ids=ids,
        reported_by=reported_by,
        source=source,
        actor=actor,
    )
    _contain(incident=incident, rows=rows, actor=actor)
    if note.strip():
        _note_add(incident=incident, text=note, actor=actor)
    return incident


def _affected_rows(
    *, report: BrokerReport, enrollment_ids: Sequence[int]
) -> list[selectors.ReportRow]:
    """The chosen rows and every other row of the same associations: voiding an
    association takes all of its rows off the report, and all of them were disclosed."""
    rows = selectors.report_rows(report=report)
    chosen = [row for row in rows if row.enrollment_id in set(enrollment_ids)]
    if not enrollment_ids or len(chosen) != len(enrollment_ids):
        raise ApplicationError("Choose one or more consumers from this report's rows.")
    associations = {row.association_id for row in chosen}
    return [row for row in rows if row.association_id in associations]


def _incident_record(
    *,
    report: BrokerReport,
    key: str,
    rows: list[selectors.ReportRow],
    ids: Sequence[int],
    reported_by: User | None,
    source: str,
    actor: Actor,
) -> PrivacyIncident:
    broker = report.broker
    incident = PrivacyIncident.objects.create(
        key=key,
        source=PrivacyIncident.Source(source),
        reported_by=reported_by,
        reported_by_label=actor.label,
        broker=broker,
        agency_id=broker.agency_id,
        report=report,
        people_affected=len({row.household_id for row in rows}),
        discovered_at=timezone.now(),
    )
    IncidentConsumer.objects.bulk_create(
        IncidentConsumer(
            incident=incident,
            enrollment_id=row.enrollment_id,
            household_id=row.household_id,
            association_id=row.association_id,
            carrier_id=row.carrier_id,
            date_sent=row.date_sent,
            reported=row.enrollment_id in set(ids),
        )
        for row in rows
    )
    audit_record(
        actor=actor,
        action="privacy_incident.open",
        object_type="privacy_incident",
        object_id=incident.pk,
        detail={
            "source": source,
            "report_id": report.pk,
            "report_version": report.version,
            "broker_id": broker.pk,
            "enrollments": len(rows),
            "people": incident.people_affected,
        },
    )
    return incident


@dataclass(frozen=True)
class _Withdrawn:
    report: IncidentDisclosure
    statement: IncidentDisclosure | None
    agency_statement: IncidentDisclosure | None


def _contain(*, incident: PrivacyIncident, rows: list[selectors.ReportRow], actor: Actor) -> None:
    """Withdraw, void, rebuild, send: the incident is contained when this commits."""
    withdrawn = _withdraw_all(incident=incident, actor=actor)
    incident.associations_voided = aor_associations_void(
        association_ids=sorted({row.association_id for row in rows}),
        actor=actor,
        reason=f"privacy incident {incident.pk}",
    )
    _correct_broker(incident=incident, withdrawn=withdrawn, actor=actor)
    if withdrawn.agency_statement is not None:
        _correct_agency(incident=incident, disclosure=withdrawn.agency_statement, actor=actor)
    posted = [d.posted_at for d in incident.disclosures.all() if d.posted_at is not None]
    incident.disclosed_at = min(posted, default=None)
    incident.data_elements = rules.data_elements(with_statement=withdrawn.statement is not None)
    incident.transition_to(PrivacyIncident.Status.CONTAINED)
    incident.save()
    audit_record(
        actor=actor,
        action="privacy_incident.contain",
        object_type="privacy_incident",
        object_id=incident.pk,
        detail={
            "corrected_report_id": incident.corrected_report_id,
            "message_id": incident.correction_message_id,
            "associations_voided": incident.associations_voided,
            "files_withdrawn": incident.disclosures.count(),
        },
    )


def _withdraw_all(*, incident: PrivacyIncident, actor: Actor) -> _Withdrawn:
    """The report version, and the month's current statements that list the same rows:
    the broker's own and, for a broker of an agency, the agency's."""
    report, broker = incident.report, incident.broker
    current = Statement.objects.filter(month=report.month, status=DocumentStatus.CURRENT)
    mine = current.filter(kind=Statement.Kind.BROKER, broker=broker).first()
    agency = None
    if broker.agency_id is not None:
        agency = current.filter(kind=Statement.Kind.AGENCY, agency_id=broker.agency_id).first()
    return _Withdrawn(
        report=_withdraw(incident, Kind.AOR_REPORT, report.artifact, report.version, actor),
        statement=None
        if mine is None
        else _withdraw(incident, Kind.BROKER_STATEMENT, mine.artifact, mine.version, actor),
        agency_statement=None
        if agency is None
        else _withdraw(
            incident,
            Kind.AGENCY_STATEMENT,
            agency.artifact,
            agency.version,
            actor,
            agency=agency.agency,
        ),
    )


def _withdraw(
    incident: PrivacyIncident,
    kind: str,
    artifact: Artifact,
    version: int,
    actor: Actor,
    agency: Agency | None = None,
) -> IncidentDisclosure:
    """Record what the file was and who had it (before it goes), then withdraw it."""
    facts = selectors.file_facts(artifact=artifact)
    withdrawn = attachment_supersede(artifact=artifact, reason=WITHDRAWN_REASON, actor=actor)
    return IncidentDisclosure.objects.create(
        incident=incident,
        kind=kind,
        version=version,
        broker=None if agency else incident.broker,
        agency=agency,
        artifact=artifact,
        posted_at=facts.posted_at,
        downloads=facts.downloads,
        first_downloaded_at=facts.first_downloaded_at,
        attachments_withdrawn=withdrawn,
    )


def _correct_broker(*, incident: PrivacyIncident, withdrawn: _Withdrawn, actor: Actor) -> None:
    report, broker = incident.report, incident.broker
    why = f"privacy incident {incident.pk}"
    corrected = broker_report_build(broker=broker, month=report.month, actor=actor, reason=why)
    _replaced(withdrawn.report, corrected.artifact)
    artifacts = [corrected.artifact]
    if withdrawn.statement is not None:
        statement = statement_build(month=report.month, actor=actor, broker=broker)
        _replaced(withdrawn.statement, statement.artifact)
        artifacts.append(statement.artifact)
    label = month_label(report.month)
    old_files = [withdrawn.report.artifact.filename]
    if withdrawn.statement is not None:
        old_files.append(withdrawn.statement.artifact.filename)
    message = message_post(
        kind=Message.Kind.CORRECTED_REPORT,
        subject=rules.correction_subject(month_label=label),
        body=rules.correction_body(
            month_label=label,
            old_version=report.version,
            new_version=corrected.version,
            broker=f"{broker.full_name} (NPN {broker.npn})",
            people=incident.people_affected,
            filenames=old_files,
        ),
        actor=actor,
        broker=broker,
        artifacts=artifacts,
        in_reply_to=_message_carrying(report.artifact, broker=broker),
    )
    incident.corrected_report = corrected
    incident.correction_message, incident.recipient_told_at = message, message.created_at


def _correct_agency(
    *, incident: PrivacyIncident, disclosure: IncidentDisclosure, actor: Actor
) -> None:
    agency = disclosure.agency
    assert agency is not None
    month = incident.report.month
    statement = statement_build(month=month, actor=actor, agency=agency)
    _replaced(disclosure, statement.artifact)
    message_post(
        kind=Message.Kind.CORRECTED_STATEMENT,
        subject=rules.correction_subject(month_label=month_label(month), agency=True),
        body=rules.agency_correction_body(
            month_label=month_label(month),
            people=incident.people_affected,
            filenames=[disclosure.artifact.filename],
        ),
        actor=actor,
        agency=agency,
        artifacts=[statement.artifact],
        in_reply_to=_message_carrying(disclosure.artifact, agency=agency),
    )


def _replaced(disclosure: IncidentDisclosure, artifact: Artifact) -> None:
    disclosure.replacement = artifact
    disclosure.save(update_fields=["replacement"])


def _message_carrying(
    artifact: Artifact, *, broker: Broker | None = None, agency: Agency | None = None
) -> Message | None:
    found = Message.objects.filter(attachments__artifact=artifact)
    found = found.filter(broker=broker) if broker is not None else found.filter(agency=agency)
    return found.order_by("created_at", "id").first()


def _note_add(*, incident: PrivacyIncident, text: str, actor: Actor) -> IncidentNote:
    note = IncidentNote.objects.create(
        incident=incident, text=text.strip(), author=actor.user, author_label=actor.label
    )
    audit_record(
        actor=actor,
        action="privacy_incident.note",
        object_type="privacy_incident",
        object_id=incident.pk,
        detail={"note_id": note.pk},
    )
    return note


@transaction.atomic
def incident_update(
    *,
    incident: PrivacyIncident,
    note: str,
    actor: Actor,
    consumer_notice: str | None = None,
    consumer_notice_on: dt.date | None = None,
) -> PrivacyIncident:
    """Add a staff note and, optionally, record the consumer-notification decision."""
    incident = PrivacyIncident.objects.select_for_update().get(pk=incident.pk)
    if incident.status == PrivacyIncident.Status.CLOSED:
        raise ApplicationError("This incident is closed.")
    if not note.strip():
        raise ApplicationError("Write a note: what was learned, decided or done.")
    if consumer_notice is not None:
        _notice_set(incident, consumer_notice, consumer_notice_on)
        incident.save(update_fields=["consumer_notice", "consumer_notice_on"])
    _note_add(incident=incident, text=note, actor=actor)
    return incident


def _notice_set(incident: PrivacyIncident, notice: str, on: dt.date | None) -> None:
    notice = PrivacyIncident.ConsumerNotice(notice)
    if notice == PrivacyIncident.ConsumerNotice.NOTIFIED and on is None:
        raise ApplicationError("Give the date the consumers were notified.")
    incident.consumer_notice = notice
    incident.consumer_notice_on = on if notice == PrivacyIncident.ConsumerNotice.NOTIFIED else None


@transaction.atomic
def incident_close(
    *,
    incident: PrivacyIncident,
    note: str,
    actor: Actor,
    consumer_notice: str | None = None,
    consumer_notice_on: dt.date | None = None,
) -> PrivacyIncident:
    """Close a contained incident once the consumer-notification decision is recorded
    (before, or given here)."""
    incident = PrivacyIncident.objects.select_for_update().get(pk=incident.pk)
    if consumer_notice is not None:
        _notice_set(incident, consumer_notice, consumer_notice_on)
    if incident.consumer_notice == PrivacyIncident.ConsumerNotice.UNDECIDED:
        raise ApplicationError("Record whether consumers are to be notified before closing.")
    if not note.strip():
        raise ApplicationError("Write a closing note.")
    incident.transition_to(PrivacyIncident.Status.CLOSED)
    incident.closed_at, incident.closed_by_label = timezone.now(), actor.label
    incident.save()
    _note_add(incident=incident, text=note, actor=actor)
    audit_record(
        actor=actor,
        action="privacy_incident.close",
        object_type="privacy_incident",
        object_id=incident.pk,
        detail={"consumer_notice": incident.consumer_notice},
    )
    return incident
