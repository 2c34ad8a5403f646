import pytest

from aordesk.core.audit import Actor
from aordesk.intake.models import Submission
from aordesk.intake.services import submission_receive
from aordesk.review.models import Proposal
from aordesk.review.tasks import claims_triage
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.intake.corpus.workbooks import consumer, xlsx_write
from tests.review.factories import claim_about

pytestmark = pytest.mark.django_db


def test_intake_enqueues_triage_once_it_has_queued_claims(
    tmp_path, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    CarrierFactory(code="BLUEPLUS", display_name="Blue Plus", legal_name="HMO Minnesota")
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1)])
    with django_capture_on_commit_callbacks(execute=True):
        submission_receive(
            broker=BrokerFactory(),
            path=path,
            original_name=path.name,
            channel=Submission.Channel.STAFF,
            actor=Actor.system("test"),
        )
    assert DBTaskResult.objects.filter(task_path__endswith="claims_triage").count() == 1


def test_the_triage_task_proposes_for_new_claims():
    claim = claim_about(broker=BrokerFactory(), carrier=CarrierFactory())
    counts = claims_triage.call()
    assert counts["triaged"] == 1
    assert Proposal.objects.get().claim == claim
