import datetime as dt

import pytest

from aordesk.brokers.models import Broker, BrokerCertificationChange, BrokerEmailChange
from tests.brokers.factories import AgencyFactory
from tests.loaders.factories import broker_row
from tests.loaders.files import counts, imported, problems

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_brokers_file_creates_brokers_in_their_agency(tmp_path, fmt):
    agency = AgencyFactory(code="AGX")
    rows = [broker_row(1, agency_code="AGX"), broker_row(2)]
    result = imported("brokers", tmp_path, rows, fmt=fmt)
    assert (counts(result), result.errors) == ((2, 0, 0), [])
    first = Broker.objects.get(npn="7000001")
    assert (first.agency, first.status_changed_on) == (agency, dt.date(2021, 3, 1))
    assert Broker.objects.get(npn="7000002").agency is None


def test_an_agency_code_not_in_aordesk_is_refused(tmp_path):
    result = imported("brokers", tmp_path, [broker_row(1, agency_code="NOPE")])
    assert problems(result) == [(2, "agency_code")]
    assert result.errors[0].message == "no agency with this code in aordesk"


def test_an_npn_with_letters_gets_a_plain_message(tmp_path):
    result = imported("brokers", tmp_path, [broker_row(1, npn="NPN123")])
    assert problems(result) == [(2, "npn")]
    assert "1 to 10 digits" in result.errors[0].message


def test_an_email_change_through_import_is_recorded_with_the_operator(tmp_path):
    imported("brokers", tmp_path, [broker_row(1)])
    result = imported("brokers", tmp_path, [broker_row(1, email="new1@broker.example")])
    assert counts(result) == (0, 1, 0)
    change = BrokerEmailChange.objects.get()
    assert (change.old_email, change.new_email) == (
        "loadbroker1@broker.example",
        "new1@broker.example",
    )
    assert change.changed_by_label.startswith("cli:")


def test_a_certification_change_through_import_is_recorded(tmp_path):
    imported("brokers", tmp_path, [broker_row(1)])
    suspended = broker_row(1, certification_status="suspended", status_changed_on="2026-04-01")
    imported("brokers", tmp_path, [suspended])
    change = BrokerCertificationChange.objects.get()
    assert (change.status, change.effective_on) == ("suspended", dt.date(2026, 4, 1))
    assert not BrokerEmailChange.objects.exists()


def test_reimporting_the_same_brokers_records_no_history(tmp_path):
    rows = [broker_row(1), broker_row(2)]
    imported("brokers", tmp_path, rows)
    assert counts(imported("brokers", tmp_path, rows)) == (0, 0, 2)
    assert not BrokerEmailChange.objects.exists()
    assert not BrokerCertificationChange.objects.exists()


def test_a_status_date_before_certification_is_refused(tmp_path):
    row = broker_row(1, certification_status="decertified", status_changed_on="2020-01-01")
    assert problems(imported("brokers", tmp_path, [row])) == [(2, "status_changed_on")]
