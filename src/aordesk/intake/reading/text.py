"""Cleaning text cells and spotting names that mix writing systems. Pure."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from aordesk.core.scripts import mixes_scripts, scripts_of

# Zero-width characters and the word joiner: invisible, so never meaningful in a name.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Bidirectional controls: U+202E (right-to-left override) can make "Smith" display as
# another name, so their presence is reported as well as removed.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_STRIP = str.maketrans("", "", _INVISIBLE + _BIDI)


@dataclass(frozen=True)
class CleanText:
    text: str
    had_bidi: bool = False
    had_invisible: bool = False


def text_clean(value: object) -> CleanText:
    """NFC, invisible and bidi controls removed, control characters as spaces, trimmed."""
    if value is None:
        return CleanText("")
    text = _as_text(value)
    if text.isascii() and not _CONTROL.search(text):
        # The common case, and nothing to strip: every character removed below is non-ASCII.
        return CleanText(_SPACES.sub(" ", text).strip())
    normal = unicodedata.normalize("NFC", text)
    had_bidi = any(char in _BIDI for char in normal)
    stripped = normal.translate(_STRIP)
    had_invisible = len(stripped) != len(normal) and not had_bidi
    spaced = _CONTROL.sub(" ", stripped)
    had_invisible = had_invisible or spaced != stripped
    return CleanText(_SPACES.sub(" ", spaced).strip(), had_bidi, had_invisible)


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


__all__ = ["CleanText", "mixes_scripts", "scripts_of", "text_clean"]
