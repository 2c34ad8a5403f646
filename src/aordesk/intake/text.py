"""Cleaning text cells and spotting names that mix writing systems. Pure."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Zero-width characters and the word joiner: invisible, so never meaningful in a name.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Bidirectional controls: U+202E (right-to-left override) can make "Smith" display as
# another name, so their presence is reported as well as removed.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_STRIP = str.maketrans("", "", _INVISIBLE + _BIDI)
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC")


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


def scripts_of(text: str) -> set[str]:
    """The writing systems of the letters: {'LATIN', 'CYRILLIC'} for 'Sm\u0456th' (Cyrillic i)"""
    if text.isascii():
        return {"LATIN"} if any(char.isalpha() for char in text) else set()
    found: set[str] = set()
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        script = name.split(" ", 1)[0]
        found.add(script if script in _SCRIPTS else "OTHER")
    return found


def mixes_scripts(text: str) -> bool:
    return len(scripts_of(text)) > 1
