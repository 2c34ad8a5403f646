"""The rows are read and checked before the write transaction opens, on both the
upload path and the portal reply path: on SQLite that transaction locks out every other
writer for as long as it lasts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from aordesk.core.audit import Actor
from aordesk.intake import services
from aordesk.intake.channels.reply import replies_take
from aordesk.intake.models import Claim, Submission
from aordesk.messaging.replies import message_reply
from tests.accounts.factories import BrokerUserFactory
from tests.brokers.factories import BrokerFactory
from tests.intake.corpus.workbooks import consumer, xlsx_write
from tests.messaging.factories import MessageFactory


@pytest.fixture
def watched(monkeypatch):
    """Whether a transaction was open at each step of reading: gate, plan, every row."""
    seen: dict[str, list[bool]] = {"gate": [], "plan": [], "rows": [], "checks": []}

    def watch(name, step):
        real = getattr(services, name)

        def wrapper(*args, **kwargs):
            seen[step].append(connection.in_atomic_block)
            return real(*args, **kwargs)

        monkeypatch.setattr(services, name, wrapper)

    watch("gate_check", "gate")
    watch("read_plan", "plan")
    watch("row_normalise", "rows")
    watch("row_check", "checks")
    return seen


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_file_is_read_and_checked_outside_any_transaction(tmp_path, blue_plus, watched):
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1), consumer(2), consumer(3)])

    result = services.submission_receive(
        broker=BrokerFactory(),
        path=path,
        original_name="mine.xlsx",
        channel=Submission.Channel.STAFF,
        actor=Actor.system("test"),
    )

    assert watched == {
        "gate": [False],
        "plan": [False],
        "rows": [False] * 3,
        "checks": [False] * 3,
    }
    assert (result.verdict, result.rows_accepted) == ("accepted", 3)
    assert Claim.objects.filter(submission=result.submission).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_replied_file_is_read_and_checked_outside_any_transaction(tmp_path, blue_plus, watched):
    # The reply is stored and waits (the task backend queues; it does not run here).
    user = BrokerUserFactory()
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1), consumer(2)])
    reply = message_reply(
        message=MessageFactory(broker=user.broker),
        body="Two of mine.",
        upload=SimpleUploadedFile("mine.xlsx", path.read_bytes()),
        actor=Actor.web(user),
    )

    taken = replies_take(actor=Actor.system("test"))

    assert taken.submissions == 1
    assert watched == {
        "gate": [False],
        "plan": [False],
        "rows": [False] * 2,
        "checks": [False] * 2,
    }
    submission = Submission.objects.get(reply=reply)
    assert (submission.verdict, submission.rows_accepted) == ("accepted", 2)
