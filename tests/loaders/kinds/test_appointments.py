import datetime as dt

import pytest

from aordesk.carriers.models import CarrierAppointment
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.loaders.files import counts, imported, problems

pytestmark = pytest.mark.django_db


def row(**overrides):
    base = {
        "npn": "1234567",
        "carrier_code": "UCARE",
        "appointed_from": "2026-01-01",
        "appointed_until": "",
    }
    return {**base, **overrides}


@pytest.fixture(autouse=True)
def reference_data():
    BrokerFactory(npn="1234567")
    CarrierFactory(code="UCARE")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_appointments_file_records_each_appointment(tmp_path, fmt):
    result = imported(
        "appointments",
        tmp_path,
        [row(), row(appointed_from="2025-01-01", appointed_until="2025-06-30")],
        fmt=fmt,
    )
    assert (counts(result), result.errors) == ((2, 0, 0), [])
    spans = CarrierAppointment.objects.order_by("appointed_from").values_list(
        "appointed_from", "appointed_until"
    )
    assert list(spans) == [(dt.date(2025, 1, 1), dt.date(2025, 6, 30)), (dt.date(2026, 1, 1), None)]


def test_loading_the_same_appointments_again_changes_nothing_and_an_end_date_updates(tmp_path):
    imported("appointments", tmp_path, [row()])
    assert counts(imported("appointments", tmp_path, [row()])) == (0, 0, 1)
    assert counts(imported("appointments", tmp_path, [row(appointed_until="2026-12-31")])) == (
        0,
        1,
        0,
    )


def test_an_unknown_broker_or_carrier_or_backwards_dates_are_refused(tmp_path):
    result = imported(
        "appointments",
        tmp_path,
        [
            row(npn="999"),
            row(carrier_code="NOPE"),
            row(appointed_from="2026-05-01", appointed_until="2026-04-30"),
        ],
    )
    assert sorted(problems(result)) == [(2, "npn"), (3, "carrier_code"), (4, "appointed_until")]
    assert not CarrierAppointment.objects.exists()
