"""The gate refuses every hostile or unreadable file with its own code, before parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from aordesk.intake.gate.file import GateLimits, gate_check
from tests.intake.corpus import hostile
from tests.intake.corpus.workbooks import consumer, csv_write, xlsx_write

SHOULD_FAIL = [
    ("zip bomb", hostile.zip_bomb, "bomb.xlsx", "GATE_ZIP_BOMB"),
    ("many members", hostile.many_members, "members.xlsx", "GATE_ZIP_MEMBERS"),
    ("lying size header", hostile.lying_size, "lying.xlsx", "GATE_ZIP_BOMB"),
    (
        "billion laughs",
        lambda p: hostile.xml_attack(p, hostile.BILLION_LAUGHS),
        "laughs.xlsx",
        "GATE_DOCTYPE",
    ),
    (
        "external entity",
        lambda p: hostile.xml_attack(p, hostile.EXTERNAL_ENTITY),
        "xxe.xlsx",
        "GATE_DOCTYPE",
    ),
    ("xlsm with macros", hostile.with_macros, "macros.xlsm", "GATE_MACROS"),
    ("macros renamed to xlsx", hostile.with_macros, "macros.xlsx", "GATE_MACROS"),
    ("password protected", hostile.encrypted, "locked.xlsx", "GATE_ENCRYPTED"),
    ("legacy xls", hostile.legacy_xls, "old.xls", "GATE_LEGACY_XLS"),
    ("legacy xls renamed", hostile.legacy_xls, "old.xlsx", "GATE_LEGACY_XLS"),
    ("csv renamed to xlsx", hostile.csv_text, "csv.xlsx", "GATE_NOT_XLSX"),
    ("html renamed to xlsx", hostile.html_page, "page.xlsx", "GATE_NOT_XLSX"),
    ("pdf renamed to xlsx", hostile.pdf, "doc.xlsx", "GATE_NOT_XLSX"),
    ("word document renamed", hostile.docx_like, "letter.xlsx", "GATE_NOT_XLSX"),
    ("empty file", lambda p: hostile.bytes_file(p, b""), "empty.xlsx", "GATE_EMPTY"),
    ("truncated zip", hostile.truncated, "cut.xlsx", "GATE_DAMAGED"),
    ("zip from a future version", hostile.future_zip_version, "future.xlsx", "GATE_DAMAGED"),
    ("xlsx named csv", hostile.sound, "book.csv", "GATE_FILE_TYPE"),
    ("pdf named pdf", hostile.pdf, "scan.pdf", "GATE_FILE_TYPE"),
    ("html named csv", hostile.html_page, "page.csv", "GATE_NOT_XLSX"),
]


@pytest.mark.parametrize(
    ("builder", "name", "code"),
    [case[1:] for case in SHOULD_FAIL],
    ids=[case[0] for case in SHOULD_FAIL],
)
def test_a_hostile_or_unreadable_file_is_refused_with_its_code(tmp_path, builder, name, code):
    path = builder(tmp_path / name)

    result = gate_check(path, original_name=name)

    assert not result.passed
    assert [issue.code for issue in result.issues] == [code]
    assert result.issues[0].message


def test_a_password_protected_file_is_told_to_remove_the_password(tmp_path):
    path = hostile.encrypted(tmp_path / "locked.xlsx")

    (issue,) = gate_check(path, original_name="locked.xlsx").issues

    assert issue.message == (
        "This file is protected with a password. Remove the password and send it again."
    )


def test_a_legacy_xls_is_told_to_save_as_xlsx(tmp_path):
    path = hostile.legacy_xls(tmp_path / "old.xls")

    (issue,) = gate_check(path, original_name="old.xls").issues

    assert "Excel Workbook (.xlsx)" in issue.message


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(tmp_path):
    path = hostile.sound(tmp_path / "book.xlsx")

    result = gate_check(path, original_name="book.xlsx", limits=GateLimits(max_bytes=100))

    assert [issue.code for issue in result.issues] == ["GATE_TOO_LARGE"]


def test_a_package_declaring_more_than_the_total_limit_is_a_zip_bomb(tmp_path):
    path = hostile.sound(tmp_path / "book.xlsx")

    result = gate_check(path, original_name="book.xlsx", limits=GateLimits(max_uncompressed=1000))

    assert [issue.code for issue in result.issues] == ["GATE_ZIP_BOMB"]


def test_a_sound_workbook_passes_as_xlsx(tmp_path):
    path = xlsx_write(tmp_path / "book.xlsx", [consumer(1)])

    result = gate_check(path, original_name="Book.XLSX")

    assert result.passed and result.kind == "xlsx"


def test_a_sound_csv_passes_as_csv(tmp_path):
    path = csv_write(tmp_path / "list.csv", "First Name,Last Name\nTestfirst,Testlast\n")

    result = gate_check(path, original_name="list.csv")

    assert result.passed and result.kind == "csv"


def test_a_csv_with_nul_bytes_is_refused_as_binary(tmp_path):
    path = csv_write(tmp_path / "list.csv", "First Name,Last Name\nTest\x00first,Testlast\n")

    result = gate_check(path, original_name="list.csv")

    assert [issue.code for issue in result.issues] == ["GATE_NOT_XLSX"]


def test_the_zip_bomb_is_small_on_disk_but_refused(tmp_path):
    path = hostile.zip_bomb(tmp_path / "bomb.xlsx")

    assert path.stat().st_size < 1024 * 1024
    assert gate_check(path, original_name="bomb.xlsx").issues[0].code == "GATE_ZIP_BOMB"


def test_every_gate_code_is_documented():
    doc = (Path(__file__).parents[2] / "docs" / "formats" / "intake.md").read_text()
    for _name, _builder, _file, code in SHOULD_FAIL:
        assert code in doc


def _repacked(path: Path, extra: list[tuple[str, bytes]]) -> Path:
    """A sound workbook with `extra` members appended (zipfile allows duplicate names)."""
    import warnings
    import zipfile

    sound = hostile.sound(path.with_name("sound-" + path.name))
    with zipfile.ZipFile(sound) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename), zipfile.ZIP_DEFLATED)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Duplicate name": the point of the test
            for name, data in extra:
                target.writestr(name, data, zipfile.ZIP_DEFLATED)
    return path


def _content_types(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(hostile.sound(path.with_name("ct-" + path.name))) as source:
        return source.read("[Content_Types].xml")


@pytest.mark.parametrize(
    "name", ["[Content_Types].xml", "xl/workbook.xml", "XL/Workbook.xml"], ids=str
)
def test_a_package_naming_a_part_twice_is_refused(tmp_path, name):
    path = _repacked(tmp_path / "twice.xlsx", [(name, _content_types(tmp_path / "x.xlsx"))])
    result = gate_check(path, original_name="twice.xlsx")
    assert [issue.code for issue in result.issues] == ["GATE_ZIP_DUPLICATE"]
    assert "twice" in result.issues[0].message


@pytest.mark.parametrize(
    "name", ["xl\\worksheets\\sheet9.xml", "C:evil.xml", "c:/evil.xml", "/etc/evil.xml"], ids=str
)
def test_a_member_name_with_a_backslash_drive_or_leading_slash_is_refused(tmp_path, name):
    path = _repacked(tmp_path / "names.xlsx", [(name, b"<x/>")])
    result = gate_check(path, original_name="names.xlsx")
    assert [issue.code for issue in result.issues] == ["GATE_DAMAGED"]
