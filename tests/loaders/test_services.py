import pytest
from django.db import IntegrityError

from aordesk.core.audit import Actor
from aordesk.core.errors import ApplicationError
from aordesk.core.models import AuditEvent
from aordesk.households.models import Household
from aordesk.loaders import services
from aordesk.loaders.kinds.households import HouseholdLoader
from aordesk.loaders.services import import_run
from tests.carriers.factories import CarrierFactory
from tests.households.factories import HouseholdFactory
from tests.loaders.factories import enrollment_row, household_row
from tests.loaders.files import counts, csv_file, imported, problems, write

pytestmark = pytest.mark.django_db


def test_a_file_with_one_bad_row_writes_nothing(tmp_path):
    rows = [household_row(1), household_row(2, date_of_birth="02/01/1980"), household_row(3)]
    result = imported("households", tmp_path, rows)
    assert problems(result) == [(3, "date_of_birth")]
    assert not Household.objects.exists()


def test_every_bad_row_is_reported_in_row_order(tmp_path):
    rows = [household_row(1, state="Minnesota"), household_row(2), household_row(3, zip_code="5")]
    assert problems(imported("households", tmp_path, rows)) == [(2, "state"), (4, "zip_code")]


def test_a_repeated_key_is_found_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 2)
    rows = [household_row(n) for n in range(1, 6)] + [household_row(1)]
    result = imported("households", tmp_path, rows)
    assert problems(result) == [(7, "case_number")]
    assert "row 2" in result.errors[0].message


def test_a_file_written_in_several_chunks_counts_every_row(tmp_path, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 2)
    result = imported("households", tmp_path, [household_row(n) for n in range(1, 6)])
    assert counts(result) == (5, 0, 0)
    assert Household.objects.count() == 5


def test_a_successful_import_leaves_one_audit_event_with_counts_only(tmp_path):
    imported("households", tmp_path, [household_row(1), household_row(2)])
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.object_type) == (
        "import.households",
        "success",
        "loader_file",
    )
    assert event.detail == {"created": 2, "updated": 0, "unchanged": 0}
    assert len(event.object_id) == 64


def test_a_rejected_import_is_audited_as_a_failure_without_personal_data(tmp_path):
    imported("households", tmp_path, [household_row(1, date_of_birth="bad")])
    event = AuditEvent.objects.get()
    assert (event.outcome, event.detail) == ("failure", {"errors": 1})


def test_wrong_headers_are_reported_on_row_one_and_no_row_is_read(tmp_path):
    path = csv_file(tmp_path, ["case_number", "surname", "first_name"], [["1", "x", "y"]])
    result = import_run(kind="households", path=path, actor=Actor.cli())
    assert problems(result) == [(1, "surname"), (1, "")]
    assert "last_name, date_of_birth" in result.errors[1].message


def test_an_empty_file_is_rejected(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    result = import_run(kind="households", path=path, actor=Actor.cli())
    assert [i.message for i in result.errors] == [
        "the file is empty: row 1 must hold the column headers"
    ]


def test_an_xlsx_sheet_whose_header_is_not_on_row_one_is_rejected(tmp_path):
    import xlsxwriter

    path = tmp_path / "late.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet().write_row(2, 0, list(household_row()))
    workbook.close()
    result = import_run(kind="households", path=path, actor=Actor.cli())
    assert problems(result) == [(1, "")]


def test_an_unknown_kind_is_refused_by_name(tmp_path):
    with pytest.raises(ApplicationError, match="unknown kind 'people'; choose one of: carriers"):
        import_run(kind="people", path=tmp_path / "x.csv", actor=Actor.cli())


def test_a_missing_file_is_refused_plainly(tmp_path):
    with pytest.raises(ApplicationError, match="file not found"):
        import_run(kind="households", path=tmp_path / "nope.csv", actor=Actor.cli())


def test_only_the_first_ten_thousand_problems_are_listed(tmp_path, monkeypatch):
    monkeypatch.setattr(services, "MAX_ISSUES", 2)
    rows = [household_row(n, application_method="fax") for n in range(1, 6)]
    result = imported("households", tmp_path, rows)
    assert problems(result) == [(2, "application_method"), (3, "application_method"), (None, "")]
    assert result.errors[-1].message == "3 more problem(s) not listed"


def test_a_file_changed_during_the_import_writes_nothing(tmp_path, monkeypatch):
    path = write(tmp_path, [household_row(1)])
    original = HouseholdLoader.write

    def write_then_edit(self, rows, phase):
        original(self, rows, phase)
        path.write_text(path.read_text() + "\n")

    monkeypatch.setattr(HouseholdLoader, "write", write_then_edit)
    with pytest.raises(ApplicationError, match="the file changed"):
        import_run(kind="households", path=path, actor=Actor.cli())
    assert not Household.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_database_conflict_mid_import_writes_nothing(tmp_path, monkeypatch):
    path = write(tmp_path, [household_row(1), household_row(2)])
    original = HouseholdLoader.write

    def write_then_conflict(self, rows, phase):
        original(self, rows, phase)
        raise IntegrityError("someone else wrote the same case number")

    monkeypatch.setattr(HouseholdLoader, "write", write_then_conflict)
    with pytest.raises(ApplicationError, match="data changed during the import"):
        import_run(kind="households", path=path, actor=Actor.cli())
    assert not Household.objects.exists()


def test_a_file_with_only_a_header_writes_nothing_and_succeeds(tmp_path):
    path = csv_file(tmp_path, list(household_row()), [])
    result = import_run(kind="households", path=path, actor=Actor.cli())
    assert (counts(result), result.errors) == ((0, 0, 0), [])


def test_a_file_costs_a_few_queries_per_chunk_not_one_per_row(
    tmp_path, django_assert_max_num_queries
):
    CarrierFactory(code="CR001")
    HouseholdFactory.create_batch(60)
    rows = [
        enrollment_row(n, case_number=case)
        for n, case in enumerate(Household.objects.values_list("case_number", flat=True))
    ]
    path = write(tmp_path, rows)
    with django_assert_max_num_queries(12):
        result = import_run(kind="enrollments", path=path, actor=Actor.cli())
    assert counts(result) == (60, 0, 0)
