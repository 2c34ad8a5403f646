"""The zip package at the gate: counts, sizes, content types and every XML part. Pure.

Nothing here trusts a size the file declares: the end-of-central-directory record is read
before zipfile builds its member list, and each member is inflated by hand with an
output cap, so a local header that lies about its size is caught, not believed."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import defusedxml.ElementTree as DefusedET
from defusedxml import DefusedXmlException

from aordesk.intake.issues import Issue

if TYPE_CHECKING:
    from aordesk.intake.gate.file import GateLimits

CHUNK = 256 * 1024
EOCD = b"PK\x05\x06"
XML_SUFFIXES = (".xml", ".rels", ".vml")
DAMAGED = "The file is damaged or incomplete. Save it again in Excel and send the new file."
BOMB = (
    "The file unpacks to far more data than a spreadsheet of consumers needs, so it was not "
    "opened. Copy the rows into the workbook we sent you and send that."
)
DUPLICATE = (
    "The file names one of its parts twice, so what we would read need not be what Excel "
    "shows. Save it again in Excel and send the new file."
)
DRIVE = re.compile(r"^[A-Za-z]:")
# (code, message, markers in a content type or a part name) in the order they are tested.
FORBIDDEN = (
    (
        "GATE_MACROS",
        "The workbook contains macros. Save it as 'Excel Workbook (.xlsx)', which removes "
        "them, and send it again.",
        ("vbaproject", "macroenabled", "macrosheet", "dialogsheet"),
    ),
    (
        "GATE_EXTERNAL_LINKS",
        "The workbook links to other files. Copy the cells and paste them as values, "
        "remove the links (Data > Edit Links > Break Link) and send it again.",
        ("externallink",),
    ),
    (
        "GATE_EMBEDDED",
        "The workbook has other files or objects embedded in it. Remove them and send it again.",
        ("oleobject", "embeddings/", "/package"),
    ),
    (
        "GATE_ACTIVEX",
        "The workbook contains ActiveX controls. Remove them and send it again.",
        ("activex",),
    ),
)
SHEET_MAIN = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
)


class PartError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.issue = Issue(code=code, message=message)


def zip_issues(path: Path, limits: GateLimits) -> list[Issue]:
    try:
        _check_member_count(path, limits)
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
        _check_declared_sizes(infos, limits)
        with path.open("rb") as handle:
            _check_content_types(handle, infos)
            for info in infos:
                _check_part(handle, info)
    except PartError as error:
        return [error.issue]
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, struct.error, NotImplementedError):
        # NotImplementedError: zipfile's answer to a version or feature it does not know.
        return [Issue(code="GATE_DAMAGED", message=DAMAGED)]
    return []


def _check_member_count(path: Path, limits: GateLimits) -> None:
    """Read the count from the end record, before zipfile reads every entry into memory."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - 65_557))
        tail = handle.read()
    at = tail.rfind(EOCD)
    if at < 0 or len(tail) < at + 22:
        raise PartError("GATE_DAMAGED", DAMAGED)
    (count,) = struct.unpack("<H", tail[at + 10 : at + 12])
    # 0xFFFF means a zip64 count follows: no real workbook under the size limit needs it.
    if count > limits.max_members or count == 0xFFFF:
        raise PartError(
            "GATE_ZIP_MEMBERS",
            f"The file has {count} parts inside; a workbook of consumers has a few dozen at "
            "most. Copy the rows into the workbook we sent you and send that.",
        )


def _check_names(infos: list[zipfile.ZipInfo]) -> None:
    """Each part named once, as a plain relative path. Readers disagree on a name given
    twice (zipfile takes the last copy, Excel need not), and OPC names ignore case."""
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        folded = name.casefold()
        if folded in seen:
            raise PartError("GATE_ZIP_DUPLICATE", DUPLICATE)
        seen.add(folded)
        parts = name.replace("\\", "/").split("/")
        if "\\" in name or name.startswith("/") or DRIVE.match(name) or ".." in parts:
            raise PartError("GATE_DAMAGED", DAMAGED)


def _check_declared_sizes(infos: list[zipfile.ZipInfo], limits: GateLimits) -> None:
    _check_names(infos)
    if sum(info.file_size for info in infos) > limits.max_uncompressed:
        raise PartError("GATE_ZIP_BOMB", BOMB)
    for info in infos:
        if info.flag_bits & 0x1:
            raise PartError(
                "GATE_ENCRYPTED",
                "This file is protected with a password. Remove the password and send it again.",
            )
        ratio_bound = limits.max_ratio * max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and info.file_size > ratio_bound:
            raise PartError("GATE_ZIP_BOMB", BOMB)


def _check_content_types(handle: BinaryIO, infos: list[zipfile.ZipInfo]) -> None:
    by_name = {info.filename: info for info in infos}
    info = by_name.get("[Content_Types].xml")
    if info is None or info.file_size > 1024 * 1024:
        raise PartError(
            "GATE_NOT_XLSX",
            "The file is not an Excel workbook. Send the .xlsx "
            "workbook we sent you, or a CSV file.",
        )
    xml = b"".join(inflate(handle, info))
    _refuse_doctype(xml.lower(), info)
    try:
        root = DefusedET.fromstring(xml)
    except (DefusedET.ParseError, DefusedXmlException):
        raise PartError("GATE_DAMAGED", DAMAGED) from None
    declared = [
        f"{element.get('ContentType', '')} {element.get('PartName', '')}".lower()
        for element in root
    ]
    texts = declared + [name.lower() for name in by_name]
    for code, message, markers in FORBIDDEN:
        if any(marker in text for text in texts for marker in markers):
            raise PartError(code, message)
    if not any(main in " ".join(declared) for main in SHEET_MAIN):
        raise PartError(
            "GATE_NOT_XLSX",
            "The file is an Office document but not an Excel "
            "workbook. Send the .xlsx workbook we sent you, or a CSV file.",
        )


def _check_part(handle: BinaryIO, info: zipfile.ZipInfo) -> None:
    is_xml = info.filename.lower().endswith(XML_SUFFIXES)
    carry = b""
    for index, chunk in enumerate(inflate(handle, info)):
        if not is_xml:
            continue
        if index == 0 and (chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4]):
            # Only UTF-8 XML is read, so a byte search for DOCTYPE below cannot be evaded.
            raise PartError("GATE_DAMAGED", DAMAGED)
        window = carry + chunk.lower()
        _refuse_doctype(window, info)
        carry = window[-16:]


def _refuse_doctype(lowered: bytes, info: zipfile.ZipInfo) -> None:
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise PartError(
            "GATE_DOCTYPE",
            "The workbook contains XML declarations Excel never writes (DOCTYPE or ENTITY), "
            "so it was not opened. Save it again in Excel and send the new file.",
        )


def inflate(handle: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes in chunks, never more than it declares: a lie raises PartError."""
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
        raise PartError("GATE_DAMAGED", DAMAGED)
    method, name_length, extra_length = (
        struct.unpack("<H", header[8:10])[0],
        *struct.unpack("<HH", header[26:30]),
    )
    if method != info.compress_type or method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise PartError("GATE_DAMAGED", DAMAGED)
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    chunks = _stored(handle, info) if method == zipfile.ZIP_STORED else _deflated(handle, info)
    crc, produced = 0, 0
    for chunk in chunks:
        produced += len(chunk)
        crc = zlib.crc32(chunk, crc)
        yield chunk
    if produced != info.file_size or crc != info.CRC:
        raise PartError("GATE_DAMAGED", DAMAGED)


def _stored(handle: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    if info.compress_size != info.file_size:
        raise PartError("GATE_ZIP_BOMB", BOMB)
    left = info.file_size
    while left:
        chunk = handle.read(min(CHUNK, left))
        if not chunk:
            raise PartError("GATE_DAMAGED", DAMAGED)
        left -= len(chunk)
        yield chunk


def _deflated(handle: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    # Read on past the declared compressed size if need be: the stream's own end is the
    # truth, and the output cap (declared size + 1) catches a header that understates it.
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    allowance = info.file_size + 1
    while not inflater.eof:
        data = inflater.unconsumed_tail or handle.read(CHUNK)
        if not data:
            raise PartError("GATE_DAMAGED", DAMAGED)
        chunk = inflater.decompress(data, max(allowance, 1))
        allowance -= len(chunk)
        if allowance <= 0:
            raise PartError("GATE_ZIP_BOMB", BOMB)
        yield chunk
