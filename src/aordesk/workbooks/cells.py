"""The one way text and dates go into an outgoing workbook.

Every writer puts text through `write_text` and dates through `write_date`, so that no value
that came from a person (a name, a carrier, a comment) can become a formula, break the
package's XML, or be cut by Excel without our knowing."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

EXCEL_MAX_TEXT = 32_767  # Excel's limit, counted in UTF-16 code units
EXCEL_FIRST_DATE = dt.date(1900, 1, 1)
DATE_NUM_FORMAT = "mm/dd/yyyy"
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_LEAP_BUG_FROM = dt.date(1900, 3, 1)

# XML 1.0 holds tab, LF, CR and everything from U+0020 except surrogates, U+FFFE and U+FFFF.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# XlsxWriter takes a string shaped "<r>...</r>" for its own pre-rendered rich-text XML and
# writes it unescaped: a name of that shape would be lost or corrupt the file.
_RICH_PREFIX, _RICH_SUFFIX = "<r>", "</r>"
# Inside rich text XlsxWriter escapes "_xHHHH_" twice; cutting before the "x" means no
# fragment holds a whole escape, so the text survives exactly.
_ESCAPE_CUT = re.compile(r"_(?=x[0-9a-fA-F]{4}_)")


def text_clean(value: str) -> str:
    """`value` as a cell can hold it: without XML-invalid characters, at most 32,767 units."""
    if not isinstance(value, str):
        # A number or date passed as text would be typed by Excel: refuse it loudly.
        raise TypeError(f"write_text takes str, not {type(value).__name__}")
    text = _XML_INVALID.sub("", value)
    if len(text) <= EXCEL_MAX_TEXT // 2:
        return text
    units = text.encode("utf-16-le")
    if len(units) <= EXCEL_MAX_TEXT * 2:
        return text
    # "ignore" drops half of a surrogate pair cut at the limit rather than a broken character.
    return units[: EXCEL_MAX_TEXT * 2].decode("utf-16-le", "ignore")


def write_text(worksheet: Any, row: int, col: int, value: str, fmt: Any = None) -> None:
    """Write `value` as a text cell, never as a formula, number or link."""
    text = text_clean(value)
    if text == "":
        _checked(worksheet.write_blank(row, col, None, fmt), row, col)
    elif text.startswith(_RICH_PREFIX) and text.endswith(_RICH_SUFFIX):
        fragments = _rich_fragments(text)
        extra = [fmt] if fmt is not None else []
        _checked(worksheet.write_rich_string(row, col, *fragments, *extra), row, col)
    else:
        _checked(worksheet.write_string(row, col, text, fmt), row, col)


def write_date(worksheet: Any, row: int, col: int, value: dt.date | None, fmt: Any) -> None:
    """Write a real Excel date; `fmt` carries DATE_NUM_FORMAT so it shows as MM/DD/YYYY."""
    if value is None:
        _checked(worksheet.write_blank(row, col, None, fmt), row, col)
        return
    if isinstance(value, dt.datetime):
        # A workbook shows days; a time of day (or a time zone) would only mislead.
        value = value.date()
    if value < EXCEL_FIRST_DATE:
        # Excel has no dates before 1900: keep the value readable as text instead of "####".
        write_text(worksheet, row, col, date_text(value), fmt)
        return
    # An Excel date is its serial number shown through a date format; a report repeats a
    # few dates thousands of times, so the serial is computed once per date.
    _checked(worksheet.write_number(row, col, excel_serial(value), fmt), row, col)


@functools.lru_cache(maxsize=2048)
def excel_serial(value: dt.date) -> int:
    """Excel's day number of `value` (1900 date system, from 1900-01-01): Excel counts a
    29 February 1900 that never was, so from March 1900 on every serial is one higher."""
    days = (value - _EXCEL_EPOCH).days
    return days if value >= _EXCEL_LEAP_BUG_FROM else days - 1


def date_text(value: dt.date) -> str:
    return f"{value.month:02d}/{value.day:02d}/{value.year:04d}"


def _rich_fragments(text: str) -> list[str]:
    # Three or more non-empty fragments: XlsxWriter refuses fewer, and Excel empty ones.
    pieces = ["<", "r"]
    rest = text[2:]
    start = 0
    for match in _ESCAPE_CUT.finditer(rest):
        pieces.append(rest[start : match.end()])
        start = match.end()
    pieces.append(rest[start:])
    return [piece for piece in pieces if piece]


def _checked(result: int, row: int, col: int) -> None:
    # XlsxWriter reports problems by return code; a dropped row must not pass silently.
    if result == -1:
        raise ValueError(f"cell ({row}, {col}) is outside an Excel worksheet")
    if result < -1:
        raise ValueError(f"XlsxWriter refused cell ({row}, {col}): code {result}")
