"""Cell parsers for loader files. Pure: no Django.

A cell is whatever the reader gives: text from a CSV file, or str, int, float, bool, date or
datetime from an XLSX sheet. Each parser returns a clean value or raises FieldError with a
message a person can act on. Messages never repeat the cell's value: it may be personal data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

_DIGITS = re.compile(r"[0-9]+")
# Deliberately simple: one @, no spaces, a dot in the domain. The exchange's own systems
# produced these addresses; this only catches the obvious slips (a name in the email column).
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_TRUE = frozenset({"yes", "y", "true", "1"})
_FALSE = frozenset({"no", "n", "false", "0"})


class FieldError(ValueError):
    """A cell that cannot be read; the message says what to write instead."""


def is_blank(value: object) -> bool:
    # Called for every cell of a million-row file: the common cases first.
    if value is None or value == "":
        return True
    return isinstance(value, str) and not value.strip()


def as_text(value: object) -> str:
    """The cell as text. XLSX stores '30000001' typed in a number cell as 30000001.0."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise FieldError("is TRUE/FALSE, expected text")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.date):
        raise FieldError("is a date, expected text")
    return str(value).strip()


def parse_text(value: object, *, max_length: int) -> str:
    text = as_text(value)
    if len(text) > max_length:
        raise FieldError(f"is too long: at most {max_length} characters")
    return text


def parse_code(value: object, *, max_length: int) -> str:
    """An identifier: case number, enrollment id, carrier code. No spaces inside."""
    text = parse_text(value, max_length=max_length)
    if any(char.isspace() for char in text):
        raise FieldError("must not contain spaces")
    return text


def parse_npn(value: object) -> str:
    text = as_text(value)
    if not _DIGITS.fullmatch(text) or len(text) > 10:
        raise FieldError("an NPN is 1 to 10 digits (0-9), with no letters, spaces or dashes")
    return text


def parse_email(value: object) -> str:
    text = parse_text(value, max_length=254)
    if not _EMAIL.fullmatch(text):
        raise FieldError("is not an email address (expected name@domain.example)")
    return text


def parse_date(value: object) -> dt.date:
    """YYYY-MM-DD text, or a real date cell in XLSX."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise FieldError("is a date and time; expected a date only")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise FieldError("is a number, not a date: format the cell as a date or write YYYY-MM-DD")
    text = as_text(value)
    if len(text) != 10:
        raise FieldError("is not a date: write it as YYYY-MM-DD, e.g. 2026-01-31")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError("is not a date: write it as YYYY-MM-DD, e.g. 2026-01-31") from None


def parse_choice(value: object, *, choices: Sequence[str]) -> str:
    text = as_text(value).lower()
    if text not in choices:
        raise FieldError(f"must be one of: {', '.join(choices)}")
    return text


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = as_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise FieldError("must be yes or no")


def parse_year(value: object) -> int:
    text = as_text(value)
    if not _DIGITS.fullmatch(text) or not 2000 <= int(text) <= 2100:
        raise FieldError("must be a year between 2000 and 2100, e.g. 2026")
    return int(text)


def parse_list(value: object, *, max_length: int) -> tuple[str, ...]:
    """'BCBS | Blue Cross' -> ('BCBS', 'Blue Cross'): blanks dropped, order kept."""
    items = [item.strip() for item in as_text(value).split("|")]
    for item in items:
        if len(item) > max_length:
            raise FieldError(f"has an entry longer than {max_length} characters")
    return tuple(item for item in items if item)
