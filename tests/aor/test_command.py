import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.aor.factories import pending_line
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory

D = dt.date
pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("aor", *args, stdout=out)
    return out.getvalue()


def test_send_with_json_prints_each_carriers_file_and_the_lines_not_sent():
    carrier = CarrierFactory(code="BCBS")
    pending_line(carrier=carrier)
    pending_line(carrier=carrier, enrollment_sent_on=None)
    decertified = BrokerFactory(certification_status="decertified", status_changed_on=D(2026, 9, 1))
    association, _ = pending_line(carrier=carrier, broker=decertified)
    data = json.loads(run("send", "--date", "2026-10-15", "--json"))
    assert (data["send_date"], data["files"], data["lines"], data["held"]) == (
        "2026-10-15",
        1,
        1,
        1,
    )
    [bcbs] = data["carriers"]
    assert bcbs["batch_id"] == "AOR-BCBS-20261015-1"
    assert bcbs["path"] == "carrier-files/BCBS/2026-10/AOR-BCBS-20261015-1.csv"
    assert [(s["association_reference"], s["reason"]) for s in bcbs["skipped"]] == [
        (association.reference, "broker_not_certified")
    ]


def test_send_prints_a_summary_without_consumer_names():
    association, _ = pending_line(carrier=CarrierFactory(code="BCBS"))
    text = run("send", "--date", "2026-10-15", "--final-for-month")
    assert "BCBS: AOR-BCBS-20261015-1: 1 line(s) (final for the month)" in text
    assert association.household.last_name not in text


def test_held_prints_counts_by_carrier_and_reason():
    pending_line(carrier=CarrierFactory(code="BCBS"), enrollment_sent_on=None)
    text = run("held", "--as-of", "2026-10-15")
    assert "Held as of 2026-10-15: 1 line(s)" in text
    assert "BCBS: 1 line(s), enrollment not yet sent to carrier BCBS, since 2026-10-05" in text
    data = json.loads(run("held", "--as-of", "2026-10-15", "--json"))
    assert data["groups"][0]["reason"] == "enrollment_not_sent"


def test_an_unknown_carrier_is_a_command_error():
    with pytest.raises(CommandError, match="No active carrier"):
        run("send", "--date", "2026-10-15", "--carrier", "NOPE")


def test_a_long_list_of_lines_not_sent_is_cut_in_the_text_output_but_counted(monkeypatch):
    monkeypatch.setattr("aordesk.aor.management.commands.aor.SHOWN_LINES", 1)
    broker = BrokerFactory(certification_status="suspended", status_changed_on=D(2026, 9, 1))
    carrier = CarrierFactory()
    pending_line(carrier=carrier, broker=broker)
    pending_line(carrier=carrier, broker=broker)
    text = run("send", "--date", "2026-10-15")
    assert "broker not certified on the send date: 2 line(s)" in text
    assert "... and 1 more (--json lists them all)" in text
