"""Reads of audit search: which documents carried a consumer's data, to whom, and who
downloaded them; and what one actor did between two business dates. Each answer is a few
indexed queries, whatever the size of the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from aordesk.aor.models import AorAssociation, AorTransmissionLine
from aordesk.audit.rules import business_range, report_month_of
from aordesk.core.dates import business_date
from aordesk.core.models import AuditEvent
from aordesk.cycle.models import BrokerReport, Statement
from aordesk.households.models import Household
from aordesk.incidents.models import IncidentConsumer
from aordesk.messaging.models import Attachment
from aordesk.review.models import Decision, DeterminationFile

DOWNLOAD = "attachment.download"
PAGE_SIZE = 50
# The household's own events (searches of its trail, case pages): the latest are enough.
VIEWS_SHOWN = 200


def households_matching(
    *, case_number: str = "", last_name: str = "", date_of_birth: dt.date | None = None
) -> list[Household]:
    """By case number, or by last name and date of birth (the DOB index narrows first)."""
    if case_number:
        return list(Household.objects.filter(case_number=case_number.strip()))
    if not last_name or date_of_birth is None:
        return []
    found = Household.objects.filter(date_of_birth=date_of_birth, last_name__iexact=last_name)
    return list(found.order_by("case_number")[:50])


@dataclass
class TrailDocument:
    """One version of a document that carried the consumer's data, and its downloads."""

    kind: str
    version: int
    recipient: str
    status: str
    artifact_id: int
    built_at: dt.datetime
    month: dt.date | None = None
    posted_at: dt.datetime | None = None
    downloads: list[AuditEvent] = field(default_factory=list)


@dataclass(frozen=True)
class ConsumerTrail:
    household: Household
    documents: list[TrailDocument]
    incident_ids: list[int]
    views: list[AuditEvent]


@dataclass(frozen=True)
class _Line:
    broker_id: int
    agency_id: int | None
    month: dt.date
    # A voided association was corrected: versions built after the void no longer carry it.
    # The void's own moment (its audit event) decides, not a date: a correction is built
    # the same day, seconds after the void, and an ended association voided later keeps
    # its earlier end date.
    voided_at: dt.datetime | None
    # A voided association with no void event (loaded as voided): its end date decides.
    voided_on: dt.date | None


VOID_ACTION = "aor_association.void"


def consumer_trail(*, household: Household) -> ConsumerTrail:
    lines = _lines_of(household)
    documents = _reports(lines) + _statements(lines) + _determination_files(household)
    _add_postings(documents)
    _add_downloads(documents)
    documents.sort(key=lambda d: (d.built_at, d.artifact_id))
    incident_ids = (
        IncidentConsumer.objects.filter(household=household)
        .values_list("incident_id", flat=True)
        .distinct()
        .order_by("incident_id")
    )
    views = AuditEvent.objects.filter(object_type="household", object_id=str(household.pk))
    return ConsumerTrail(
        household=household,
        documents=documents,
        incident_ids=list(incident_ids),
        views=list(views.select_related("actor").order_by("-occurred_at", "-id")[:VIEWS_SHOWN]),
    )


def _lines_of(household: Household) -> list[_Line]:
    rows = list(
        AorTransmissionLine.objects.filter(enrollment__household=household).values_list(
            "association_id",
            "association__broker_id",
            "association__broker__agency_id",
            "enrollment__coverage_year",
            "transmission__sent_on",
            "association__status",
            "association__ended_on",
        )
    )
    voided = {row[0] for row in rows if row[5] == AorAssociation.Status.VOIDED}
    voids = _void_moments(voided)
    found = set()
    for association_id, broker_id, agency_id, year, sent_on, status, ended_on in rows:
        month = report_month_of(coverage_year=year, sent_on=sent_on)
        if month is None:
            continue
        is_void = status == AorAssociation.Status.VOIDED
        moment = voids.get(association_id) if is_void else None
        on = ended_on if is_void and moment is None else None
        found.add(_Line(broker_id, agency_id, month, moment, on))
    return sorted(found, key=lambda line: (line.month, line.broker_id))


def _void_moments(association_ids: set[int]) -> dict[int, dt.datetime]:
    """When each association was voided: its first void event."""
    events = AuditEvent.objects.filter(
        action=VOID_ACTION,
        object_type="aor_association",
        object_id__in=[str(pk) for pk in association_ids],
    ).values_list("object_id", "occurred_at")
    moments: dict[int, dt.datetime] = {}
    for object_id, occurred_at in events:
        pk = int(object_id)
        if pk not in moments or occurred_at < moments[pk]:
            moments[pk] = occurred_at
    return moments


def _carried(line: _Line, built_at: dt.datetime) -> bool:
    if line.voided_at is not None:
        return built_at < line.voided_at
    return line.voided_on is None or business_date(built_at) <= line.voided_on


def _reports(lines: list[_Line]) -> list[TrailDocument]:
    if not lines:
        return []
    wanted = Q()
    for line in lines:
        wanted |= Q(broker_id=line.broker_id, month=line.month)
    documents = []
    for report in BrokerReport.objects.filter(wanted).select_related("broker"):
        mine = [ln for ln in lines if (ln.broker_id, ln.month) == (report.broker_id, report.month)]
        if any(_carried(line, report.created_at) for line in mine):
            documents.append(_document("AOR report", report, f"NPN {report.broker.npn}"))
    return documents


def _statements(lines: list[_Line]) -> list[TrailDocument]:
    if not lines:
        return []
    wanted = Q()
    for line in lines:
        wanted |= Q(kind="broker", broker_id=line.broker_id, month=line.month)
        if line.agency_id is not None:
            wanted |= Q(kind="agency", agency_id=line.agency_id, month=line.month)
    documents = []
    for statement in Statement.objects.filter(wanted).select_related("broker", "agency"):
        if statement.broker is not None:
            recipient = f"NPN {statement.broker.npn}"
            mine = [ln for ln in lines if ln.broker_id == statement.broker_id]
        else:
            recipient = f"Agency {statement.agency.code}" if statement.agency else "Agency"
            mine = [ln for ln in lines if ln.agency_id == statement.agency_id]
        mine = [ln for ln in mine if ln.month == statement.month]
        if any(_carried(line, statement.created_at) for line in mine):
            documents.append(_document(statement.get_kind_display(), statement, recipient))
    return documents


def _document(kind: str, doc: BrokerReport | Statement, recipient: str) -> TrailDocument:
    return TrailDocument(
        kind=kind,
        version=doc.version,
        recipient=recipient,
        status=doc.get_status_display(),
        artifact_id=doc.artifact_id,
        built_at=doc.created_at,
        month=doc.month,
    )


def _determination_files(household: Household) -> list[TrailDocument]:
    """Files answering claims matched to the household (the claim's proposal names it)."""
    decisions = dict(
        Decision.objects.filter(claim__proposal__household=household).values_list(
            "id", "claim__submission_id"
        )
    )
    if not decisions:
        return []
    files = DeterminationFile.objects.filter(
        submission_id__in=set(decisions.values())
    ).select_related("submission__broker")
    return [
        TrailDocument(
            kind="Determination file",
            version=file.version,
            recipient=f"NPN {file.submission.broker.npn}",
            status="Sent",
            artifact_id=file.artifact_id,
            built_at=file.created_at,
        )
        for file in files
        if decisions.keys() & set(file.decision_ids)
    ]


def _add_postings(documents: list[TrailDocument]) -> None:
    by_artifact = {d.artifact_id: d for d in documents}
    posted = Attachment.objects.filter(artifact_id__in=list(by_artifact)).values_list(
        "artifact_id", "message__created_at"
    )
    for artifact_id, created_at in posted:
        document = by_artifact[artifact_id]
        if document.posted_at is None or created_at < document.posted_at:
            document.posted_at = created_at


def _add_downloads(documents: list[TrailDocument]) -> None:
    by_artifact = {str(d.artifact_id): d for d in documents}
    events = AuditEvent.objects.filter(
        object_type="artifact", object_id__in=list(by_artifact), action=DOWNLOAD
    )
    for event in events.select_related("actor").order_by("occurred_at", "id"):
        by_artifact[event.object_id].downloads.append(event)


@dataclass(frozen=True)
class ActivityPage:
    events: list[AuditEvent]
    # The cursor of the next (older) page: "<occurred_at ISO>_<id>", None on the last page.
    next_cursor: str | None


def actor_activity(
    *,
    actor_label: str,
    first: dt.date,
    last: dt.date,
    cursor: str | None = None,
    per_page: int = PAGE_SIZE,
) -> ActivityPage:
    """The actor's events on business dates first..last, newest first, a keyset page at a
    time (never OFFSET: a deep page costs what the first does)."""
    start, end = business_range(first, last)
    events = AuditEvent.objects.filter(
        actor_label=actor_label, occurred_at__gte=start, occurred_at__lt=end
    )
    events = _after_cursor(events, cursor)
    page = list(events.select_related("actor").order_by("-occurred_at", "-id")[: per_page + 1])
    more = len(page) > per_page
    page = page[:per_page]
    next_cursor = f"{page[-1].occurred_at.isoformat()}_{page[-1].pk}" if more else None
    return ActivityPage(events=page, next_cursor=next_cursor)


def _after_cursor(events: QuerySet[AuditEvent], cursor: str | None) -> QuerySet[AuditEvent]:
    if not cursor:
        return events
    try:
        moment_text, pk_text = cursor.rsplit("_", 1)
        moment, pk = dt.datetime.fromisoformat(moment_text), int(pk_text)
    except ValueError:
        raise ValueError("not a page cursor") from None
    if moment.tzinfo is None:
        raise ValueError("not a page cursor")
    older = Q(occurred_at__lt=moment) | Q(occurred_at=moment, pk__lt=pk)
    return events.filter(older, occurred_at__lte=moment)


def actor_label_for(who: str) -> str:
    """The audit label of a user named by username or email ("user:<id>"); anything else
    is taken as a label already (cli:ops, system:cycle, task:build)."""
    from aordesk.accounts.models import User

    who = who.strip()
    user = User.objects.filter(Q(username__iexact=who) | Q(email__iexact=who)).first()
    return f"user:{user.pk}" if user is not None else who
