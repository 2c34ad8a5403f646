import pytest

from aordesk.intake.issues import Issue
from aordesk.reconciliation.compare import roster_index
from aordesk.reconciliation.gate import roster_gate
from aordesk.reconciliation.roster import RosterRow
from aordesk.reconciliation.roster_csv import csv_roster
from aordesk.reconciliation.roster_x12 import x12_roster
from tests.reconciliation.rosters import write_834, write_csv


def _codes(items):
    return [i.code for i in items if isinstance(i, Issue)]


def test_a_csv_roster_is_read_with_its_optional_columns(tmp_path):
    path = write_csv(
        tmp_path / "r.csv", [["E1", "00123", "Jane Doe", "1980-01-01", "01/01/2026", "M9"]]
    )
    [row] = list(csv_roster(path))
    assert row == RosterRow(
        number=2,
        enrollment_id="E1",
        npn="123",
        member_name="Jane Doe",
        date_of_birth=row.date_of_birth,
        effective_on=row.effective_on,
        carrier_member_id="M9",
    )
    assert row.date_of_birth.isoformat() == "1980-01-01"
    assert row.effective_on.isoformat() == "2026-01-01"


def test_a_roster_with_only_the_two_required_columns_is_read(tmp_path):
    path = write_csv(tmp_path / "r.csv", [["E1", "55"]], header=["enrollment id", "Broker NPN"])
    assert [r.npn for r in csv_roster(path)] == ["55"]


def test_a_roster_without_the_npn_column_is_refused_with_the_missing_column_named(tmp_path):
    path = write_csv(tmp_path / "r.csv", [["E1"]], header=["Enrollment ID"])
    [issue] = list(csv_roster(path))
    assert issue.code == "ROSTER_MISSING_COLUMN" and "NPN" in issue.message


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        (['=HYPERLINK("http://x")', "1"], "ROSTER_FORMULA"),
        (["E1", "@SUM(A1)"], "ROSTER_FORMULA"),
        (["E1", "12a"], "ROSTER_BAD_NPN"),
        (["E1", "12345678901"], "ROSTER_BAD_NPN"),
        (["E1", ""], "ROSTER_BAD_NPN"),
        (["", "1"], "ROSTER_NO_ENROLLMENT_ID"),
        (["E1; DROP TABLE", "1"], "ROSTER_BAD_ENROLLMENT_ID"),
        (["E1\x00", "1"], "ROSTER_CONTROL_CHARACTER"),
        (["E1", "1", "x" * 300], "ROSTER_CELL_TOO_LONG"),
        (["E1", "1", "Jane", "31/31/1980"], "ROSTER_BAD_DATE"),
    ],
)
def test_hostile_cells_are_refused_with_a_specific_issue(tmp_path, cells, code):
    path = write_csv(tmp_path / "r.csv", [cells])
    assert code in _codes(csv_roster(path))


def test_an_enrollment_on_two_rows_is_refused_naming_the_first_row(tmp_path):
    path = write_csv(tmp_path / "r.csv", [["E1", "1"], ["E2", "2"], ["E1", "3"]])
    _index, issues = roster_index(csv_roster(path))
    [issue] = issues.shown
    assert (
        issue.code == "ROSTER_DUPLICATE_ENROLLMENT" and issue.row == 4 and "row 2" in issue.message
    )


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("r.csv", b"", "GATE_EMPTY"),
        ("r.csv", b"%PDF-1.7 roster", "GATE_NOT_XLSX"),
        ("r.csv", b"<html><body>roster</body></html>", "GATE_NOT_XLSX"),
        ("r.x12", b"Enrollment ID,NPN\nE1,1\n", "ROSTER_X12_NO_ISA"),
        ("r.exe", b"MZ\x00\x00", "GATE_FILE_TYPE"),
    ],
)
def test_the_gate_refuses_what_is_not_a_roster(tmp_path, name, content, code):
    path = tmp_path / "upload"
    path.write_bytes(content)
    gate = roster_gate(path, original_name=name)
    assert gate.kind == "" and [i.code for i in gate.issues] == [code]


def test_the_gate_takes_a_csv_and_an_834(tmp_path):
    csv_path = write_csv(tmp_path / "r.csv", [["E1", "1"]])
    x12_path = write_834(tmp_path / "r.x12", {"1": [("E1", "DOE", "JANE")]})
    assert roster_gate(csv_path, original_name="r.csv").kind == "csv"
    assert roster_gate(x12_path, original_name="r.x12").kind == "x12"


def test_an_834_audit_file_gives_each_member_the_npn_of_its_broker_loop(tmp_path):
    path = write_834(
        tmp_path / "r.x12",
        {"111": [("E1", "DOE", "JANE"), ("E2", "ROE", "RAY")], "222": [("E3", "POE", "AL")]},
    )
    rows = list(x12_roster(path))
    assert [(r.enrollment_id, r.npn, r.member_name) for r in rows] == [
        ("E1", "111", "JANE DOE"),
        ("E2", "111", "RAY ROE"),
        ("E3", "222", "AL POE"),
    ]
    assert rows[0].carrier_member_id == "CM10000"
    assert rows[0].date_of_birth.isoformat() == "1980-01-01"


def test_an_834_change_file_is_refused_as_not_an_audit_file(tmp_path):
    path = write_834(tmp_path / "r.x12", {"111": [("E1", "DOE", "JANE")]}, bgn08="2")
    assert "ROSTER_X12_NOT_AUDIT" in _codes(x12_roster(path))


def test_a_broken_834_is_refused_whole(tmp_path):
    path = tmp_path / "r.x12"
    path.write_text("ISA*00*broken~GS*BE~", encoding="ascii")
    codes = _codes(x12_roster(path))
    assert codes and all(c.startswith("ROSTER_") for c in codes)
