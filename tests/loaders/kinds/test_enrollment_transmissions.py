import datetime as dt

import pytest

from aordesk.households.models import EnrollmentTransmission
from tests.households.factories import EnrollmentFactory
from tests.loaders.factories import enrollment_transmission_row
from tests.loaders.files import counts, imported, problems

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_enrollment_transmissions_file_records_each_send(tmp_path, fmt):
    EnrollmentFactory(enrollment_id="EL0000001")
    rows = [
        enrollment_transmission_row(1),
        enrollment_transmission_row(1, batch_id="ENR-L-0002", sent_on=dt.date(2026, 2, 2)),
    ]
    result = imported("enrollment-transmissions", tmp_path, rows, fmt=fmt)
    assert (counts(result), result.errors) == ((2, 0, 0), [])
    assert EnrollmentTransmission.objects.filter(enrollment__enrollment_id="EL0000001").count() == 2


def test_a_new_send_date_for_the_same_batch_updates_it(tmp_path):
    EnrollmentFactory(enrollment_id="EL0000001")
    imported("enrollment-transmissions", tmp_path, [enrollment_transmission_row(1)])
    again = [enrollment_transmission_row(1)]
    assert counts(imported("enrollment-transmissions", tmp_path, again)) == (0, 0, 1)
    later = [enrollment_transmission_row(1, sent_on="2026-01-03")]
    assert counts(imported("enrollment-transmissions", tmp_path, later)) == (0, 1, 0)


def test_an_unknown_enrollment_or_a_repeated_line_is_refused(tmp_path):
    EnrollmentFactory(enrollment_id="EL0000001")
    rows = [
        enrollment_transmission_row(1),
        enrollment_transmission_row(1),
        enrollment_transmission_row(5),
    ]
    result = imported("enrollment-transmissions", tmp_path, rows)
    assert problems(result) == [(3, "batch_id"), (4, "enrollment_id")]
