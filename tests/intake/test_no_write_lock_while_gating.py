"""The gate (which reads and inflates the whole file) runs before the write transaction."""

from __future__ import annotations

import pytest
from django.db import connection

from aordesk.core.audit import Actor
from aordesk.intake import services
from aordesk.intake.models import Submission
from tests.brokers.factories import BrokerFactory
from tests.intake.corpus.workbooks import consumer, xlsx_write


@pytest.mark.django_db(transaction=True)
def test_the_gate_judges_the_file_outside_any_transaction(tmp_path, monkeypatch):
    seen = []
    real = services.gate_check

    def watched(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "gate_check", watched)
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1)])
    result = services.submission_receive(
        broker=BrokerFactory(),
        path=path,
        original_name="mine.xlsx",
        channel=Submission.Channel.STAFF,
        actor=Actor.system("test"),
    )
    assert seen == [False]
    assert result.submission.pk is not None
