import dataclasses

import pytest
import xlsxwriter

from aordesk.workbooks.identity import (
    IDENTITY_SHEET,
    WorkbookIdentity,
    identity_canonical,
    identity_read,
    identity_sign,
    identity_verify,
    identity_write,
)
from aordesk.workbooks.report import report_write
from tests.workbooks.builders import KEY, identity, report_context
from tests.workbooks.readback import openpyxl_book, package_rewrite

EXAMPLE_MAC = "8c4fb36109a60c369ee3e65c1c4fe4b6fa1faaafeb0a9698d8850e45bdfca131"


def _report(path, **identity_fields):
    context = report_context(identity=identity(**identity_fields))
    report_write(path, context=context, rows=[], key=KEY)
    return path


def _workbook_with_identity_rows(path, rows):
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Visible")
    sheet = book.add_worksheet(IDENTITY_SHEET)
    for row, values in enumerate(rows):
        for col, value in enumerate(values):
            sheet.write(row, col, value)
    book.close()
    return path


def _valid_rows(**changes):
    ident = identity()
    rows = [("field", "value")]
    rows += [(f.name, str(getattr(ident, f.name))) for f in dataclasses.fields(ident)]
    rows.append(("mac", identity_sign(ident, key=KEY)))
    return [(name, changes.get(name, value)) for name, value in rows]


def test_a_written_identity_reads_back_and_verifies(tmp_path):
    path = _report(tmp_path / "r.xlsx", npn="0012345", version=3)
    read = identity_read(path)
    assert read is not None
    ident, mac = read
    assert ident == identity(npn="0012345", version=3)
    assert identity_verify(ident, mac, key=KEY)


def test_an_agency_identity_with_empty_broker_fields_round_trips(tmp_path):
    fields = dict(kind="agency_statement", npn="", agency_code="AG-7", month="")
    ident, mac = identity_read(_report(tmp_path / "r.xlsx", **fields))
    assert ident == identity(**fields)
    assert identity_verify(ident, mac, key=KEY)


def test_the_identity_sheet_is_very_hidden(tmp_path):
    book = openpyxl_book(_report(tmp_path / "r.xlsx"))
    assert book[IDENTITY_SHEET].sheet_state == "veryHidden"


@pytest.mark.parametrize(
    "change",
    [{"version": 2}, {"npn": "7654321"}, {"kind": "broker_statement"}, {"month": "2026-11"}],
)
def test_a_tampered_field_fails_verification(change):
    ident = identity()
    mac = identity_sign(ident, key=KEY)
    assert not identity_verify(dataclasses.replace(ident, **change), mac, key=KEY)


def test_a_value_edited_inside_the_file_fails_verification(tmp_path):
    path = _report(tmp_path / "r.xlsx", npn="1234567")
    package_rewrite(path, "xl/worksheets/sheet5.xml", b">1234567<", b">7654321<")
    ident, mac = identity_read(path)
    assert ident.npn == "7654321"
    assert not identity_verify(ident, mac, key=KEY)


def test_a_different_key_fails_verification():
    ident = identity()
    assert not identity_verify(ident, identity_sign(ident, key=KEY), key=b"another-key")


@pytest.mark.parametrize("mac", ["", "zz", "é" * 64, "0" * 64])
def test_a_malformed_mac_fails_verification_without_raising(mac):
    assert not identity_verify(identity(), mac, key=KEY)


def test_signing_without_a_key_is_refused():
    with pytest.raises(ValueError):
        identity_sign(identity(), key=b"")


def test_the_encoding_cannot_be_shifted_between_fields():
    a = identity(npn="12", agency_code="3")
    b = identity(npn="1", agency_code="23")
    assert identity_canonical(a) != identity_canonical(b)
    assert identity_sign(a, key=KEY) != identity_sign(b, key=KEY)


def test_the_canonical_encoding_matches_the_documented_example():
    ident = WorkbookIdentity(
        kind="aor_report",
        template_version="aor-report/1",
        document_id="6f1c2a4e-0000-4000-8000-000000000001",
        npn="1234567",
        agency_code="",
        month="2026-10",
        version=1,
    )
    assert identity_canonical(ident) == (
        b"aordesk-workbook-identity/1\n"
        b"kind=10:aor_report\n"
        b"template_version=12:aor-report/1\n"
        b"document_id=36:6f1c2a4e-0000-4000-8000-000000000001\n"
        b"npn=7:1234567\n"
        b"agency_code=0:\n"
        b"month=7:2026-10\n"
        b"version=1:1\n"
    )
    assert identity_sign(ident, key=b"example-key") == EXAMPLE_MAC


def test_a_workbook_without_an_identity_sheet_has_no_identity(tmp_path):
    book = xlsxwriter.Workbook(str(tmp_path / "plain.xlsx"))
    book.add_worksheet("Data").write_string(0, 0, "hello")
    book.close()
    assert identity_read(tmp_path / "plain.xlsx") is None


@pytest.mark.parametrize(
    "rows",
    [
        _valid_rows(mac="not-hex"),
        _valid_rows(version="0"),
        _valid_rows(version="1.0"),
        _valid_rows(kind="something_else"),
        _valid_rows(month="2026-13"),
        _valid_rows(field="key"),
        [row for row in _valid_rows() if row[0] != "mac"],
        [*_valid_rows(), ("npn", "1234567")],
        [*_valid_rows(), ("extra", "x")],
        [*_valid_rows(), *[("", "")] * 30, ("x", "y")],
        [("field", "value"), ("kind", 5)],
        [],
    ],
    ids=[
        "mac-not-hex",
        "version-zero",
        "version-float",
        "unknown-kind",
        "bad-month",
        "wrong-header",
        "no-mac",
        "duplicate-field",
        "unknown-field",
        "too-many-rows",
        "number-value",
        "empty-sheet",
    ],
)
def test_a_malformed_identity_sheet_reads_as_no_identity(tmp_path, rows):
    assert identity_read(_workbook_with_identity_rows(tmp_path / "m.xlsx", rows)) is None


def test_a_well_formed_hand_made_identity_sheet_reads_back(tmp_path):
    ident, mac = identity_read(_workbook_with_identity_rows(tmp_path / "m.xlsx", _valid_rows()))
    assert identity_verify(ident, mac, key=KEY)


@pytest.mark.parametrize("content", [b"", b"not a workbook", b"PK\x03\x04broken zip"])
def test_a_file_that_is_not_a_workbook_raises_a_clear_value_error(tmp_path, content):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="workbook"):
        identity_read(path)


def test_a_truncated_workbook_raises_a_clear_value_error(tmp_path):
    path = _report(tmp_path / "r.xlsx")
    path.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(ValueError, match="workbook"):
        identity_read(path)


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "report"},
        {"month": "10/2026"},
        {"version": 0},
        {"version": True},
        {"npn": "12\n34"},
        {"document_id": "x" * 201},
    ],
)
def test_an_identity_the_sheet_could_not_hold_exactly_is_refused(change):
    with pytest.raises(ValueError):
        identity(**change)


def test_the_identity_sheet_cannot_be_the_first_sheet(tmp_path):
    book = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"))
    with pytest.raises(ValueError, match="visible"):
        identity_write(book, identity(), key=KEY)
    book.add_worksheet("Visible")
    book.close()
