import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aordesk.households.models import Household
from tests.loaders.factories import household_row
from tests.loaders.files import write

pytestmark = pytest.mark.django_db


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def test_json_output_gives_the_counts_and_no_errors(tmp_path):
    path = write(tmp_path, [household_row(1), household_row(2)])
    out, _, error = _run("households", path, "--json")
    assert error is None
    assert json.loads(out) == {
        "kind": "households",
        "file": str(path),
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
    }


def test_json_output_lists_each_problem_and_the_command_fails(tmp_path):
    path = write(tmp_path, [household_row(1, application_method="fax")])
    out, _, error = _run("households", path, "--json")
    assert error is not None and error.returncode == 1
    assert json.loads(out)["errors"] == [
        {"row": 2, "column": "application_method", "message": "must be one of: online, paper"}
    ]
    assert not Household.objects.exists()


def test_the_human_summary_is_one_line(tmp_path):
    path = write(tmp_path, [household_row(1)], fmt="xlsx")
    out, _, error = _run("households", path)
    assert error is None
    assert out.strip() == "households: 1 created, 0 updated, 0 unchanged"


def test_a_rejected_file_lists_its_problems_on_stderr(tmp_path):
    path = write(tmp_path, [household_row(1, zip_code="ABCDE")])
    _, err, error = _run("households", path)
    assert "row 2, zip_code: must be a ZIP code" in err
    assert "nothing was written" in str(error)


def test_a_csv_file_with_a_byte_order_mark_imports(tmp_path):
    path = write(tmp_path, [household_row(1)], bom=True)
    _, _, error = _run("households", path)
    assert error is None
    assert Household.objects.filter(case_number="40000001").exists()


def test_an_unknown_kind_fails_with_the_list_of_kinds(tmp_path):
    out, _, error = _run("people", tmp_path / "x.csv", "--json")
    assert error is not None
    assert "unknown kind 'people'" in json.loads(out)["errors"][0]["message"]


def test_a_missing_file_fails_plainly(tmp_path):
    _, err, error = _run("households", tmp_path / "nope.csv")
    assert error is not None
    assert "file not found" in err
