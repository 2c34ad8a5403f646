"""`aordesk intake FILE --broker NPN`: JSON out, exit 0 / 1 / 2."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aordesk.intake.models import Submission
from tests.brokers.factories import BrokerFactory
from tests.intake.corpus import hostile
from tests.intake.corpus.workbooks import consumer, xlsx_write

pytestmark = pytest.mark.django_db


def run(capsys, *args):
    code = 0
    try:
        call_command("intake", *args)
    except SystemExit as exit_:
        code = exit_.code
    return code, capsys.readouterr().out


def test_an_accepted_file_prints_json_and_exits_0(tmp_path, capsys, blue_plus):
    broker = BrokerFactory()
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1), consumer(2, carrier="Acme")])

    code, out = run(
        capsys, str(path), "--broker", broker.npn, "--json", "--received-at", "2026-11-02T09:00:00"
    )

    data = json.loads(out)
    assert code == 0
    assert (data["verdict"], data["rows_accepted"], data["rows_rejected"]) == (
        "partly_accepted",
        1,
        1,
    )
    assert data["queue_position"] == Submission.objects.get().queue_position
    assert data["issues"][0]["code"] == "CARRIER_UNKNOWN"
    assert {"code", "sheet", "row", "column", "message"} <= set(data["issues"][0])


def test_the_same_file_again_exits_1(tmp_path, capsys, blue_plus):
    broker = BrokerFactory()
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1)])
    run(capsys, str(path), "--broker", broker.npn)

    code, out = run(capsys, str(path), "--broker", broker.npn, "--json")

    assert code == 1 and json.loads(out)["verdict"] == "duplicate"


def test_a_rejected_file_exits_2(tmp_path, capsys, db):
    broker = BrokerFactory()
    path = hostile.legacy_xls(tmp_path / "old.xls")

    code, out = run(capsys, str(path), "--broker", broker.npn, "--json")

    assert code == 2 and json.loads(out)["issues"][0]["code"] == "GATE_LEGACY_XLS"


def test_the_received_time_is_read_as_minnesota_time_without_an_offset(tmp_path, capsys, blue_plus):
    broker = BrokerFactory()
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1)])

    run(capsys, str(path), "--broker", broker.npn, "--received-at", "2026-11-02T23:30:00")

    received = Submission.objects.get().received_at
    assert received.isoformat() == "2026-11-03T05:30:00+00:00"


def test_an_unknown_broker_is_a_clear_error(tmp_path, db):
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1)])

    with pytest.raises(CommandError, match="no broker with NPN 42"):
        call_command("intake", str(path), "--broker", "42")
