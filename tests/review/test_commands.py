import json

import pytest
from django.core.management import call_command

from aordesk.core.audit import Actor
from aordesk.review.services import claim_triage
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.intake.factories import SubmissionFactory
from tests.review.factories import TODAY, claim_about, consumer, enrolled

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_claims_list_prints_each_claim_in_queue_order_with_codes_and_staff_reason():
    broker, carrier = BrokerFactory(), CarrierFactory()
    enrolled(consumer(), carrier)
    submission = SubmissionFactory(broker=broker)
    first = claim_about(
        broker=broker, carrier=carrier, submission=submission, row__ordinal=1, row__row_number=2
    )
    second = claim_about(
        broker=broker,
        carrier=carrier,
        submission=submission,
        row__ordinal=2,
        row__row_number=3,
        first="Odalys",
    )
    claim_triage(claim=first, actor=Actor.system("test"), today=TODAY)
    rows = json.loads(_run("claims", "list", "--submission", str(submission.pk), "--json"))
    # "row" is the spreadsheet row (the header is row 1), as the acknowledgement and the
    # case page say it; "ordinal" is the claim's place in the queue's order.
    assert [(r["claim"], r["queue_position"], r["row"], r["status"]) for r in rows] == [
        (first.pk, submission.queue_position, 2, "new"),
        (second.pk, submission.queue_position, 3, "new"),
    ]
    assert [(r["sheet"], r["ordinal"]) for r in rows] == [
        (first.row.sheet, 1),
        (second.row.sheet, 2),
    ]
    assert rows[0]["broker_code"] == "NO_ASSOCIATION"
    assert rows[0]["internal_code"] == "ENROLLED_NO_ASSOCIATION"
    assert rows[0]["internal_reason"].startswith(
        "ENROLLED_NO_ASSOCIATION (broker sees NO_ASSOCIATION)"
    )
    assert (rows[1]["broker_code"], rows[1]["internal_reason"]) == (None, "")


def test_claims_list_filters_by_status():
    broker, carrier = BrokerFactory(), CarrierFactory()
    claim_about(broker=broker, carrier=carrier)
    decided = claim_about(broker=broker, carrier=carrier, status="decided")
    rows = json.loads(_run("claims", "list", "--status", "decided", "--json"))
    assert [r["claim"] for r in rows] == [decided.pk]


def test_triage_command_triages_up_to_the_limit_and_reports_counts():
    broker, carrier = BrokerFactory(), CarrierFactory()
    for _ in range(3):
        claim_about(broker=broker, carrier=carrier)
    counts = json.loads(_run("triage", "--limit", "2", "--json"))
    assert counts["triaged"] == 2
    assert "Triaged 1 claim(s)" in _run("triage")
