"""Reading a CSV that passed the gate into rows of cells. Pure.

Excel on Windows saves "CSV" in the Windows code page and "CSV UTF-8" with a byte order
mark, "Unicode Text" in UTF-16 with one: a UTF-16 mark is honoured, then UTF-8 is tried and
Windows-1252 is the fallback, never a guess between more."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from aordesk.intake.reading.rows import Cell, RawRow

# A cell Excel would evaluate if the broker opened the CSV: kept as formula text.
FORMULA_START = "="


def csv_encoding(path: Path) -> str:
    with path.open("rb") as handle:
        if handle.read(2) in (b"\xff\xfe", b"\xfe\xff"):
            return "utf-16"
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            for _chunk in iter(lambda: handle.read(1 << 20), ""):
                pass
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def csv_rows(path: Path) -> Iterator[RawRow]:
    encoding = csv_encoding(path)
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        sample = handle.read(64 * 1024)
        handle.seek(0)
        reader = csv.reader(handle, dialect=_dialect(sample))
        for number, values in enumerate(reader, start=1):
            cells = {
                index: _cell(value) for index, value in enumerate(values) if value.strip() != ""
            }
            if cells:
                yield RawRow(number=number, cells=cells)


DELIMITERS = ",;\t|"


def _dialect(sample: str) -> type[csv.Dialect]:
    """Excel's CSV dialect with the delimiter its header line uses most.

    csv.Sniffer's regular expressions backtrack: a crafted 64 KB header (`,"` repeated)
    held it for 24 seconds. One pass over the header line, outside quotes, is linear."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in sample:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            break
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return type("Detected", (csv.excel,), {"delimiter": best if counts[best] else ","})


def _cell(value: str) -> Cell:
    if value.lstrip().startswith(FORMULA_START) and len(value.strip()) > 1:
        return Cell(value, value.strip())
    return Cell(value, None)
