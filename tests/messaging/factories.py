import factory
from django.utils import timezone

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.services import XLSX, artifact_create
from aordesk.core.audit import Actor
from aordesk.messaging.models import Attachment, Message, Notification
from tests.brokers.factories import BrokerFactory

WORKBOOK_BYTES = b"PK\x03\x04 synthetic workbook bytes for tests " * 20


def make_artifact(
    *, content: bytes = WORKBOOK_BYTES, filename: str = "aor-report-2026-10.xlsx"
) -> Artifact:
    make_artifact.counter += 1  # type: ignore[attr-defined]
    return artifact_create(
        kind=Artifact.Kind.AOR_REPORT,
        relative_path=f"reports/test-{make_artifact.counter}-{filename}",  # type: ignore[attr-defined]
        filename=filename,
        content_type=XLSX,
        write=lambda path: path.write_bytes(content),
        actor=Actor.system("tests"),
    )


make_artifact.counter = 0  # type: ignore[attr-defined]


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    broker = factory.SubFactory(BrokerFactory)
    agency = None
    kind = Message.Kind.AOR_REPORT
    subject = "AOR report for October 2026"
    body = "Your AOR report for October 2026 is attached."
    direction = Message.Direction.OUTBOUND


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    message = factory.SubFactory(MessageFactory)
    artifact = factory.LazyFunction(make_artifact)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    message = factory.SubFactory(MessageFactory)
    idempotency_key = factory.Sequence(lambda n: f"test-notification-{n}")
    next_attempt_at = factory.LazyFunction(timezone.now)
