"""A consumer whose October 2026 AOR went to a broker: the report in two versions, both
posted, the second downloaded. Synthetic names only."""

import datetime as dt

from aordesk.core.models import AuditEvent
from aordesk.cycle.models import BrokerReport, DocumentStatus
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.intake.factories import ArtifactFactory
from tests.messaging.factories import AttachmentFactory, MessageFactory
from tests.review.factories import associated, consumer, enrolled, sent

OCTOBER = dt.date(2026, 10, 1)


def report(broker, month: dt.date, *, version: int = 1, **fields) -> BrokerReport:
    return BrokerReport.objects.create(
        broker=broker,
        month=month,
        version=version,
        artifact=ArtifactFactory(),
        rows=1,
        created_by="cli:test",
        **fields,
    )


def posted(document, broker) -> None:
    AttachmentFactory(message=MessageFactory(broker=broker), artifact=document.artifact)


def downloaded(document, user, *, remote_addr: str = "192.0.2.10") -> AuditEvent:
    return AuditEvent.objects.create(
        actor=user,
        actor_label=f"user:{user.pk}",
        action="attachment.download",
        object_type="artifact",
        object_id=str(document.artifact_id),
        source=AuditEvent.Source.WEB,
        remote_addr=remote_addr,
    )


def consumer_with_reports(*, last: str = "Quintanilla") -> dict:
    household = consumer(last=last)
    broker = BrokerFactory()
    carrier = CarrierFactory()
    enrollment = enrolled(household, carrier, year=2026)
    association = associated(household, broker, received_on=dt.date(2026, 9, 3))
    sent(association, enrollment, on=dt.date(2026, 10, 14))
    first = report(broker, OCTOBER, status=DocumentStatus.SUPERSEDED)
    second = report(broker, OCTOBER, version=2, supersedes=first)
    posted(first, broker)
    posted(second, broker)
    return {"household": household, "broker": broker, "reports": [first, second]}


def other_report(broker) -> BrokerReport:
    """A report of another month: it did not carry the consumer's October line."""
    return report(broker, dt.date(2026, 9, 1))
