import datetime as dt

import pytest

from aordesk.households.models import Household
from tests.loaders.factories import household_row
from tests.loaders.files import counts, imported, problems

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_households_file_creates_households(tmp_path, fmt):
    result = imported("households", tmp_path, [household_row(1), household_row(2)], fmt=fmt)
    assert (counts(result), result.errors) == ((2, 0, 0), [])
    household = Household.objects.get(case_number="40000001")
    assert (household.date_of_birth, household.zip_code) == (dt.date(1975, 6, 15), "56601")


def test_a_case_number_typed_as_an_excel_number_keeps_its_digits(tmp_path):
    imported("households", tmp_path, [household_row(1, case_number=40000009)], fmt="xlsx")
    assert Household.objects.filter(case_number="40000009").exists()


def test_reimporting_households_updates_only_what_changed(tmp_path):
    imported("households", tmp_path, [household_row(1), household_row(2)])
    result = imported("households", tmp_path, [household_row(1, city="Ely"), household_row(2)])
    assert counts(result) == (0, 1, 1)
    assert Household.objects.get(case_number="40000001").city == "Ely"


def test_a_blank_state_means_minnesota(tmp_path):
    imported("households", tmp_path, [household_row(1, state="")])
    assert Household.objects.get().state == "MN"


def test_a_paper_or_online_method_is_required(tmp_path):
    result = imported("households", tmp_path, [household_row(1, application_method="fax")])
    assert problems(result) == [(2, "application_method")]


def test_a_birth_date_after_the_application_is_refused(tmp_path):
    row = household_row(1, date_of_birth=dt.date(2026, 1, 1))
    assert problems(imported("households", tmp_path, [row])) == [(2, "date_of_birth")]


def test_a_dob_over_120_years_ago_is_refused_with_the_words_intake_uses(tmp_path):
    """One rule for a valid DOB (core/dob.py): the loader refuses what intake refuses."""
    from aordesk.core.dates import business_today
    from aordesk.core.dob import dob_problem

    old = dt.date(1903, 5, 1)
    result = imported("households", tmp_path, [household_row(1, date_of_birth=old)])
    assert problems(result) == [(2, "date_of_birth")]
    (issue,) = result.errors
    assert dob_problem(old, today=business_today()) in issue.message
    assert "MM/DD/YYYY" not in issue.message


def test_an_imported_household_gets_its_name_blocking_keys(tmp_path):
    imported("households", tmp_path, [household_row(1, last_name="García-López")])
    household = Household.objects.get()
    assert household.last_name_key == "garcialopez"
    assert household.name_sound_key.endswith(" " + household.first_name[0].lower())
