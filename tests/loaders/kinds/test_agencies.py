import pytest

from aordesk.brokers.models import Agency
from tests.loaders.factories import agency_row
from tests.loaders.files import counts, imported, problems

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_agencies_file_creates_agencies(tmp_path, fmt):
    result = imported("agencies", tmp_path, [agency_row(1), agency_row(2)], fmt=fmt)
    assert (counts(result), result.errors) == ((2, 0, 0), [])
    assert Agency.objects.get(code="AGL001").admin_email == "admin1@agency.example"


def test_a_changed_agency_is_updated_and_the_rest_left_alone(tmp_path):
    imported("agencies", tmp_path, [agency_row(1), agency_row(2)])
    result = imported("agencies", tmp_path, [agency_row(1, name="Renamed"), agency_row(2)])
    assert counts(result) == (0, 1, 1)
    assert Agency.objects.get(code="AGL001").name == "Renamed"


def test_only_code_and_name_are_required(tmp_path):
    row = agency_row(1, admin_name=None, admin_email=None, admin_phone=None)
    assert counts(imported("agencies", tmp_path, [row])) == (1, 0, 0)


def test_a_bad_admin_email_is_refused(tmp_path):
    result = imported("agencies", tmp_path, [agency_row(1, admin_email="admin at agency")])
    assert problems(result) == [(2, "admin_email")]
