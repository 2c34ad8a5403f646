import pytest

from aordesk.households.models import Enrollment
from tests.carriers.factories import CarrierFactory
from tests.households.factories import HouseholdFactory
from tests.loaders.factories import enrollment_row
from tests.loaders.files import counts, imported, problems

pytestmark = pytest.mark.django_db


def _world():
    CarrierFactory(code="CR001")
    CarrierFactory(code="DENT", kind="dental")
    for n in (1, 2):
        HouseholdFactory(case_number=str(40000000 + n))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_enrollments_file_links_households_and_carriers(tmp_path, fmt):
    _world()
    dental = enrollment_row(2, carrier_code="DENT", coverage_kind="dental", program="dental")
    result = imported("enrollments", tmp_path, [enrollment_row(1), dental], fmt=fmt)
    assert (counts(result), result.errors) == ((2, 0, 0), [])
    enrollment = Enrollment.objects.get(enrollment_id="EL0000001")
    assert (enrollment.household.case_number, enrollment.carrier.code) == ("40000001", "CR001")


def test_unknown_households_and_carriers_are_refused_by_column(tmp_path):
    _world()
    rows = [enrollment_row(1, case_number="99999999"), enrollment_row(2, carrier_code="ZZZ")]
    result = imported("enrollments", tmp_path, rows)
    assert problems(result) == [(2, "case_number"), (3, "carrier_code")]


def test_a_dental_program_on_medical_coverage_is_refused(tmp_path):
    _world()
    result = imported("enrollments", tmp_path, [enrollment_row(1, program="dental")])
    assert problems(result) == [(2, "program")]


def test_an_effective_date_outside_the_coverage_year_is_refused(tmp_path):
    _world()
    result = imported("enrollments", tmp_path, [enrollment_row(1, effective_on="2025-12-01")])
    assert problems(result) == [(2, "effective_on")]


def test_reimporting_enrollments_is_idempotent_and_updates_a_termination(tmp_path):
    _world()
    imported("enrollments", tmp_path, [enrollment_row(1), enrollment_row(2)])
    assert counts(imported("enrollments", tmp_path, [enrollment_row(1), enrollment_row(2)])) == (
        0,
        0,
        2,
    )
    ended = enrollment_row(1, status="terminated", end_on="2026-06-30")
    assert counts(imported("enrollments", tmp_path, [ended, enrollment_row(2)])) == (0, 1, 1)
    assert Enrollment.objects.get(enrollment_id="EL0000001").status == "terminated"
