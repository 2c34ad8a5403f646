"""Reading written workbooks back the two ways intake and people will: calamine and openpyxl."""

import zipfile
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook


def calamine_rows(path: Path, sheet: str) -> list[list]:
    with CalamineWorkbook.from_path(str(path)) as book:
        return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def openpyxl_book(path: Path):
    return openpyxl.load_workbook(path)


def package_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def package_rewrite(path: Path, member: str, old: bytes, new: bytes) -> None:
    """Replace bytes inside one part of the package, as a hand edit would."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert old in parts[member]
    parts[member] = parts[member].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
