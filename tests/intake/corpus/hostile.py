"""Files the gate must refuse, each built from a sound workbook or from nothing."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path
from typing import Any

import msoffcrypto

from tests.intake.corpus.workbooks import consumer, xlsx_write

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    b'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    b'uniqueCount="1"><si><t>&xxe;</t></si></sst>'
)


def sound(path: Path) -> Path:
    return xlsx_write(path, [consumer(1), consumer(2)])


def package_rewrite(
    source: Path,
    target: Path,
    *,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name, data in add.items():
            new.writestr(name, data)
    return target


def zip_bomb(path: Path) -> Path:
    """A small file whose sheet unpacks to 60 MB of one repeated row."""
    base = sound(path.with_name("bomb-base.xlsx"))
    with zipfile.ZipFile(base) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                new.writestr(info.filename, old.read(info.filename))
        with new.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            row = b"<row><c><v>1</v></c></row>" * 40_000
            for _ in range(60):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    return path


def many_members(path: Path, count: int = 5000) -> Path:
    base = sound(path.with_name("members-base.xlsx"))
    return package_rewrite(base, path, add={f"xl/media/pad{i}.bin": b"" for i in range(count)})


def lying_size(path: Path) -> Path:
    """The sheet says it unpacks to 100 bytes, in both headers; it unpacks to more."""
    sound(path)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_length] == name:
            struct.pack_into("<I", data, local + 22, 100)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == name:
            struct.pack_into("<I", data, central + 24, 100)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def xml_attack(path: Path, payload: bytes) -> Path:
    base = sound(path.with_name("xml-base.xlsx"))
    return package_rewrite(base, path, replace={"xl/sharedStrings.xml": payload})


def with_macros(path: Path) -> Path:
    vba = path.with_name("vbaProject.bin")
    vba.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)

    def extra(workbook: Any, _sheet: Any) -> None:
        workbook.add_vba_project(str(vba))

    return xlsx_write(path, [consumer(1)], extra=extra)


def encrypted(path: Path) -> Path:
    plain = sound(path.with_name("plain.xlsx"))
    with plain.open("rb") as source, path.open("wb") as target:
        msoffcrypto.OfficeFile(source).encrypt("Synthetic-pass-1", target)
    return path


def legacy_xls(path: Path) -> Path:
    """A minimal OLE compound file with a 4 KB 'Workbook' stream, as Excel 97-2003 writes."""
    path.write_bytes(cfb_build({"Workbook": b"\x09\x08" + b"\x00" * 4094}))
    return path


def cfb_build(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file; each stream at least 4096 bytes (no mini stream)."""
    sector = 512
    end, free, fat_mark, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_mark, end]  # sector 0: the FAT, sector 1: the directory
    directory = [_dir_entry("Root Entry", 5, child=1, start=end, size=0)]
    body = b""
    for index, (name, data) in enumerate(streams.items()):
        assert len(data) >= 4096 and len(data) % sector == 0
        start = len(fat)
        count = len(data) // sector
        fat += [start + i + 1 for i in range(count - 1)] + [end]
        right = index + 2 if index + 1 < len(streams) else none
        directory.append(_dir_entry(name, 2, child=none, start=start, size=len(data), right=right))
        body += data
    fat += [free] * (128 - len(fat))
    while len(directory) % 4:
        directory.append(b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0) + b"\xff" * 12 + b"\x00" * 48)
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
    header += struct.pack("<IIIIIIII", 0, 1, 1, 0, 4096, end, 0, end)
    # No DIFAT sectors; the header's own DIFAT names sector 0 as the one FAT sector.
    header += struct.pack("<II", 0, 0) + struct.pack("<I", free) * 108
    return header + struct.pack("<128I", *fat) + b"".join(directory) + body


def _dir_entry(
    name: str, kind: int, *, child: int, start: int, size: int, right: int = 0xFFFFFFFF
) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    entry = encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
    entry += struct.pack("<III", 0xFFFFFFFF, right, child) + b"\x00" * 16 + b"\x00" * 4
    entry += b"\x00" * 16 + struct.pack("<IQ", start, size)
    return entry


def truncated(path: Path) -> Path:
    data = sound(path.with_name("whole.xlsx")).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def bytes_file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def html_page(path: Path) -> Path:
    return bytes_file(path, b"<!DOCTYPE html><html><body><table><tr><td>First</td></tr></table>")


def pdf(path: Path) -> Path:
    return bytes_file(path, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n")


def csv_text(path: Path) -> Path:
    return bytes_file(path, b"First Name,Last Name,DOB\nTestfirst,Testlast,01/02/1980\n")


def docx_like(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        package.writestr("word/document.xml", "<document/>")
    return bytes_file(path, buffer.getvalue())


def future_zip_version(path: Path) -> Path:
    """The central directory says a zip version newer than any reader knows."""
    sound(path)
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 6, 0xFF)
    path.write_bytes(bytes(data))
    return path
