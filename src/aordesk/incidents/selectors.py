"""Reads of privacy incidents: a report version's rows (what a broker may say should not
be there), the reports a user may act on, the facts of a disclosed file, the staff list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Min, QuerySet, Value, When

from aordesk.accounts.models import User
from aordesk.artifacts.models import Artifact
from aordesk.core.models import AuditEvent
from aordesk.cycle.models import BrokerReport, DocumentStatus
from aordesk.cycle.rules import month_window
from aordesk.cycle.selectors import REPORT_ORDER, lines_in_window
from aordesk.incidents.models import PrivacyIncident
from aordesk.messaging.models import Attachment, Message
from aordesk.messaging.selectors import brokers_actable_by


@dataclass(frozen=True)
class ReportRow:
    """One consumer row of a broker's report, with the keys an incident records."""

    enrollment_id: int
    household_id: int
    association_id: int
    carrier_id: int
    carrier_name: str
    date_sent: dt.date
    last_name: str
    first_name: str
    date_of_birth: dt.date


ROW_FIELDS = (
    "enrollment_id",
    "enrollment__household_id",
    "association_id",
    "transmission__carrier_id",
    "transmission__carrier__display_name",
    "transmission__sent_on",
    "enrollment__household__last_name",
    "enrollment__household__first_name",
    "enrollment__household__date_of_birth",
)


def report_rows(*, report: BrokerReport) -> list[ReportRow]:
    """The report's rows as the report selection reads them (one per enrollment, the first
    line kept, as the report does); a voided association is no longer among them."""
    lines = lines_in_window(month_window(report.month)).filter(
        association__broker_id=report.broker_id
    )
    rows: dict[int, ReportRow] = {}
    for values in lines.order_by(*REPORT_ORDER).values_list(*ROW_FIELDS):
        rows.setdefault(values[0], ReportRow(*values))
    return list(rows.values())


def reports_actable_by(user: User) -> QuerySet[BrokerReport]:
    """Reports of the brokers the user acts for (staff: every broker)."""
    return BrokerReport.objects.filter(broker__in=brokers_actable_by(user)).select_related(
        "broker", "artifact"
    )


def current_report_of_message(*, message: Message) -> BrokerReport | None:
    """The current report version a message carries, if any (a withdrawn or superseded
    version offers no action: its correction message does)."""
    return BrokerReport.objects.filter(
        artifact__attachments__message=message,
        artifact__attachments__status=Attachment.Status.AVAILABLE,
        status=DocumentStatus.CURRENT,
    ).first()


def current_report_for(*, broker_npn: str, month: dt.date) -> BrokerReport | None:
    return BrokerReport.objects.filter(
        broker__npn=broker_npn, month=month, status=DocumentStatus.CURRENT
    ).first()


@dataclass(frozen=True)
class FileFacts:
    posted_at: dt.datetime | None
    downloads: int
    first_downloaded_at: dt.datetime | None


def file_facts(*, artifact: Artifact) -> FileFacts:
    """When the file was first posted, and how often it was downloaded (from the audit
    log: every portal download is audited)."""
    posted = Attachment.objects.filter(artifact=artifact).aggregate(at=Min("message__created_at"))
    downloads = AuditEvent.objects.filter(
        action="attachment.download", object_type="artifact", object_id=str(artifact.pk)
    )
    first = downloads.aggregate(at=Min("occurred_at"))
    return FileFacts(posted["at"], downloads.count(), first["at"])


def incidents_for_staff() -> QuerySet[PrivacyIncident]:
    """Open and contained incidents first (oldest first: they wait longest), then closed."""
    closed_last = Case(
        When(status=PrivacyIncident.Status.CLOSED, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        PrivacyIncident.objects.select_related("broker", "report")
        .annotate(closed_last=closed_last)
        .order_by("closed_last", "created_at", "id")
    )


def incident_for_staff(*, pk: int) -> PrivacyIncident | None:
    return (
        PrivacyIncident.objects.select_related(
            "broker", "agency", "report", "corrected_report", "correction_message"
        )
        .prefetch_related(
            "consumers__household",
            "consumers__enrollment",
            "consumers__carrier",
            "disclosures__artifact",
            "disclosures__replacement",
            "notes",
        )
        .filter(pk=pk)
        .first()
    )


def incident_of_report(*, report: BrokerReport) -> PrivacyIncident | None:
    return PrivacyIncident.objects.filter(report=report).first()
