import datetime as dt

import factory

from aordesk.artifacts.models import Artifact
from aordesk.intake.models import Claim, QueueTicket, Submission, SubmissionRow
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory


class ArtifactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Artifact

    kind = Artifact.Kind.SUBMISSION
    relative_path = factory.Sequence(lambda n: f"submissions/test/{n:06d}.xlsx")
    filename = "returned.xlsx"
    content_type = "application/octet-stream"
    size = 1
    sha256 = factory.Sequence(lambda n: f"{n:064x}")


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    broker = factory.SubFactory(BrokerFactory)
    submitted_by_label = "cli:test"
    channel = Submission.Channel.STAFF
    received_at = dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)
    artifact = factory.SubFactory(ArtifactFactory)
    original_name = "returned.xlsx"
    sha256 = factory.SelfAttribute("artifact.sha256")
    kind = Submission.Kind.WORKBOOK
    verdict = Submission.Verdict.ACCEPTED
    queue_position = factory.LazyFunction(lambda: QueueTicket.objects.create().pk)


class SubmissionRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmissionRow

    submission = factory.SubFactory(SubmissionFactory)
    ordinal = factory.Sequence(lambda n: n + 1)
    sheet = "Add Consumers"
    row_number = factory.Sequence(lambda n: n + 2)
    kind = SubmissionRow.Kind.CONSUMER
    accepted = True


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    row = factory.SubFactory(SubmissionRowFactory)
    submission = factory.SelfAttribute("row.submission")
    broker = factory.SelfAttribute("submission.broker")
    first_name = "Testfirst1"
    last_name = "Testlast1"
    dob = dt.date(1980, 1, 2)
    application_date = dt.date(2026, 9, 15)
    carrier = factory.SubFactory(CarrierFactory)
