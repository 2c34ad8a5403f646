import threading
from collections import Counter

import pytest
from django.db import connection

from aordesk.core.audit import Actor
from aordesk.review.determination_files import submission_determinations_send
from aordesk.review.models import Assignment, DeterminationFile
from aordesk.review.services import claim_take_next
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.intake.factories import SubmissionFactory
from tests.review.factories import TODAY, StaffFactory, claim_about, decide_next


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_twenty_reviewers_taking_at_once_never_get_the_same_claim():
    broker, carrier = BrokerFactory(), CarrierFactory()
    submissions = [SubmissionFactory(broker=broker) for _ in range(3)]
    claims = [
        claim_about(broker=broker, carrier=carrier, submission=submissions[n % 3])
        for n in range(45)
    ]
    reviewers = [StaffFactory() for _ in range(20)]
    taken: list[tuple[int, int]] = []
    errors: list[Exception] = []
    start = threading.Barrier(len(reviewers))

    def work(reviewer):
        try:
            start.wait()
            while claim := claim_take_next(reviewer=reviewer, actor=Actor.system("t"), today=TODAY):
                taken.append((claim.pk, reviewer.pk))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    given = Counter(pk for pk, _ in taken)
    assert sorted(given) == sorted(c.pk for c in claims)
    assert set(given.values()) == {1}
    assert Assignment.objects.count() == len(claims)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_workers_sending_a_determination_file_at_once_send_it_once():
    claim = claim_about(broker=BrokerFactory(), carrier=CarrierFactory())
    decide_next(StaffFactory())
    errors: list[Exception] = []
    start = threading.Barrier(4)

    def work():
        try:
            start.wait()
            submission_determinations_send(submission=claim.submission, actor=Actor.system("t"))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert DeterminationFile.objects.count() == 1
